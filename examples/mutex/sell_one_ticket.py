"""Exercise: five buyers, one ticket, no lock: make exactly one of them get it."""
import json
import os
import tempfile
import time
from multiprocessing import Barrier, Process

BUYERS = 5
NETWORK_DELAY = 0.5  # seconds between reading the stock and buying


def look(name, path):
    with open(path, encoding='utf8') as file:
        print(f'{name} 查询余票: {json.load(file)["ticket_num"]}')


def buy(name, path):
    with open(path, encoding='utf8') as file:
        stock = json.load(file)
    time.sleep(NETWORK_DELAY)
    if stock['ticket_num'] > 0:
        stock['ticket_num'] -= 1
        with open(f'{path}.{os.getpid()}', 'w', encoding='utf8') as file:
            json.dump(stock, file)
        os.replace(f'{path}.{os.getpid()}', path)  # swapped in whole
        print(f'{name} 抢票成功')
    else:
        print(f'{name} 抢票失败')


def customer(name, path, everyone_ready):
    everyone_ready.wait()  # all buyers look at the same moment
    look(name, path)
    buy(name, path)


if __name__ == '__main__':
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, 'tickets.json')
        with open(path, 'w', encoding='utf8') as file:
            json.dump({'ticket_num': 1}, file)
        everyone_ready = Barrier(BUYERS)
        buyers = [Process(target=customer, args=(f'用户{i}', path, everyone_ready))
                  for i in range(1, BUYERS + 1)]
        for p in buyers:
            p.start()
        for p in buyers:
            p.join()
