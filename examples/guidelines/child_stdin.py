"""A child process's standard input is closed: input() there raises EOFError."""
import sys
from multiprocessing import Process


def ask():
    print('子进程 sys.stdin.fileno():', sys.stdin.fileno())
    try:
        answer = input()
        print('子进程 read:', answer)
    except EOFError:
        print('子进程 input() raised EOFError: there is nothing to read')


def greet(name):
    print(f'子进程 got its input as an argument: hello, {name}')


if __name__ == '__main__':
    print('主进程 sys.stdin.fileno():', sys.stdin.fileno())
    child = Process(target=ask)
    child.start()
    child.join()
    # Read in the main process instead, and pass what was read to the child.
    name = 'alice'  # in a real program: name = input('your name? ')
    child = Process(target=greet, args=(name,))
    child.start()
    child.join()
