"""Exercise: six slow squares computed one by one in the main process; use a Pool of three."""
import os
import time


def slow_square(number):
    time.sleep(0.5)  # a slow computation
    print(f'{number} squared in process {os.getpid()}')
    return number * number


if __name__ == '__main__':
    print('主进程', os.getpid())
    squares = [slow_square(number) for number in range(1, 7)]
    print('squares:', squares)
