"""Solution: each accepted connection is served by a process of its own."""
import socket
import time
from multiprocessing import Process

NAMES = ('alice', 'bob', 'carol')


def client(port, name):
    with socket.create_connection(('127.0.0.1', port)) as sock:
        sock.recv(1024)  # the server's welcome
        print(f'{name} is welcomed')
        time.sleep(2)  # the user takes a while to type
        sock.sendall(name.encode('utf8'))
        print(f'{name} got:', sock.recv(1024).decode('utf8'))


def serve(sock):
    with sock:
        sock.sendall(b'welcome')
        name = sock.recv(1024).decode('utf8')
        sock.sendall(f'hello {name}'.encode('utf8'))


if __name__ == '__main__':
    server = socket.create_server(('127.0.0.1', 0))  # any free port
    port = server.getsockname()[1]
    clients = [Process(target=client, args=(port, name)) for name in NAMES]
    for c in clients:
        c.start()
    servers = []
    for _ in NAMES:
        sock, _address = server.accept()
        servers.append(Process(target=serve, args=(sock,)))
        servers[-1].start()  # back to accept() at once
        sock.close()  # the serving process has its own copy
    for p in clients + servers:
        p.join()
    server.close()
