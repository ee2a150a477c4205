"""A Pool of two worker processes runs many small tasks and returns results in order."""
import os
from multiprocessing import Pool


def square(number):
    return number * number, os.getpid()


if __name__ == '__main__':
    with Pool(processes=2) as pool:
        answers = pool.map(square, range(1, 9))  # blocks until all are done
        pending = pool.apply_async(square, (10,))  # one call, result later
        print('apply_async(square, (10,)).get():', pending.get()[0])
    print('map results:', [result for result, _ in answers])
    workers = {pid for _, pid in answers}
    print(f'worker processes used for the 8 tasks: {len(workers)} of 2')
    print('the main process among them:', os.getpid() in workers)
