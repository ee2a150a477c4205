"""Under spawn the target is pickled, so a lambda cannot be a target."""
import multiprocessing

if __name__ == '__main__':
    ctx = multiprocessing.get_context('spawn')
    p = ctx.Process(target=lambda: print('never printed'))
    print('主进程: starting a child whose target is a lambda')
    p.start()  # pickles the Process object, target included, for the child
    p.join()
