"""What docs/join.md claims about the output of examples/join/ (see engine/claims.py)."""
from engine.claims import claim, exercise, seconds_after, index, lanes, not_all_alive_at_once
from engine.render.words import _


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


# -- write it: make the sleepers sleep together -----------------------------

STARTER, SOLUTION = "join/sleep_together.py", "join/sleep_together_solution.py"
SLEEPS = {"qq": 1, "tmall": 2, "jd": 3, "pxx": 4}
exercise("join", starter=STARTER, solution=SOLUTION, timeout=40, task=lambda: _(
    "Make the four sleepers finish in about four seconds, not ten."))


@claim(STARTER)
def the_starter_sleeps_one_sleeper_after_another(result):
    expected = []
    for name, seconds in SLEEPS.items():
        expected += [f"{name} goes to sleep for {seconds} s", f"{name} wakes up"]
    assert result.text[:-1] == expected
    assert 10.0 <= seconds_after(result, "总耗时:") < 25.0


@claim(SOLUTION)
def every_sleeper_sleeps_to_its_end(result):
    for name in SLEEPS:
        assert f"{name} wakes up" in result.text, _(
            "{name} never printed that it wakes up: every sleeper must still "
            "sleep to its end").format(name=name)


@claim(SOLUTION)
def the_sleepers_take_less_than_the_sum_of_their_sleeps(result):
    # From the first sleeper going to sleep to the last one waking up: one
    # after another that is the 10 s of the sleeps and more; four sleeping
    # at once take 4 s plus the spread of their start-ups, a few seconds
    # at most on a loaded machine. (The start-up of the main interpreter,
    # seconds under load, is left out.)
    every_sleeper_sleeps_to_its_end(result)
    asleep = min(t for t, text in result.lines if "goes to sleep" in text)
    awake = max(t for t, text in result.lines if "wakes up" in text)
    assert awake - asleep < sum(SLEEPS.values()), _(
        "from the first sleeper going to sleep to the last one waking up took "
        "{took:.1f} s, not less than the {sum} s that the sleeps add up to: "
        "the sleepers still sleep one after another").format(
            took=awake - asleep, sum=sum(SLEEPS.values()))


@claim(SOLUTION, record=True)
def the_four_sleepers_are_alive_at_the_same_time(result):
    children = lanes(result, "child")
    assert len(children) == len(SLEEPS), _(
        "expected {expected} child processes, one per sleeper, but {count} "
        "ran").format(expected=len(SLEEPS), count=len(children))
    apart = not_all_alive_at_once(children)
    assert apart is None, _(
        "the four children were never all alive at the same time: child "
        "{later} started only after child {earlier} had ended ({gap:.2f} s "
        "later)").format(
            later=children.index(apart[1]) + 1,
            earlier=children.index(apart[0]) + 1,
            gap=apart[1]["appeared"] - apart[0]["running_until"])
