"""Solution: Pool(3).map() spreads the squares over three worker processes."""
import os
import time
from multiprocessing import Pool


def slow_square(number):
    time.sleep(0.5)  # a slow computation
    print(f'{number} squared in process {os.getpid()}')
    return number * number


if __name__ == '__main__':
    print('主进程', os.getpid())
    with Pool(3) as pool:
        squares = pool.map(slow_square, range(1, 7))  # results in order
    print('squares:', squares)
