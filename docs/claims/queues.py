"""What docs/queues.md claims about the output of examples/queues/ (see engine/claims.py)."""
import re

from engine.claims import claim, number_after, seconds_after, index


@claim("queues/queue_results.py")
def every_result_comes_back_through_the_queue(result):
    got = re.findall(r"主进程 got (\d) \* \d = (\d+)", "\n".join(result.text))
    assert sorted((int(n), int(s)) for n, s in got) == [(3, 9), (4, 16), (5, 25)]
    # Each result can only arrive after its child's work (seconds per number).
    for number, seconds in {3: 1.5, 4: 0.5, 5: 1.0}.items():
        assert result.time_of(f"got {number} *") >= seconds
    assert result.text[-1] == "all children have ended"


@claim("queues/pipe_conversation.py")
def pipe_carries_the_question_and_the_answer(result):
    child = number_after(result, "子进程")
    assert (index(result, "主进程") < index(result, "received: hello")
            < index(result, "主进程 received:"))
    assert result.text[-1] == f"主进程 received: HELLO, from process {child}"
    assert child != number_after(result, "主进程")


@claim("queues/producer_consumer.py")
def every_item_is_produced_then_consumed_once(result):
    for number in range(1, 7):
        assert result.text.count(f"produced item {number}") == 1
        consumed = [i for i, text in enumerate(result.text)
                    if text.endswith(f"consumed item {number}")]
        assert len(consumed) == 1
        assert index(result, f"produced item {number}") < consumed[0]


@claim("queues/producer_consumer.py")
def queue_join_returns_after_the_last_task_done(result):
    assert result.text[-1] == "主进程: every item is handled"
    assert len(result.text) == 13


# -- exercises --------------------------------------------------------------

@claim("queues/queue_get_timeout.py")
def queue_keeps_one_producers_order_and_times_out_when_empty(result):
    assert result.text[0] == "got [1, 2, 3]"
    assert result.text[1].startswith("a fourth get(timeout=0.5) raised queue.Empty")
    assert seconds_after(result, "queue.Empty after") >= 0.5
