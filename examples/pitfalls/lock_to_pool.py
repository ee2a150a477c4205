"""A Lock goes to a Process as it is created, but not to a pool task."""
from multiprocessing import Lock, Pool, Process


def report(lock):
    with lock:
        print('the child used the lock it was given')


if __name__ == '__main__':
    lock = Lock()
    p = Process(target=report, args=(lock,))  # handed over specially
    p.start()
    p.join()
    print('Process(args=(lock,)): exit code', p.exitcode)
    with Pool(2) as pool:
        try:
            pool.map(report, [lock])  # pickled like any task: refused
        except RuntimeError as error:
            print(f'Pool.map(report, [lock]): RuntimeError: {error}')
