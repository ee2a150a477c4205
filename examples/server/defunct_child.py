"""A client that has left leaves a <defunct> child until the next start()."""
import pathlib
import subprocess
import sys
import time

from three_clients import free_port

HERE = pathlib.Path(__file__).parent
SERVING = 'child serving a client'


def processes_below(server):
    """(depth, state, what it is) for each process below server, from ps."""
    ps = subprocess.run(['ps', '-A', '-ww', '-o', 'pid=,ppid=,stat=,command='],
                        capture_output=True, text=True, check=True)
    found = []
    def walk(parent, depth):
        for line in ps.stdout.splitlines():
            pid, ppid, state, command = (line.split(None, 3) + [''])[:4]
            if int(ppid) == parent:
                what = ('<defunct>' if state[0] == 'Z' else 'resource tracker'
                        if 'resource_tracker' in command else 'fork server'
                        if 'forkserver' in command and depth == 1 else SERVING)
                found.append((depth, state[0], what))
                walk(int(pid), depth + 1)
    walk(server, 1)
    return found


def show_when(server, serving, when):  # once a child serves (or none does)
    while server.poll() is None:  # a child may take seconds to start
        time.sleep(1)  # the server sits in accept(): nothing reaps meanwhile
        found = processes_below(server.pid)
        if any(what == SERVING for *_, what in found) == serving:
            print(f"server.py's processes {when}:")
            for depth, state, what in found:
                print('  ' * depth + f'{state}  {what}')
            return
    sys.exit(f'server.py exited with code {server.returncode}')


if __name__ == '__main__':
    if sys.platform == 'win32':
        print('Windows keeps no zombie processes: nothing to show here.')
        sys.exit()
    port = str(free_port())
    server = subprocess.Popen([sys.executable, str(HERE / 'server.py'),
                               '--port', port, '--connections', '2'])
    client = [sys.executable, str(HERE / 'client.py'), '--port', port,
              '--times', '1']
    while subprocess.run(client + ['hello from alice'],  # until the server
                         stderr=subprocess.DEVNULL).returncode:  # listens
        if server.poll() is not None:
            sys.exit(f'server.py exited with code {server.returncode}')
    show_when(server, False, 'after alice left')
    bob = subprocess.Popen(client, stdin=subprocess.PIPE, text=True)
    show_when(server, True, 'after bob connected')
    bob.communicate('hello from bob\n')
    server.wait(timeout=10)
