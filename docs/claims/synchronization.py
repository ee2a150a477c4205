"""What docs/synchronization.md claims about the output of examples/synchronization/ (see engine/claims.py)."""
import re

from engine.claims import claim, exercise, index, lanes, not_all_alive_at_once, seconds_after
from engine.render.words import _


@claim("synchronization/event.py")
def workers_go_only_after_the_event_is_set(result):
    sets = index(result, "主进程 sets the event")
    for n in (1, 2, 3):
        waits = index(result, f"worker {n} waits; go.is_set() = ")
        goes = index(result, f"worker {n} goes")
        assert goes > sets and goes > waits
        # A worker that found the event set already started after it was set.
        if result.text[waits].endswith("True"):
            assert waits > sets
    assert result.time_of("主进程 sets the event") >= 1.5
    assert result.text[-2:] == ["go.wait(timeout=0.5) once set: True",
                                "go.wait(timeout=0.5) after clear(): False"]


@claim("synchronization/semaphore.py")
def at_most_two_workers_hold_the_semaphore(result):
    inside, seen = 0, 0
    for text in result.text:
        if re.fullmatch(r"download \d starts", text):
            inside, seen = inside + 1, seen + 1
        elif re.fullmatch(r"download \d ends", text):
            inside -= 1
        assert 0 <= inside <= 2
    assert seen == 5 and inside == 0
    # Five sections of 0.5 s, at most two at a time: three rounds at least.
    assert max(when for when, text in result.lines if text.endswith(" ends")) >= 1.5
    assert seconds_after(result, "took") >= 1.5


@claim("synchronization/condition.py")
def each_waiter_wakes_once_its_level_is_reached(result):
    raised = 0
    woke = {}
    for text in result.text:
        if text.startswith("主进程 raises the level to "):
            raised += 1
            assert text == f"主进程 raises the level to {raised}"
        elif match := re.fullmatch(r"waiter for (\d) wakes: level is (\d)", text):
            target, level = map(int, match.groups())
            # Both print while holding the condition's lock: the level a
            # waiter sees is exactly the number of raises printed before it.
            assert level == raised and level >= target
            woke[target] = level
    assert raised == 5 and set(woke) == {2, 4}


COUNTED = re.compile(r"(without a lock|with get_lock\(\)): (\d+) \(expected (\d+)\)")


def counted(result) -> dict[str, tuple[int, int]]:
    return {how: (int(total), int(expected)) for text in result.text
            if (match := COUNTED.fullmatch(text))
            for how, total, expected in [match.groups()]}


@claim("synchronization/shared_counter.py")
def an_unguarded_counter_never_gains_a_guarded_one_is_exact(result):
    totals = counted(result)
    unguarded, expected = totals["without a lock"]
    assert expected == 4 * 50_000
    assert 0 < unguarded <= expected
    assert totals["with get_lock()"] == (expected, expected)


@claim("synchronization/shared_counter.py")
def an_unguarded_counter_loses_updates(result):
    # Four processes, 50 000 read-then-write steps each, started together by
    # a Barrier: some writes overwrite others' in practically every run
    # (each one of hundreds of runs under every start method lost
    # thousands of updates). With 20 000 steps, one run in sixty on a
    # loaded machine lost none (the soak, issue 24): its four loops, a few
    # dozen milliseconds each, had not overlapped at all.
    unguarded, expected = counted(result)["without a lock"]
    assert unguarded < expected


@claim("synchronization/manager_dict.py")
def workers_fill_one_manager_dict(result):
    assert result.text == [
        "主进程 holds a DictProxy for the dict",
        "words per text: {'note': 3, 'poem': 4, 'song': 5}"]


@claim("synchronization/manager_nested_list.py")
def a_nested_list_changes_only_when_stored_again(result):
    assert result.text == ["after append_in_place(): []",
                           "after append_and_store(): ['stored']"]


# -- fix it: count every vote -------------------------------------------------

STARTER, SOLUTION = ("synchronization/tally_votes.py",
                     "synchronization/tally_votes_solution.py")
CLERKS, CHOICES = 4, ("tea", "coffee")
exercise("synchronization", starter=STARTER, solution=SOLUTION, timeout=40,
         task=lambda: _("Make the four clerks count every vote, so that each "
                        "total is exactly what was cast."))
TALLIED = re.compile(r"(\w+): (\d+) votes \(expected (\d+)\)")


def tallies(result) -> dict[str, tuple[int, int]]:
    """choice -> (votes counted, votes cast)."""
    return {choice: (int(counted), int(cast)) for text in result.text
            if (match := TALLIED.fullmatch(text))
            for choice, counted, cast in [match.groups()]}


@claim(STARTER)
def a_tally_without_a_lock_loses_votes(result):
    # Four clerks begin together at a Barrier, and each spends at least
    # 0.3 s counting, with a millisecond between each read and its write:
    # unless three of them wait that long to be scheduled, they overlap,
    # and a read between another's read and write loses a vote. (Without
    # the pause, +1 right after the read, one run in about 50 under
    # forkserver on a loaded machine lost nothing.)
    counted = tallies(result)
    assert counted["tea"][1] == 2 * counted["coffee"][1] == CLERKS * 200
    for choice in CHOICES:
        votes, cast = counted[choice]
        assert 0 < votes < cast


@claim(SOLUTION)
def every_vote_is_counted_exactly_once(result):
    counted = tallies(result)
    for choice in CHOICES:
        assert choice in counted, _(
            "no line gives the total for {choice}: keep the main process's "
            "print of each choice and its expected total").format(choice=choice)
        votes, cast = counted[choice]
        assert votes <= cast, _(
            "{choice} got {votes} votes but only {cast} were cast: each vote "
            "must be added once").format(choice=choice, votes=votes, cast=cast)
        assert votes == cast, _(
            "{choice} got {votes} votes, expected {cast}: {lost} were lost. "
            "Two clerks read the same count and each wrote it back plus one; "
            "put the read and the write under one lock that every clerk "
            "shares").format(choice=choice, votes=votes, cast=cast,
                             lost=cast - votes)


@claim(SOLUTION, record=True)
def the_four_clerks_count_at_the_same_time(result):
    # The manager process is a child too; the clerks are the others.
    clerks = [c for c in lanes(result, "child")
              if not c["name"].startswith("SyncManager")]
    assert len(clerks) == CLERKS, _(
        "expected {expected} clerk processes, but {count} ran").format(
            expected=CLERKS, count=len(clerks))
    apart = not_all_alive_at_once(clerks)
    assert apart is None, _(
        "the clerks took turns instead of counting at the same time: clerk "
        "{later} started only after clerk {earlier} had ended; start them "
        "all, then join them all").format(
            later=clerks.index(apart[1]) + 1,
            earlier=clerks.index(apart[0]) + 1)
