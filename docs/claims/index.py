"""What docs/index.md claims about the output of examples/check.py (see engine/claims.py)."""
import re

from engine.claims import claim, exercises

LISTING = "check.py --lang en"
SOLUTION = "check.py isolation --solution --lang en"
STARTER = "check.py isolation --lang en"
STARTER_ZH = "check.py isolation --lang zh_CN --start-method spawn"


@claim(LISTING)
def the_checker_lists_every_exercise_with_its_task(result):
    assert result.returncode == 0
    header, *rows = result.text
    assert "python3 examples/check.py NAME" in header
    assert [row.split()[0] for row in rows] == [e.name for e in exercises()]
    assert all(len(row.split(None, 2)) == 3 for row in rows)  # name, page, task


def verdicts(result) -> dict[str, str]:
    """start method -> the rest of its verdict line ("passed (1.5 s)", "failed")."""
    return dict(re.fullmatch(r"(fork|spawn|forkserver): (.*)", text).groups()
                for text in result.text if re.fullmatch(r"(fork|spawn|forkserver): .*", text))


@claim(SOLUTION)
def the_model_solution_passes_under_every_start_method(result):
    assert result.returncode == 0
    said = verdicts(result)
    assert "spawn" in said  # every system has spawn
    assert all(re.fullmatch(r"passed \(\d+\.\d s\)", verdict) for verdict in said.values())
    assert result.text[-1] == "Passed under every start method: well done."


@claim(STARTER)
def the_starter_fails_and_the_checker_says_why(result):
    assert result.returncode == 1
    said = verdicts(result)
    assert "spawn" in said and set(said.values()) == {"failed"}
    for method in said:
        at = result.text.index(f"{method}: failed")
        assert result.text[at + 1].startswith("  - the parent printed China, expected USA")
    assert result.text[-1] == f"0 of {len(said)} start methods passed."


@claim(STARTER_ZH)
def the_checker_speaks_chinese_when_asked(result):
    assert result.returncode == 1
    assert result.text[0].startswith("练习 isolation：")
    verdicts = [text for text in result.text if text.endswith("：未通过")]
    assert "spawn：未通过" in verdicts
    for verdict in verdicts:
        at = result.text.index(verdict)
        assert result.text[at + 1].startswith("  - 父进程打印的是 China，期望的是 USA")
    assert verdicts == ["spawn：未通过"]  # --start-method spawn: that one only
    assert result.text[-1] == "1 种启动方法中通过了 0 种。"
