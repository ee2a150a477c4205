"""multiprocessing.log_to_stderr() shows what the machinery does for a child."""
import logging
import multiprocessing


def greet():
    print('子进程: hello')


if __name__ == '__main__':
    logger = multiprocessing.log_to_stderr(logging.INFO)
    child = multiprocessing.Process(target=greet)
    child.start()
    child.join()
    logger.info('the main process has joined the child')
