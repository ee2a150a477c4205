"""Exercise: the child reads a global the main process set; make it see the value under spawn."""
import multiprocessing

verbose = False  # what every import of this file sets


def report():
    print('child: verbose is', verbose)


if __name__ == '__main__':
    verbose = True  # the user asked for it
    ctx = multiprocessing.get_context('spawn')  # as on Windows and macOS
    child = ctx.Process(target=report)
    child.start()
    child.join()
    print('主进程: verbose is', verbose)
