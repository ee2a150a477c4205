"""Exercise: what does client.py say when no server is listening?"""
import pathlib
import socket
import subprocess
import sys

CLIENT = pathlib.Path(__file__).parent / 'client.py'

if __name__ == '__main__':
    with socket.socket() as probe:  # a port that nothing listens on
        probe.bind(('127.0.0.1', 0))
        port = probe.getsockname()[1]
    print(f'$ python3 client.py hello --port {port}')
    done = subprocess.run([sys.executable, str(CLIENT), 'hello', '--port', str(port)],
                          capture_output=True, text=True)
    print((done.stdout + done.stderr).strip())
    print('exit code:', done.returncode)
