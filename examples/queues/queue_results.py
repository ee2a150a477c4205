"""Children send their results back to the main process through a Queue."""
import time
from multiprocessing import Process, Queue


def square(number, seconds, results):
    time.sleep(seconds)  # stands for real work of different lengths
    results.put((number, number * number))


if __name__ == '__main__':
    results = Queue()
    jobs = {3: 1.5, 4: 0.5, 5: 1.0}  # number -> seconds of work
    children = [Process(target=square, args=(number, seconds, results))
                for number, seconds in jobs.items()]
    for p in children:
        p.start()
    # get() before join(): a child that has put data into a queue exits only
    # once its feeder thread has written all of it into the queue's pipe,
    # which waits for the reader if the pipe is full.
    for _ in children:
        number, squared = results.get()
        print(f'主进程 got {number} * {number} = {squared}')
    for p in children:
        p.join()
    print('all children have ended')
