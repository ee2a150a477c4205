"""What docs/queues.md claims about the output of examples/queues/ (see engine/claims.py)."""
import re

from engine.claims import claim, number_after, seconds_after, index, exercise
from engine.render.words import _


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


@claim("queues/sentinel.py")
def consumers_stop_at_their_sentinel_after_all_items(result):
    for number in range(1, 7):
        assert sum(text.endswith(f"consumed item {number}")
                   for text in result.text) == 1
    for name in ("consumer A", "consumer B"):
        stops = index(result, f"{name} got the sentinel and stops")
        # Its last line: nothing of its own comes after the sentinel.
        assert not any(text.startswith(name) for text in result.text[stops + 1:])
    assert result.text[-1] == "主进程: exit codes [0, 0]"
    assert len(result.text) == 6 + 2 + 1


# -- fix it: stop the consumers with a sentinel -------------------------------


STARTER, SOLUTION = "queues/poison_pill.py", "queues/poison_pill_solution.py"
ITEMS, CONSUMERS = range(1, 7), ("consumer A", "consumer B")
exercise("queues", starter=STARTER, solution=SOLUTION, timeout=30, task=lambda: _(
    "Stop the consumers with a sentinel (a poison pill) instead of terminating "
    "them."))


def consumed(result) -> list[int]:
    return [int(re.search(r"consumed item (\d+)", text).group(1))
            for text in result.text if "consumed item" in text]


@claim(STARTER)
def terminated_consumers_exit_with_sigterm(result):
    for name in CONSUMERS:
        assert f"{name} exit code -15" in result.text  # -SIGTERM
    assert len(consumed(result)) < len(ITEMS)  # the items in hand are lost


@claim(SOLUTION)
def every_item_is_consumed_exactly_once(result):
    eaten = consumed(result)
    for item in ITEMS:
        assert eaten.count(item) == 1, _(
            "item {item} was consumed {count} times, expected once: the "
            "consumers must take every item before they stop").format(
                item=item, count=eaten.count(item))


@claim(SOLUTION)
def every_consumer_exits_with_code_0(result):
    for name in CONSUMERS:
        line = next((text for text in result.text
                     if text.startswith(f"{name} exit code")), None)
        assert line is not None, _(
            "no line says how {name} ended: keep the main process's "
            "print(p.name, 'exit code', p.exitcode)").format(name=name)
        assert line.endswith("exit code 0"), _(
            "{name} ended with {code}, not 0: a terminated process ends with "
            "-15 (SIGTERM); let it return when it gets the sentinel").format(
                name=name, code=line.rsplit(" ", 1)[-1])
