"""Workers wait on an Event until the main process sets it, then all go on."""
import time
from multiprocessing import Event, Process


def worker(name, go):
    print(f'{name} waits; go.is_set() = {go.is_set()}')
    go.wait()  # blocks until some process calls go.set()
    print(f'{name} goes')


if __name__ == '__main__':
    go = Event()
    workers = [Process(target=worker, args=(f'worker {n}', go))
               for n in (1, 2, 3)]
    for p in workers:
        p.start()
    time.sleep(1.5)  # the workers are ready long before this
    print('主进程 sets the event')
    go.set()
    for p in workers:
        p.join()
    print('go.wait(timeout=0.5) once set:', go.wait(timeout=0.5))
    go.clear()
    print('go.wait(timeout=0.5) after clear():', go.wait(timeout=0.5))
