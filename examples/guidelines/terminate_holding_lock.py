"""A terminated child never releases the lock it holds; one asked to stop does."""
import time
from multiprocessing import Event, Lock, Process


def work(lock, holding, stop):
    with lock:
        holding.set()  # the lock is taken: the main process may act now
        while not stop.wait(0.1):  # small steps of work, checking for stop
            pass
    print('worker: asked to stop, it has left its with block')


def run(how):
    lock, holding, stop = Lock(), Event(), Event()
    worker = Process(target=work, args=(lock, holding, stop))
    worker.start()
    holding.wait()
    if how == 'terminate()':
        worker.terminate()  # SIGTERM on POSIX: no finally, no with block exit
    else:
        stop.set()  # a request the worker answers when it is ready
    worker.join()
    start = time.monotonic()
    got = lock.acquire(timeout=2)
    print(f'after {how}: exitcode {worker.exitcode}, lock.acquire(timeout=2) '
          f'-> {got} after {time.monotonic() - start:.1f} s')


if __name__ == '__main__':
    run('terminate()')
    run('stop.set()')
