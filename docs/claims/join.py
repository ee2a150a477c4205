"""What docs/join.md claims about the output of examples/join/ (see engine/claims.py)."""
from engine.claims import claim, seconds_after, index, lanes


SLEEPERS = {"qq": 1, "tmall": 2, "jd": 3, "pxx": 4}


@claim("join/join_parallel.py")
def each_child_is_over_after_its_own_sleep(result):
    for name, seconds in SLEEPERS.items():
        assert result.time_of(f"{name} is over") >= seconds


@claim("join/join_serial.py")
def each_child_is_over_after_the_sleeps_before_it(result):
    waited = 0
    for name, seconds in SLEEPERS.items():
        waited += seconds
        assert result.time_of(f"{name} is over") >= waited  # 1, 3, 6, 10


@claim("join/join_parallel.py", "join/join_serial.py")
def main_prints_total_after_every_child_is_over(result):
    assert result.text[-1].startswith("主进程 总耗时:")
    assert len(result.text) == 2 * len(SLEEPERS) + 1


@claim("join/join_parallel.py")
def parallel_join_takes_about_the_longest_sleep(result):
    # The lower bound is exact. On a loaded machine four start-ups can take
    # seconds, so the upper bound only catches a hang; that the children
    # sleep at the same time is shown by the order of the lines instead
    # (all_four_children_sleep_at_the_same_time).
    assert 4.0 <= seconds_after(result, "总耗时:") < 20.0


@claim("join/join_parallel.py")
def all_four_children_sleep_at_the_same_time(result):
    started = max(index(result, f"{name} is running") for name in SLEEPERS)
    assert started < min(index(result, f"{name} is over") for name in SLEEPERS)


@claim("join/join_serial.py")
def serial_join_takes_the_sum_of_the_sleeps(result):
    # The sum, 10 s, is exact as a lower bound. Above it, four start-ups one
    # after another (each a new interpreter under spawn) on a busy machine:
    # the bound only has to catch a hang.
    assert 10.0 <= seconds_after(result, "总耗时:") < 25.0


@claim("join/join_serial.py")
def serial_join_runs_one_child_at_a_time(result):
    expected = []
    for name in SLEEPERS:
        expected += [f"the subprocess: {name} is running",
                     f"the subprocess: {name} is over"]
    assert result.text[:-1] == expected


# -- exercises --------------------------------------------------------------

@claim("join/join_in_pairs.py")
def joining_in_pairs_takes_the_longest_sleep_of_each_pair(result):
    assert result.text[:4] == [f"the subprocess: {name} is over" for name in
                               ("qq", "tmall", "jd", "pxx")]
    assert 6.0 <= seconds_after(result, "总耗时:") < 30.0  # 30: a hang


# -- the process record -----------------------------------------------------

@claim("join/join_parallel.py", record=True)
def four_sleepers_are_alive_at_the_same_time(result):
    children = lanes(result, "child")
    assert len(children) == 4
    assert all(c["running_until"] is not None for c in children)
    # Every child existed by the time the first to end was last seen running.
    assert (max(c["appeared"] for c in children)
            <= min(c["running_until"] for c in children))


@claim("join/join_serial.py", record=True)
def serial_sleepers_are_never_alive_at_the_same_time(result):
    children = lanes(result, "child")
    assert len(children) == 4
    for before, after in zip(children, children[1:]):
        # Last seen running (if it was seen running at all) before the next
        # one was first seen.
        assert (before["running_until"] or before["appeared"]) < after["appeared"]
