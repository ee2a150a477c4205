"""A client that connects to the server, then sends one message eight times."""
import argparse
import os
import socket
import sys

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument('message', nargs='?',
                    help='asked for after connecting if omitted')
parser.add_argument('--port', type=int,
                    default=int(os.environ.get('SERVER_PORT', 8066)))
parser.add_argument('--times', type=int, default=8,
                    help='how many times to send it (default 8, as in the note)')

if __name__ == '__main__':
    options = parser.parse_args()
    try:
        client = socket.create_connection(('127.0.0.1', options.port))
    except ConnectionRefusedError:
        raise SystemExit(f'no server is listening on 127.0.0.1:{options.port}; '
                         'start server.py first')
    print(f'connected to 127.0.0.1:{options.port}', flush=True)
    if options.message is not None:
        send_msg = options.message.strip()
    elif sys.stdin.isatty():
        send_msg = input('请输入发送的内容:').strip()
    else:  # a pipe, as when three_clients.py runs this script
        send_msg = sys.stdin.readline().strip()
    if not send_msg:
        # send(b'') sends nothing, so both sides would wait for ever.
        raise SystemExit('the message is empty: nothing to send')
    for _ in range(options.times):
        client.send(send_msg.encode('utf8'))
        print(client.recv(1024).decode('utf8'))
    client.close()
