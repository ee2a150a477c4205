"""What docs/index.md claims about the output of examples/check.py (see engine/claims.py)."""
import re

from engine.claims import claim, exercises


LISTING = "check.py --lang en"
LISTING_ZH = "check.py --lang zh_CN"
SOLUTION = "check.py isolation --solution --start-method spawn --lang en"
STARTER = "check.py isolation --start-method spawn --lang en"


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
def the_model_solution_passes(result):
    assert result.returncode == 0
    said = verdicts(result)
    assert list(said) == ["spawn"]  # --start-method spawn
    assert re.fullmatch(r"passed \(\d+\.\d s\)", said["spawn"])
    assert result.text[-1] == "Passed."


@claim(STARTER)
def the_starter_fails_and_the_checker_says_why(result):
    assert result.returncode == 1
    assert verdicts(result) == {"spawn": "failed"}  # --start-method spawn
    at = result.text.index("spawn: failed")
    assert result.text[at + 1].startswith("  - the parent printed China, expected USA")
    assert result.text[-1] == "0 of 1 start methods passed."


@claim(LISTING_ZH)
def the_checker_speaks_chinese_when_asked(result):
    assert result.returncode == 0
    header, *rows = result.text
    assert header == "练习（检查你的解答：python3 examples/check.py 练习名）："
    assert [row.split()[0] for row in rows] == [e.name for e in exercises()]
    assert any("让四个睡眠的进程大约四秒就全部结束" in row for row in rows)
