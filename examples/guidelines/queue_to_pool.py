"""Exercise: a Queue sent with a pool task, then a Manager's queue likewise."""
from multiprocessing import Manager, Pool, Queue


def put_square(results, number):
    results.put(number * number)


if __name__ == '__main__':
    with Pool(1) as pool:
        results = Queue()
        try:
            pool.apply(put_square, (results, 3))
        except RuntimeError as error:
            print('multiprocessing.Queue: RuntimeError:', error)
        with Manager() as manager:
            results = manager.Queue()  # a proxy: it can be pickled
            pool.apply(put_square, (results, 3))
            print('Manager().Queue():', results.get())
