"""Exercise: the consumers are terminated when the queue looks empty; stop them cleanly."""
import time
from multiprocessing import Process, Queue


def producer(queue, count):
    for number in range(1, count + 1):
        time.sleep(0.1)
        queue.put(number)


def consumer(name, queue):
    while True:
        number = queue.get()
        time.sleep(0.3)  # handling an item takes a while
        print(f'{name} consumed item {number}')


if __name__ == '__main__':
    queue = Queue()
    making = Process(target=producer, args=(queue, 6))
    eaters = [Process(target=consumer, args=(name, queue), name=name)
              for name in ('consumer A', 'consumer B')]
    for p in [making, *eaters]:
        p.start()
    making.join()
    while not queue.empty():  # empty, but an item may still be in hand
        time.sleep(0.05)
    for p in eaters:
        p.terminate()
        p.join()
        print(p.name, 'exit code', p.exitcode)
