"""Solution: the child puts its value on a Queue and the parent gets it."""
from multiprocessing import Process, Queue

nationality = 'China'


def task(answers):
    global nationality
    nationality = 'USA'
    print('child:', nationality)
    answers.put(nationality)  # a copy travels through the queue


if __name__ == '__main__':
    answers = Queue()
    p = Process(target=task, args=(answers,))
    p.start()
    nationality = answers.get()  # waits until the child has put it
    p.join()
    print('parent:', nationality)
