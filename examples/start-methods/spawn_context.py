"""Exercise: a child started with get_context('spawn'), whatever the default."""
import multiprocessing

greeting = 'set when the module is imported'


def show():
    print('子进程 sees:', greeting)


if __name__ == '__main__':
    greeting = 'changed in the __main__ block'
    print('default start method:', multiprocessing.get_start_method())
    ctx = multiprocessing.get_context('spawn')
    p = ctx.Process(target=show)
    p.start()
    p.join()
