"""A child that put a large item into a queue cannot end until it is taken out."""
import time
from multiprocessing import Event, Process, Queue


def produce(results, done):
    results.put('x' * 10_000_000)  # ten million characters
    print('子进程: put() has returned, the function ends')
    done.set()


if __name__ == '__main__':
    results, done = Queue(), Event()
    child = Process(target=produce, args=(results, done))
    child.start()
    done.wait()
    child.join(timeout=2)  # without the timeout: a deadlock, for ever
    print(f'join(timeout=2) first: is_alive()={child.is_alive()} '
          f'exitcode={child.exitcode}')
    data = results.get()
    start = time.monotonic()
    child.join()
    print(f'get() then join(): {len(data):,} characters, exitcode='
          f'{child.exitcode}, join() took {time.monotonic() - start:.1f} s')
