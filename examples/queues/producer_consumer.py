"""A producer and two consumers share a JoinableQueue; join() waits for the work."""
import time
from multiprocessing import JoinableQueue, Process


def producer(queue, count):
    for number in range(1, count + 1):
        time.sleep(0.1)  # making an item takes a while
        print(f'produced item {number}')
        queue.put(number)


def consumer(name, queue):
    while True:
        number = queue.get()
        time.sleep(0.3)  # handling an item takes longer than making one
        print(f'{name} consumed item {number}')
        queue.task_done()  # one item fully handled


if __name__ == '__main__':
    queue = JoinableQueue()
    making = Process(target=producer, args=(queue, 6))
    # Daemons: they loop for ever, and end when the main process's code does.
    eaters = [Process(target=consumer, args=(name, queue), daemon=True)
              for name in ('consumer A', 'consumer B')]
    for p in [making, *eaters]:
        p.start()
    making.join()  # every item has been put
    queue.join()  # every item has been marked task_done()
    print('主进程: every item is handled')
