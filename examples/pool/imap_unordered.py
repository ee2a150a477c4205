"""imap() gives results in input order; imap_unordered() as each is ready."""
import time
from multiprocessing import Pool

SECONDS = {1: 3.0, 2: 0.2, 3: 0.4, 4: 0.6}  # number -> seconds of work


def slow_square(number):
    time.sleep(SECONDS[number])
    return number, number * number


if __name__ == '__main__':
    with Pool(processes=2) as pool:
        for name in ('imap', 'imap_unordered'):
            method = getattr(pool, name)
            start = time.monotonic()
            for number, square in method(slow_square, SECONDS):
                print(f'{name}: {number} * {number} = {square} '
                      f'after {time.monotonic() - start:.1f} s')
