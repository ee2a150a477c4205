"""What docs/server.md claims about the output of examples/server/ (see engine/claims.py)."""
from engine.claims import claim, number_after, index


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
