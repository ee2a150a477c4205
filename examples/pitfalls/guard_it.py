"""Exercise: a script with no main guard, run as on Windows and macOS: fix it."""
import multiprocessing


def greet(name):
    print(f'the child says hello to {name}')


# Spawn is what Windows and macOS use: each child imports this file again.
ctx = multiprocessing.get_context('spawn')
child = ctx.Process(target=greet, args=('the reader',))
child.start()
child.join()
print('主进程: the child exited with code', child.exitcode)
