"""Connect three clients to the server, then answer them last-connected first."""
import os
import pathlib
import socket
import subprocess
import sys
import time

HERE = pathlib.Path(__file__).parent
NAMES = ('alice', 'bob', 'carol')


def free_port():
    """A free port, picked by this script's PID below the range the system
    hands out by itself: two of these scripts running at once never pick
    the same one, nor does another program's connection take it meanwhile."""
    for step in range(10000):
        port = 20000 + (os.getpid() + step) % 10000
        with socket.socket() as probe:
            try:
                probe.bind(('127.0.0.1', port))
                return port
            except OSError:  # in use: try the next one
                pass


def start_client(port):
    """A client.py that has connected and now waits for its message."""
    deadline = time.monotonic() + 10
    while True:
        client = subprocess.Popen(
            [sys.executable, str(HERE / 'client.py'), '--port', str(port),
             '--times', '2'], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL, encoding='utf8')
        if client.stdout.readline().startswith('connected'):
            return client
        client.wait()  # no server is listening yet: it is still starting
        if time.monotonic() > deadline:
            raise SystemExit('the server did not start')
        time.sleep(0.1)


if __name__ == '__main__':
    port = free_port()
    server = subprocess.Popen([sys.executable, str(HERE / 'server.py'),
                               '--port', str(port), '--connections', '3'])
    clients = {name: start_client(port) for name in NAMES}
    # All three are connected; type into the last one first. A server that
    # served one connection at a time would still be waiting for alice.
    for name in reversed(NAMES):
        answers, _ = clients[name].communicate(f'hello from {name}\n')
        for answer in answers.splitlines():
            print(f'{name} got: {answer}')
    server.wait(timeout=10)
