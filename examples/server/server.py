"""A TCP server that starts one process for each connection it accepts."""
import argparse
import os
import socket
from multiprocessing import Process


def get_server(port):
    server = socket.socket()
    if os.name == 'posix':
        # Without SO_REUSEADDR a rerun fails with 'Address already in use'
        # while the last run's connections wait in TIME_WAIT (about a minute).
        # Windows needs no such option, and there it would let two servers
        # share the port, so it is set on POSIX only.
        server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        server.bind(('127.0.0.1', port))
    except OSError as error:
        raise SystemExit(f'cannot listen on port {port}: {error.strerror}')
    server.listen(4)
    return server


def talk(sock):
    count = 1
    while count < 9:
        count += 1
        data = sock.recv(1024)
        if not data:  # the client has closed the connection
            break
        print(data.decode('utf8'))
        sock.send('我们已经收到您的消息'.encode('utf8'))
    sock.close()


if __name__ == '__main__':
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument('--port', type=int,
                        default=int(os.environ.get('SERVER_PORT', 8066)))
    parser.add_argument('--connections', type=int, default=8,
                        help='stop after accepting this many (default 8)')
    options = parser.parse_args()
    server = get_server(options.port)
    print(f'listening on 127.0.0.1:{options.port}')
    count = 0
    while count < options.connections:
        sock, addr = server.accept()
        count += 1
        p = Process(target=talk, args=(sock,))
        p.start()
        sock.close()  # the child has its own copy of the connection
    server.close()
