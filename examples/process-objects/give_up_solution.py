"""Solution: join(timeout=1), then terminate() the child and join it to reap it."""
import time
from multiprocessing import Process


def stuck():
    print('the child is waiting for a server that does not answer')
    time.sleep(6)  # as good as for ever
    print('the child got its answer')


if __name__ == '__main__':
    child = Process(target=stuck)
    start = time.monotonic()
    child.start()
    child.join(timeout=1)  # returns after one second, child or no child
    if child.is_alive():
        child.terminate()
        child.join()  # reaps it and sets its exit code
    print(f'主进程 waited {time.monotonic() - start:.1f} s;',
          'exit code', child.exitcode)
