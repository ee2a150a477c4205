"""Solution: pass the value as an argument; spawn pickles it for the child."""
import multiprocessing

verbose = False  # what every import of this file sets


def report(verbose):
    print('child: verbose is', verbose)


if __name__ == '__main__':
    verbose = True  # the user asked for it
    ctx = multiprocessing.get_context('spawn')  # as on Windows and macOS
    child = ctx.Process(target=report, args=(verbose,))
    child.start()
    child.join()
    print('主进程: verbose is', verbose)
