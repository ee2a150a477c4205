"""Exercise: names and parents, asked in the main process and in a child."""
from multiprocessing import Process, current_process, parent_process


def report(where):
    parent = parent_process()
    print(f'{where}: name={current_process().name} '
          f'parent={None if parent is None else parent.name}')


if __name__ == '__main__':
    report('主进程')
    p = Process(target=report, args=('子进程',), name='helper')
    p.start()
    p.join()
