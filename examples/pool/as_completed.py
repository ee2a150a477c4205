"""as_completed() hands over each future of a ProcessPoolExecutor once done."""
import time
from concurrent.futures import ProcessPoolExecutor, as_completed


def slow_square(number, seconds):
    time.sleep(seconds)
    return number * number


if __name__ == '__main__':
    jobs = {1: 3.0, 2: 0.5, 3: 1.0}  # number -> seconds of work
    start = time.monotonic()
    with ProcessPoolExecutor(max_workers=3) as executor:
        futures = {executor.submit(slow_square, number, seconds): number
                   for number, seconds in jobs.items()}
        print(f'submitted {len(futures)} tasks')
        for future in as_completed(futures):
            number = futures[future]
            print(f'{number} * {number} = {future.result()} '
                  f'after {time.monotonic() - start:.1f} s')
