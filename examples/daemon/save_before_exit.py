"""Exercise: a daemon saves its work, but the main code ends first; let it finish."""
import time
from multiprocessing import Process


def autosave(document):
    print(f'autosave: saving {document} ...')
    time.sleep(1)  # writing takes a while
    print(f'autosave: {document} is saved')


if __name__ == '__main__':
    saver = Process(target=autosave, args=('notes.txt',), daemon=True)
    saver.start()
    time.sleep(0.2)  # the main process does a little more work
    print('主进程 code ends')
