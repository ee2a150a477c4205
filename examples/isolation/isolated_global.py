"""A child that changes a global changes only its own copy of it."""
from multiprocessing import Process

nationality = 'China'


def task():
    global nationality
    nationality = 'USA'


if __name__ == '__main__':
    p = Process(target=task)
    p.start()
    p.join()  # wait until the child has run before printing
    print(nationality)
