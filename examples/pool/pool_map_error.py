"""Exercise: one task of a Pool.map() raises; what does the main process see?"""
from multiprocessing import Pool


def inverse(number):
    return 1 / number


if __name__ == '__main__':
    with Pool(2) as pool:
        print('map([1, 2, 4]):', pool.map(inverse, [1, 2, 4]))
        try:
            pool.map(inverse, [1, 0, 4])
        except ZeroDivisionError as error:
            print('map([1, 0, 4]) raised in the main process:',
                  type(error).__name__, '-', error)
