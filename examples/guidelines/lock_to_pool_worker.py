"""A pool task cannot carry a Lock; initargs give it to each worker as it starts."""
from multiprocessing import Lock, Pool


def report(lock, who):
    with lock:
        print(f'{who} holds the lock')


def keep_lock(lock):
    global worker_lock  # one per worker process, set once when it starts
    worker_lock = lock


def report_with_kept_lock(who):
    report(worker_lock, who)


if __name__ == '__main__':
    lock = Lock()
    with Pool(2) as pool:
        try:
            pool.apply(report, (lock, 'a pool task'))
        except RuntimeError as error:
            print(f'lock sent with a task: RuntimeError: {error}')
    with Pool(2, initializer=keep_lock, initargs=(lock,)) as pool:
        pool.map(report_with_kept_lock, ['task 1', 'task 2', 'task 3'])
    print('lock given through initargs: every task used it')
