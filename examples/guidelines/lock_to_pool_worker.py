"""A Lock can go to a Process or a pool's initializer, not into a pool task."""
from multiprocessing import Lock, Pool, Process


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
    child = Process(target=report, args=(lock, 'a Process child'))
    child.start()
    child.join()
    with Pool(1) as pool:
        try:
            pool.apply(report, (lock, 'a pool task'))
        except RuntimeError as error:
            print(f'sent with a pool task: RuntimeError: {error}')
    with Pool(1, initializer=keep_lock, initargs=(lock,)) as pool:
        pool.apply(report_with_kept_lock, ('a pool task (lock from initargs)',))
