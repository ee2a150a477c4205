"""Solution: the code that starts the child runs only in the main process."""
import multiprocessing


def greet(name):
    print(f'the child says hello to {name}')


# A child that imports this file again gets greet() and stops there.
if __name__ == '__main__':
    ctx = multiprocessing.get_context('spawn')
    child = ctx.Process(target=greet, args=('the reader',))
    child.start()
    child.join()
    print('主进程: the child exited with code', child.exitcode)
