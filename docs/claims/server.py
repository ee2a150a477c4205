"""What docs/server.md claims about the output of examples/server/ (see engine/claims.py)."""
import re

from engine.claims import claim, number_after, index, POSIX, lanes, parent_at, exercise
from engine.render.words import _


CLIENTS = ("alice", "bob", "carol")


@claim("server/three_clients.py")
def server_answers_every_open_connection(result):
    for name in CLIENTS:
        assert f"{name} got: 我们已经收到您的消息" in result.text


@claim("server/three_clients.py")
def server_child_prints_each_message_before_answering(result):
    assert index(result, "listening on 127.0.0.1:") == 0
    for name in CLIENTS:
        assert index(result, f"hello from {name}") < index(result, f"{name} got:")


@claim("server/three_clients.py")
def last_connected_client_is_answered_first(result):
    # three_clients.py types into carol, bob, alice in turn, each only after
    # the previous one was answered, while all three stay connected.
    assert (index(result, "carol got:") < index(result, "hello from bob")
            < index(result, "bob got:") < index(result, "hello from alice"))
    assert result.text.count("carol got: 我们已经收到您的消息") == 2


# -- exercises --------------------------------------------------------------

@claim("server/no_server.py")
def client_names_the_missing_server(result):
    port = number_after(result, "--port")
    assert result.text[1:] == [
        f"no server is listening on 127.0.0.1:{port}; start server.py first",
        "exit code: 1"]


def listing(result, when: str) -> list[str]:
    """The process lines defunct_child.py printed under ``when``'s heading."""
    start = index(result, f"server.py's processes {when}:") + 1
    lines = []
    for text in result.text[start:]:
        if not re.fullmatch(r" +[A-Z]  .+", text):
            break
        lines.append(text.strip())
    return lines


@claim("server/defunct_child.py", methods=("fork", "spawn"), systems=POSIX)
def finished_client_leaves_a_defunct_child_until_the_next_start(result):
    assert listing(result, "after alice left").count("Z  <defunct>") == 1
    after = listing(result, "after bob connected")
    assert any(re.fullmatch(r"[A-Z]  child serving a client", line) for line in after)
    assert not any("<defunct>" in line for line in after)


@claim("server/defunct_child.py", methods=("forkserver",), systems=POSIX)
def forkserver_server_shows_no_defunct_child(result):
    assert not any("<defunct>" in text for text in result.text)
    assert any(re.fullmatch(r"[A-Z]  fork server", line)
               for line in listing(result, "after alice left"))
    # The child that serves bob is the fork server's (deeper by one level),
    # not the main process's.
    after = result.text[index(result, "after bob connected"):]
    assert any(re.fullmatch(r"    [A-Z]  child serving a client", text)
               for text in after)


@claim("server/defunct_child.py", systems=("Windows",))
def windows_server_keeps_no_defunct_child(result):
    assert result.text == ["Windows keeps no zombie processes: nothing to show here."]


@claim("server/defunct_child.py", methods=("fork", "spawn"), systems=POSIX, record=True)
def alices_child_stays_a_zombie_until_bobs_child_starts(result):
    first, second = lanes(result, "child")  # Process-1 served alice, Process-2 bob
    assert first["zombie_until"] is not None and first["reaped"] is not None
    assert first["zombie_until"] - first["exited"] >= 0.5  # a second's sleep, then ps
    # start() reaps before it starts the new child: no look saw alice's child
    # still a zombie after a look that saw bob's. (When a look first missed
    # it depends on how long a look takes on a loaded machine.)
    assert first["zombie_until"] <= second["appeared"]


@claim("server/defunct_child.py", methods=("forkserver",), systems=POSIX, record=True)
def the_fork_server_reaps_alices_child_at_once(result):
    server = lanes(result, "fork_server")[0]
    children = lanes(result, "child")
    assert children  # bob's, at least: a listing saw it serving
    for child in children:  # every child is the fork server's, not server.py's
        assert parent_at(child, child["appeared"]) == server["pid"]
    # No look saw a child as a zombie at the first listing: the fork server
    # had reaped alice's by then. (Alice's child lives a tenth of a second;
    # on a loaded machine the record can miss it altogether.)
    listed = result.time_of("server.py's processes after alice left")
    assert not any(child["exited"] is not None and child["exited"] <= listed
                   and child["zombie_until"] is not None and child["zombie_until"] >= listed
                   for child in children)


# -- fix it: serve everyone at once -------------------------------------------

STARTER, SOLUTION = "server/serve_everyone.py", "server/serve_everyone_solution.py"
NAMES = ("alice", "bob", "carol")
exercise("server", starter=STARTER, solution=SOLUTION, timeout=40, task=lambda: _(
    "Make the server serve each client in a process of its own, so that no "
    "client waits for another."))


@claim(STARTER)
def the_last_client_is_welcomed_after_the_first_is_served(result):
    # Served one at a time, the third welcome comes at least two typing
    # pauses (4 s) after the first; the first answer, one pause after it.
    # (Whether the next welcome or the last answer is printed first is a
    # race: the server sends both at once.)
    welcomed = [i for i, text in enumerate(result.text) if text.endswith(" is welcomed")]
    served = [i for i, text in enumerate(result.text) if " got: hello " in text]
    assert len(welcomed) == len(served) == len(NAMES)
    assert max(welcomed) > min(served)


@claim(SOLUTION)
def every_client_gets_its_answer(result):
    for name in NAMES:
        assert f"{name} got: hello {name}" in result.text, _(
            "{name} never got its answer").format(name=name)


@claim(SOLUTION)
def every_client_is_welcomed_before_any_is_served(result):
    welcomed = [i for i, text in enumerate(result.text) if text.endswith(" is welcomed")]
    served = [i for i, text in enumerate(result.text) if " got: " in text]
    assert len(welcomed) == len(NAMES), _(
        "expected {expected} clients to be welcomed, but {count} were").format(
            expected=len(NAMES), count=len(welcomed))
    # Each client types for two seconds after its welcome; served at once,
    # all three are welcomed within the start-up of a process or two.
    assert not served or max(welcomed) < min(served), _(
        "{name} was welcomed only after another client had been served: the "
        "server still serves one client at a time; start a process for each "
        "connection and go back to accept()").format(
            name=result.text[next(i for i in welcomed if i > min(served))].split()[0])
