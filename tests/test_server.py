"""The server and its client, driven by the tests as real peers.

server.py and client.py need a peer, so they are not captured on their own
(three_clients.py shows them on the page); these tests run them with the same
runner, each on a free port, so tests in parallel never collide.
"""
from __future__ import annotations

import concurrent.futures
import contextlib
import socket
import time

from engine import config
from engine.run import runner
from conftest import foreground_job

REPLY = "我们已经收到您的消息"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def connect(port: int) -> socket.socket:
    deadline = time.monotonic() + 20
    while True:
        try:
            return socket.create_connection(("127.0.0.1", port), timeout=20)
        except ConnectionRefusedError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def wait_until_accepting(pid: int) -> None:
    """Wait until the server's main process has let go of the connection it
    handed to a child, so that it is back at accept(): a Ctrl-C in the
    middle of Process.start() is a race in multiprocessing itself (a
    KeyboardInterrupt inside the Popen's Finalize prints "Exception ignored
    in: <Finalize object, dead>"). A reader meets it only by pressing Ctrl-C
    in the instant a client connects; a loaded test machine met it once in
    a few hundred runs."""
    import psutil

    deadline = time.monotonic() + 20
    while any(connection.status == psutil.CONN_ESTABLISHED
              for connection in psutil.Process(pid).net_connections("tcp")):
        assert time.monotonic() < deadline, "the server kept the connection"
        time.sleep(0.02)


def serve(port: int, connections: int):
    """Start server.py in the background; the future holds its Result."""
    pool = concurrent.futures.ThreadPoolExecutor(1)
    future = pool.submit(runner.run, "server/server.py",
                         ["--port", str(port), "--connections", str(connections)],
                         None, 30)
    pool.shutdown(wait=False)
    return future


def test_server_serves_connections_at_the_same_time():
    port = free_port()
    server = serve(port, 3)
    clients = [connect(port) for _ in range(3)]
    # All three stay open while each is answered: a server that served one
    # connection at a time would block on the second one here.
    for number, client in enumerate(clients):
        client.send(f"message {number}".encode())
        assert client.recv(1024).decode("utf8") == REPLY
    for client in clients:
        client.close()
    result = server.result()
    assert result.ok, result.tail()
    assert {"message 0", "message 1", "message 2"} <= set(result.text)


def test_server_stops_after_the_notes_eight_connections_by_default():
    port = free_port()
    pool = concurrent.futures.ThreadPoolExecutor(1)
    server = pool.submit(runner.run, "server/server.py", ["--port", str(port)],
                         None, 30)
    for _ in range(8):
        connect(port).close()
    assert server.result().ok
    pool.shutdown()


def serve_one_client(port: int):
    """A server for one client, listening by the time this returns."""
    server = serve(port, 2)
    connect(port).close()  # connection 1 of 2: wait until it listens
    return server


def test_client_sends_its_message_eight_times():
    port = free_port()
    server = serve_one_client(port)
    client = runner.run("server/client.py", ["你好", "--port", str(port)], timeout=30)
    assert client.ok, client.tail()
    assert client.text == [f"connected to 127.0.0.1:{port}"] + [REPLY] * 8
    assert server.result().text.count("你好") == 8


def test_client_reads_the_message_from_stdin():
    port = free_port()
    server = serve_one_client(port)
    client = runner.run("server/client.py", ["--port", str(port)],
                        timeout=30, stdin="来自标准输入\n".encode())
    assert client.ok, client.tail()
    assert client.text == [f"connected to 127.0.0.1:{port}"] + [REPLY] * 8
    assert "来自标准输入" in server.result().text


def test_client_refuses_an_empty_message_instead_of_hanging():
    port = free_port()
    server = serve_one_client(port)
    result = runner.run("server/client.py", ["   ", "--port", str(port)],
                        timeout=30)
    assert result.returncode == 1
    assert result.text[-1] == "the message is empty: nothing to send"
    assert server.result().ok


def test_client_says_plainly_that_no_server_is_listening():
    port = free_port()
    result = runner.run("server/client.py", ["hello", "--port", str(port)],
                        timeout=30)
    assert result.returncode == 1
    assert result.text == [f"no server is listening on 127.0.0.1:{port}; "
                           "start server.py first"]


def test_ctrl_c_stops_the_server_cleanly():
    """SIGINT to the whole group, as a terminal's Ctrl-C sends it."""
    import os
    import signal
    import subprocess
    import sys

    port = free_port()
    server = subprocess.Popen(
        [sys.executable, str(config.EXAMPLES / "server" / "server.py"),
         "--port", str(port)], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        env=runner.environment(), start_new_session=True, text=True,
        encoding="utf8",
        preexec_fn=foreground_job)
    try:
        client = connect(port)  # a child is serving this connection
        client.send(b"ping")
        assert client.recv(1024).decode("utf8") == REPLY
        wait_until_accepting(server.pid)
        os.killpg(server.pid, signal.SIGINT)
        output, _ = server.communicate(timeout=20)
        client.close()
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(server.pid, signal.SIGKILL)
    assert server.returncode == 0, output
    assert "server stopped by Ctrl-C" in output
    assert "Traceback" not in output and "KeyboardInterrupt" not in output

