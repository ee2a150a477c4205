"""Buyers race for the last ticket; a Lock lets only one buy at a time."""
import argparse
import json
import os
import tempfile
import time
from contextlib import nullcontext
from multiprocessing import Barrier, Lock, Process

BUYERS = 5
NETWORK_DELAY = 0.5  # seconds between reading the tickets and buying one


def search(name, path):
    with open(path, encoding='utf8') as file:
        print(f'{name} 查询余票: {json.load(file)["ticket_num"]}')


def buy(name, path):
    with open(path, encoding='utf8') as file:
        data = json.load(file)
    time.sleep(NETWORK_DELAY)  # the request travels to the server
    if data['ticket_num'] > 0:
        data['ticket_num'] -= 1
        # Write a file of our own and swap it in: no half-written reads.
        new_path = f'{path}.{os.getpid()}'
        with open(new_path, 'w', encoding='utf8') as file:
            json.dump(data, file)
        os.replace(new_path, path)
        print(f'{name} 抢票成功')
    else:
        print(f'{name} 抢票失败')


def run(name, path, lock, ready):
    ready.wait()  # every buyer has started: they all search at once
    search(name, path)
    with lock:  # the same as lock.acquire() ... finally: lock.release()
        buy(name, path)


if __name__ == '__main__':
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument('--no-lock', action='store_true', help='buy unlocked')
    use_lock = not parser.parse_args().no_lock
    lock = Lock() if use_lock else nullcontext()
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, 'tickets.json')
        with open(path, 'w', encoding='utf8') as file:
            json.dump({'ticket_num': 1}, file)
        print(f'余票 1, {BUYERS} 个用户, lock: {"on" if use_lock else "off"}')
        start_time = time.time()
        ready = Barrier(BUYERS)
        buyers = [Process(target=run, args=(f'用户{i}', path, lock, ready))
                  for i in range(1, BUYERS + 1)]
        for p in buyers:
            p.start()
        for p in buyers:
            p.join()
        print('总耗时:', round(time.time() - start_time, 2))
