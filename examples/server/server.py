"""A TCP server that starts one process for each connection it accepts."""
import argparse
import os
import socket
from multiprocessing import Process


def talk(sock):
    try:
        for _ in range(8):  # the note's eight messages
            data = sock.recv(1024)
            if not data:  # the client has closed the connection
                break
            print(data.decode('utf8'))
            sock.send('我们已经收到您的消息'.encode('utf8'))
    except KeyboardInterrupt:
        pass  # Ctrl-C in the terminal reaches every child too
    finally:
        sock.close()


if __name__ == '__main__':
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument('--port', type=int,
                        default=int(os.environ.get('SERVER_PORT', 8066)))
    parser.add_argument('--connections', type=int, default=8,
                        help='stop after accepting this many (default 8)')
    options = parser.parse_args()
    try:
        # create_server() sets SO_REUSEADDR on POSIX, so a rerun need not
        # wait for TIME_WAIT to end; not on Windows, where it would let
        # another socket take over the port.
        server = socket.create_server(('127.0.0.1', options.port), backlog=4)
    except OSError as error:
        raise SystemExit(f'cannot listen on port {options.port}: {error.strerror}')
    print(f'listening on 127.0.0.1:{options.port}')
    try:
        for _ in range(options.connections):
            sock, addr = server.accept()
            # start() also reaps the children that have finished so far.
            p = Process(target=talk, args=(sock,))
            p.start()
            sock.close()  # the child has its own copy of the connection
    except KeyboardInterrupt:
        print('server stopped by Ctrl-C')
    finally:
        server.close()
