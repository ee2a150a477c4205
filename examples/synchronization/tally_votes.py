"""Exercise: four clerks tally votes in one manager dict, and some votes go missing."""
import time
from multiprocessing import Barrier, Manager, Process

CLERKS = 4
BALLOTS = ['tea', 'coffee', 'tea'] * 100  # what each clerk counts


def clerk(tally, ready):
    ready.wait()  # the clerks begin together
    for choice in BALLOTS:
        votes = tally[choice]  # ask the manager process for the count
        time.sleep(0.001)  # look at the next ballot
        tally[choice] = votes + 1  # send it the count plus one


if __name__ == '__main__':
    with Manager() as manager:
        tally = manager.dict(tea=0, coffee=0)
        ready = Barrier(CLERKS)
        clerks = [Process(target=clerk, args=(tally, ready))
                  for _ in range(CLERKS)]
        for p in clerks:
            p.start()
        for p in clerks:
            p.join()
        for choice in ('tea', 'coffee'):
            expected = CLERKS * BALLOTS.count(choice)
            print(f'{choice}: {tally[choice]} votes (expected {expected})')
