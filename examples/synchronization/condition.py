"""Waiters sleep on a Condition until the shared level they need is reached."""
import time
from multiprocessing import Condition, Process, Value


def wait_for_level(target, level, changed):
    with changed:
        changed.wait_for(lambda: level.value >= target)  # woken by notify_all()
        print(f'waiter for {target} wakes: level is {level.value}')


if __name__ == '__main__':
    level, changed = Value('i', 0), Condition()
    waiters = [Process(target=wait_for_level, args=(target, level, changed))
               for target in (4, 2)]
    for p in waiters:
        p.start()
    for step in range(1, 6):
        time.sleep(0.3)
        with changed:
            level.value = step
            print(f'主进程 raises the level to {step}')
            changed.notify_all()  # every waiter checks its condition again
    for p in waiters:
        p.join()
