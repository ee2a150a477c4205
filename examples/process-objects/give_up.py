"""Exercise: the main process waits for a stuck child for ever; give up after one second."""
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
    child.join()
    print(f'主进程 waited {time.monotonic() - start:.1f} s;',
          'exit code', child.exitcode)
