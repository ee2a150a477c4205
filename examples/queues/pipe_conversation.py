"""A Pipe connects two processes; each end can send and receive."""
import os
from multiprocessing import Pipe, Process


def child(conn):
    question = conn.recv()  # waits until the main process has sent something
    print(f'子进程 {os.getpid()} received: {question}')
    conn.send(f'{question.upper()}, from process {os.getpid()}')
    conn.close()


if __name__ == '__main__':
    main_end, child_end = Pipe()  # duplex: both ends send and receive
    p = Process(target=child, args=(child_end,))
    p.start()
    print(f'主进程 {os.getpid()} sends: hello')
    main_end.send('hello')
    print(f'主进程 received: {main_end.recv()}')
    p.join()
