"""Exercise: start two children, join both, then start the other two."""
from multiprocessing import Process
import time


def task(process_name, time_arg):
    time.sleep(time_arg)
    print(f'the subprocess: {process_name} is over')


if __name__ == '__main__':
    start_time = time.time()
    for pair in ([('qq', 1), ('tmall', 2)], [('jd', 3), ('pxx', 4)]):
        children = [Process(target=task, args=args) for args in pair]
        for p in children:
            p.start()
        for p in children:
            p.join()
    print('主进程', f'总耗时:{time.time() - start_time}')
