"""A finished client leaves a <defunct> child in the server until its next start()."""
import pathlib
import socket
import subprocess
import sys
import time

HERE = pathlib.Path(__file__).parent
SERVING = 'child serving a client'


def processes_below(pid, depth=1):
    """(depth, state, what it is) for every process that pid started."""
    ps = subprocess.run(['ps', '-A', '-o', 'pid=,ppid=,stat=,command='],
                        capture_output=True, text=True, check=True)
    found = []
    for child, parent, state, command in (
            (line.split(None, 3) + [''])[:4] for line in ps.stdout.splitlines()):
        if int(parent) == pid:
            what = ('<defunct>' if state.startswith('Z') else
                    'resource tracker' if 'resource_tracker' in command else
                    'fork server' if 'forkserver' in command and depth == 1
                    else SERVING)
            found += [(depth, state[0], what)] + processes_below(int(child), depth + 1)
    return found


def show_when(server, serving, when):
    """Wait until a child serves a client (or none does), then list them."""
    deadline = time.monotonic() + 10
    while any(what == SERVING for *_, what in processes_below(server)) != serving:
        if time.monotonic() > deadline:
            sys.exit(f'timed out waiting: {when}')
        time.sleep(0.1)
    time.sleep(1)  # the server sits in accept(): nothing reaps meanwhile
    print(f"server.py's processes {when}:")
    for depth, state, what in processes_below(server):
        print('  ' * depth + f'{state}  {what}')


if __name__ == '__main__':
    if sys.platform == 'win32':
        print('Windows keeps no zombie processes: nothing to show here.')
        sys.exit()
    with socket.socket() as probe:  # find a free port
        probe.bind(('127.0.0.1', 0))
        port = str(probe.getsockname()[1])
    server = subprocess.Popen([sys.executable, str(HERE / 'server.py'),
                               '--port', port, '--connections', '2'])
    client = [sys.executable, str(HERE / 'client.py'), '--port', port, '--times', '1']
    for _ in range(100):  # until the server listens: no client fails then
        if not subprocess.run(client + ['hello from alice'], stderr=subprocess.DEVNULL).returncode:
            break
        time.sleep(0.1)
    show_when(server.pid, False, 'after alice left')
    bob = subprocess.Popen(client, stdin=subprocess.PIPE, text=True)
    show_when(server.pid, True, 'after bob connected')
    bob.communicate('hello from bob\n')
    server.wait(timeout=10)
