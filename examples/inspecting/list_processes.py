"""List this process and its child the way ps or tasklist shows them."""
import os
import subprocess
import sys
import time
from multiprocessing import Event, Process


def task(started):
    started.set()  # running Python code: its command line is final
    time.sleep(3)


def listing(main_pid, child_pid):
    """The header and the rows of this process and of its children."""
    if sys.platform == 'win32':
        command, header_rows, parent_column = ['tasklist'], 3, None
    else:
        # -ww: whole command lines, however wide the terminal is
        command, header_rows, parent_column = ['ps', '-ww', '-ef'], 1, 2
    rows = subprocess.run(command, capture_output=True,
                          text=True).stdout.splitlines()
    mine = []
    for row in rows[header_rows:]:
        fields = row.split()
        if len(fields) < 3:
            continue  # a blank line
        if fields[1] in (main_pid, child_pid) or (
                parent_column and fields[parent_column] == main_pid):
            mine.append(row)
    return rows[:header_rows] + mine


if __name__ == '__main__':
    started = Event()
    p = Process(target=task, args=(started,))
    p.start()
    started.wait()  # let the child start for real, however long it takes
    print('主进程', os.getpid(), '子进程', p.pid)
    for row in listing(str(os.getpid()), str(p.pid)):
        print(row)
    p.join()
