"""Exercise: the child changes its copy of a global; get the new value to the parent."""
from multiprocessing import Process

nationality = 'China'


def task():
    global nationality
    nationality = 'USA'  # changes the child's own copy only
    print('child:', nationality)


if __name__ == '__main__':
    p = Process(target=task)
    p.start()
    p.join()
    print('parent:', nationality)
