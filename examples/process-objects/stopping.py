"""join(timeout), terminate(), kill() and close(), and the exit codes left."""
import signal
import sys
import time
from multiprocessing import Process


def sleeper():
    try:
        time.sleep(30)
    finally:
        print('the child runs its finally clause')  # not after terminate()


def describe(code):
    if code is not None and code < 0:
        return f'{code} (killed by {signal.Signals(-code).name})'
    return str(code)


if __name__ == '__main__':
    p = Process(target=sleeper)
    p.start()
    start = time.monotonic()
    p.join(timeout=1)  # gives up after one second; the child sleeps on
    print(f'join(timeout=1) returned after {time.monotonic() - start:.1f} s:',
          f'is_alive()={p.is_alive()} exitcode={p.exitcode}')
    p.terminate()
    p.join()
    print('after terminate():', describe(p.exitcode))
    q = Process(target=sleeper)
    q.start()
    q.kill()
    q.join()
    print('after kill():', describe(q.exitcode))
    r = Process(target=sys.exit, args=(3,))
    r.start()
    r.join()
    print('after sys.exit(3):', describe(r.exitcode))
    r.close()  # frees its resources; the object can no longer be used
    try:
        r.pid
    except ValueError as error:
        print('after close():', error)
