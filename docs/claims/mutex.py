"""What docs/mutex.md claims about the output of examples/mutex/ (see engine/claims.py)."""
import re

from engine.claims import claim, seconds_after, POSIX, index


@claim("mutex/buy_tickets.py --no-lock")
def without_lock_more_buyers_succeed_than_there_are_tickets(result):
    assert "余票 1, 5 个用户, lock: off" in result.text
    assert sum("抢票成功" in text for text in result.text) > 1


@claim("mutex/buy_tickets.py")
def with_lock_exactly_one_buyer_succeeds(result):
    assert "余票 1, 5 个用户, lock: on" in result.text
    assert sum("抢票成功" in text for text in result.text) == 1
    assert sum("抢票失败" in text for text in result.text) == 4


@claim("mutex/buy_tickets.py")
def with_lock_buyers_take_turns(result):
    # Five delays of 0.5 s, one after another: the last buyer's answer comes
    # 2.5 s after the start at the earliest.
    assert seconds_after(result, "总耗时:") >= 5 * 0.5
    assert max(when for when, text in result.lines if "抢票" in text) >= 2.5


def critical_sections(result) -> list[tuple[str, str]]:
    """(event, worker) for each enters/leaves line, in order."""
    found = []
    for text in result.text:
        match = re.fullmatch(r"(worker \d) (enters|leaves) the critical section", text)
        if match:
            found.append((match.group(2), match.group(1)))
    return found


def assert_one_at_a_time(result):
    sections = critical_sections(result)
    assert len(sections) == 6
    for position in range(0, 6, 2):
        (enters, first), (leaves, second) = sections[position:position + 2]
        assert (enters, leaves) == ("enters", "leaves") and first == second
    # Three one-second sections, one after another.
    assert seconds_after(result, "total:") >= 3.0


@claim("mutex/module_level_lock.py", methods=("fork",))
def fork_children_share_the_module_level_lock(result):
    assert_one_at_a_time(result)


@claim("mutex/module_level_lock.py", methods=("spawn", "forkserver"))
def spawned_children_each_make_their_own_lock(result):
    sections = critical_sections(result)
    assert len(sections) == 6
    assert [event for event, _ in sections[:3]] == ["enters"] * 3


@claim("mutex/module_level_lock.py --pass-lock")
def a_passed_lock_excludes_under_every_method(result):
    assert_one_at_a_time(result)


# -- exercises --------------------------------------------------------------

@claim("mutex/lock_twice.py")
def a_lock_blocks_its_own_holder_an_rlock_does_not(result):
    assert result.text[0].startswith("Lock: second acquire() -> False after")
    assert seconds_after(result, "False after") >= 1.0
    assert result.text[1].startswith("RLock: second acquire() -> True after")


@claim("mutex/module_level_lock.py", methods=("forkserver",), systems=POSIX)
def forkserver_children_leave_their_semaphores_to_the_resource_tracker(result):
    warning = index(result, "resource_tracker: There appear to be")
    # One semaphore per worker: each made its own lock when it imported the script.
    assert "There appear to be 3 leaked semaphore objects" in result.text[warning]
    # Every worker released its lock: each one left the critical section.
    assert [e for e, _ in critical_sections(result)].count("leaves") == 3


@claim("mutex/module_level_lock.py", methods=("spawn",))
def spawned_children_unlink_their_own_semaphores(result):
    assert not any("resource_tracker" in text for text in result.text)
