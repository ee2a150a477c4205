"""Without the __main__ guard a spawn child starts a process while importing."""
import multiprocessing


def task():
    print('the subprocess is running')


# Spawn, the default on Windows and macOS, imports this file again in the
# child, and the child then reaches the lines below too.
ctx = multiprocessing.get_context('spawn')
p = ctx.Process(target=task)
p.start()
p.join()
print('主进程: the child exited with code', p.exitcode)
