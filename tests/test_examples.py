"""Every claim about every example, checked on a fresh run of it.

One test per claim per start method, named after the claim: for example
``test_claim[parallel_join_takes_about_the_longest_sleep-join/join_parallel.py-spawn]``.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from engine import claims, config, examples
from engine.run.result import Result
from conftest import METHODS

DOCS = config.DOCS
CASES = [
    pytest.param(example, method, claim,
                 id=f"{claim.__name__}-{example.name}-{method}")
    for example in examples.examples()
    for method in METHODS
    for claim in claims.claims_for(example.name, method)
]


def every_claim() -> dict:
    """claim name -> claim function, of every claims file."""
    return {c.__name__: c for functions in claims.registry().values() for c in functions}


@pytest.mark.parametrize(("example", "method", "claim"), CASES)
def test_claim(fresh_results, example, method, claim):
    result = fresh_results[example.name, method]
    # A run that failed is the message, not the claims it then breaks.
    assert not result.timed_out, result.describe() + "\n" + result.tail()
    if not example.expect_failure:
        assert result.returncode == 0, result.describe() + "\n" + result.tail()
    try:
        claim(result)
        return
    except Exception as error:  # say it as the build does: statement and values
        failure = f"claim {claim.__name__} failed at " + claims.explain(claim, error)
    pytest.fail(failure, pytrace=False)


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize("example", examples.examples(), ids=lambda example: example.name)
def test_example_exits_as_declared(fresh_results, example, method):
    result = fresh_results[example.name, method]
    assert not result.timed_out, result.describe() + "\n" + result.tail()
    if not example.expect_failure:
        assert result.returncode == 0, result.describe() + "\n" + result.tail()


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize("script", examples.scripts())
def test_every_example_has_claims(script, method):
    shown_by = examples.entry_of(script).shown_by or script
    named = [example.name for example in examples.examples() if example.script == shown_by]
    assert named, f"examples/{script} is neither run nor shown by a run"
    for name in named:
        assert claims.claims_for(name, method), f"no claim about {name} ({method})"


def test_a_page_its_examples_and_its_claims_share_one_name():
    """docs/join.md shows examples/join/, and docs/claims/join.py holds
    every claim about them, and nothing else."""
    pages = {page.stem for page in DOCS.glob("*.md")}
    folders = {path.parts[0] for path in map(Path, examples.scripts())}
    files = {path.stem for path in config.CLAIMS.glob("*.py")}
    assert folders <= pages, "an examples/ folder without a page of its name"
    assert files == folders, "a claims file without examples, or examples without one"
    misplaced = [f"{Path(claim.__code__.co_filename).name}: {claim.__name__} ({name})"
                 for name, functions in claims.registry().items()
                 for claim in functions
                 if Path(claim.__code__.co_filename).stem != name.split("/")[0]]
    assert misplaced == []


def page_claims() -> dict[str, list[str]]:
    """claim name -> pages whose source names it in a '% claim:' comment."""
    found: dict[str, list[str]] = {}
    for page in DOCS.glob("*.md"):
        for name in re.findall(r"^% claim: (\w+)\s*$", page.read_text("utf-8"), re.M):
            found.setdefault(name, []).append(page.name)
    return found


def test_every_claim_is_stated_on_a_page():
    assert sorted(every_claim().keys() - page_claims().keys()) == []


def test_every_claim_a_page_names_exists():
    assert sorted(stated for stated in page_claims() if stated not in every_claim()) == []


def test_prose_about_one_start_methods_output_points_at_its_tab():
    """A reader sees one tab of an output at a time. Where the text after an
    example states what only some start methods print (a claim of those
    methods), it has pointed at the tabs by then: "(see the forkserver tab
    of the output above)"."""
    every = every_claim()
    unpointed = []
    for page in sorted(DOCS.glob("*.md")):
        for section in page.read_text("utf-8").split("```{example}")[1:]:
            section = re.split(r"^#+ ", section, flags=re.M)[0]  # to the next heading
            so_far = ""
            for paragraph in re.split(r"\n\s*\n", section):
                so_far += paragraph
                for name in re.findall(r"^% claim: (\w+)", paragraph, re.M):
                    if set(every[name].methods) != set(config.START_METHODS) \
                            and not re.search(r"\btabs?\b", so_far):
                        unpointed.append(f"{page.name}: {paragraph.splitlines()[0]}")
    assert unpointed == []


def test_a_failing_claim_is_reported_with_its_name(fresh_results):
    """check() turns a claim that does not hold into a message naming it."""
    result = fresh_results["isolation/isolated_global.py", METHODS[0]]
    result = Result(**{**result.__dict__, "lines": [[0.1, "USA"]]})
    (failure,) = claims.check("isolation/isolated_global.py", result)
    assert "parent_still_prints_china" in failure


def test_a_failing_claim_shows_what_it_expected_and_what_it_saw(fresh_results):
    """The statement that failed, with the values of its parts."""
    result = fresh_results["join/join_parallel.py", METHODS[0]]
    # Faster than the longest sleep: below the claim's exact lower bound.
    lines = [[when, "主进程 总耗时: 1.5" if "总耗时" in text else text]
             for when, text in result.lines]
    result = Result(**{**result.__dict__, "lines": lines})
    (failure,) = [f for f in claims.check("join/join_parallel.py", result)
                  if "parallel_join_takes_about_the_longest_sleep" in f]
    assert re.search(r"docs/claims/join.py:\d+: assert .*seconds_after\(result, '总耗时:'\)",
                     failure)
    assert "\n    seconds_after(result, '总耗时:') = 1.5" in failure


def test_a_failing_method_call_shows_what_it_was_called_on():
    """Not only `....startswith(...) = False`: the line it looked at too."""
    result = Result("join/join_parallel.py", [], METHODS[0], 0, False,
                                   60, 4.1, [[4.1, "done"]])
    (failure,) = [f for f in claims.check("join/join_parallel.py", result)
                  if "main_prints_total_after_every_child_is_over" in f]
    assert "\n    result.text[-1] = 'done'\n" in failure


def test_a_missing_line_is_named_as_missing(fresh_results):
    result = fresh_results["join/join_parallel.py", METHODS[0]]
    result = Result(**{**result.__dict__, "lines": result.lines[:1]})
    failures = claims.check("join/join_parallel.py", result)
    assert failures
    assert all("StopIteration" not in failure for failure in failures)
    assert any("the output has no such line" in failure for failure in failures)


def test_a_failed_run_is_reported_without_its_claims(fresh_results):
    example = examples.find("join/join_parallel.py")
    result = fresh_results[example.name, METHODS[0]]
    failed = Result(**{**result.__dict__, "lines": result.lines[:1], "returncode": 1})
    assert claims.problems(example, failed) == [failed.describe()]
