"""Exercise: get() from a queue that one child fills, then one get() too many."""
import queue
import time
from multiprocessing import Process, Queue


def fill(items):
    for number in (1, 2, 3):
        items.put(number)


if __name__ == '__main__':
    items = Queue()
    p = Process(target=fill, args=(items,))
    p.start()
    print('got', [items.get() for _ in range(3)])
    p.join()
    start = time.monotonic()
    try:
        items.get(timeout=0.5)
    except queue.Empty:
        print(f'a fourth get(timeout=0.5) raised queue.Empty after '
              f'{time.monotonic() - start:.1f} s')
