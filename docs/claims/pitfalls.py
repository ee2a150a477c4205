"""What docs/pitfalls.md claims about the output of examples/pitfalls/ (see engine/claims.py)."""
import re

from engine.claims import claim, seconds_after, index


@claim("pitfalls/no_main_guard.py")
def child_fails_in_its_bootstrapping_phase(result):
    assert any("RuntimeError" in text for text in result.text)
    assert any("bootstrapping phase" in text for text in result.text)
    assert result.text[-1] == "主进程: the child exited with code 1"
    assert result.returncode == 0  # the parent does not notice


@claim("pitfalls/unpicklable_target.py")
def lambda_target_cannot_be_pickled(result):
    assert result.text[0] == "主进程: starting a child whose target is a lambda"
    assert result.returncode == 1
    assert "pickle" in result.text[-1].lower()
    assert "never printed" not in result.text


def arrivals(result, section: str) -> dict[str, float]:
    """'arrived at T s: LINE' lines of one section, as {LINE: T}."""
    start = index(result, section) + 1
    found = {}
    for text in result.text[start:]:
        match = re.fullmatch(r"  arrived at ([\d.]+) s: (.*)", text)
        if not match:
            break
        found[match.group(2)] = float(match.group(1))
    return found


@claim("pitfalls/pipe_buffering.py")
def pipe_holds_each_childs_lines_until_it_exits(result):
    seen = arrivals(result, "print() into a pipe:")
    assert seen["qq is running"] >= 1.0 and seen["jd is running"] >= 2.0


@claim("pitfalls/pipe_buffering.py")
def flushed_lines_arrive_when_printed(result):
    seen = arrivals(result, "print(..., flush=True) into a pipe:")
    assert seen["qq is running"] < seen["qq is over"]
    assert seen["jd is running"] < seen["jd is over"] - 1.0


# -- exercises --------------------------------------------------------------

@claim("pitfalls/line_buffered_pipe.py")
def a_line_buffered_pipe_passes_each_line_on_at_once(result):
    first = seconds_after(result, "arrived at")
    second = float(re.search(r"arrived at ([\d.]+) s: second line",
                             result.text[1]).group(1))
    assert result.text[0].endswith("first line")
    assert second >= 1.5 and first < second - 0.5


@claim("pitfalls/lock_to_pool.py")
def a_lock_goes_to_a_process_but_not_to_a_pool_task(result):
    assert result.text[:2] == ["the child used the lock it was given",
                               "Process(args=(lock,)): exit code 0"]
    assert result.text[2] == (
        "Pool.map(report, [lock]): RuntimeError: Lock objects should only be "
        "shared between processes through inheritance")


@claim("pitfalls/pool_lock_initializer.py")
def pool_workers_share_the_lock_given_through_initializer(result):
    sections = [re.fullmatch(r"task (\d) (enters|leaves)", text).groups()
                for text in result.text[:-1]]
    # One task at a time: each "enters" is followed by the same task's "leaves".
    assert sections[0::2] == [(n, "enters") for n, _ in sections[0::2]]
    assert sections[1::2] == [(n, "leaves") for n, _ in sections[0::2]]
    assert sorted(n for n, _ in sections[0::2]) == ["1", "2", "3", "4"]
    assert seconds_after(result, "total:") >= 4 * 0.3
