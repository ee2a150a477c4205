"""Connect three clients to the server, then answer them last-connected first."""
import pathlib
import socket
import subprocess
import sys
import time

HERE = pathlib.Path(__file__).parent
NAMES = ('alice', 'bob', 'carol')


def free_port():
    with socket.socket() as probe:
        probe.bind(('127.0.0.1', 0))
        return probe.getsockname()[1]


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
