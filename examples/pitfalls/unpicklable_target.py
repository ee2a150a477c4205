"""Under spawn the target is pickled, so a lambda cannot be a target."""
import multiprocessing

if __name__ == '__main__':
    ctx = multiprocessing.get_context('spawn')
    p = ctx.Process(target=lambda: print('never printed'))
    p.start()
    p.join()
