"""Start the server, then keep three connections open and talk on each."""
import pathlib
import socket
import subprocess
import sys
import time

HERE = pathlib.Path(__file__).parent


def free_port():
    with socket.socket() as probe:
        probe.bind(('127.0.0.1', 0))
        return probe.getsockname()[1]


def connect(port, deadline=10.0):
    start = time.monotonic()
    while True:
        try:
            return socket.create_connection(('127.0.0.1', port))
        except ConnectionRefusedError:  # the server is still starting
            if time.monotonic() - start > deadline:
                raise
            time.sleep(0.05)


if __name__ == '__main__':
    port = free_port()
    server = subprocess.Popen([sys.executable, str(HERE / 'server.py'),
                               '--port', str(port), '--connections', '3'])
    clients = {name: connect(port) for name in ('alice', 'bob', 'carol')}
    # Every connection is open before any of them is answered: a server
    # that served one client at a time would never answer bob or carol.
    for name, client in clients.items():
        client.send(f'hello from {name}'.encode('utf8'))
        reply = client.recv(1024).decode('utf8')
        print(f'{name} got: {reply}')
    for client in clients.values():
        client.close()
    server.wait(timeout=10)
