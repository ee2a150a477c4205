"""A client that sends one message to the server eight times."""
import argparse
import os
import socket
import sys

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument('message', nargs='?', help='read from stdin if omitted')
parser.add_argument('--port', type=int,
                    default=int(os.environ.get('SERVER_PORT', 8066)))

if __name__ == '__main__':
    options = parser.parse_args()
    if options.message is not None:
        send_msg = options.message.strip()
    elif sys.stdin.isatty():
        send_msg = input('请输入发送的内容:').strip()
    else:
        send_msg = sys.stdin.readline().strip()
    if not send_msg:
        # send(b'') sends nothing, so both sides would wait for ever.
        raise SystemExit('the message is empty: nothing to send')

    client = socket.socket()
    client.connect(('127.0.0.1', options.port))
    count = 1
    while count < 9:
        client.send(send_msg.encode('utf8'))
        data = client.recv(1024)
        count += 1
        print(data.decode('utf8'))
    client.close()
