"""Solution: one lock, passed to every clerk, around each read and write of the tally."""
import time
from multiprocessing import Barrier, Lock, Manager, Process

CLERKS = 4
BALLOTS = ['tea', 'coffee', 'tea'] * 100  # what each clerk counts


def clerk(tally, ready, lock):
    ready.wait()
    for choice in BALLOTS:
        with lock:  # no other clerk can come between the read and the write
            votes = tally[choice]
            time.sleep(0.001)
            tally[choice] = votes + 1


if __name__ == '__main__':
    with Manager() as manager:
        tally = manager.dict(tea=0, coffee=0)
        ready, lock = Barrier(CLERKS), Lock()
        clerks = [Process(target=clerk, args=(tally, ready, lock))
                  for _ in range(CLERKS)]
        for p in clerks:
            p.start()
        for p in clerks:
            p.join()
        for choice in ('tea', 'coffee'):
            expected = CLERKS * BALLOTS.count(choice)
            print(f'{choice}: {tally[choice]} votes (expected {expected})')
