"""Keys: a change reruns the runs that depend on it, and no others."""
import shutil

import pytest

from engine import config, examples, store


@pytest.fixture
def tree(tmp_path, monkeypatch):
    """A copy of examples/ that the keys read instead of the real one."""
    copy = tmp_path / "examples"
    shutil.copytree(config.EXAMPLES, copy)
    monkeypatch.setattr(config, "EXAMPLES", copy)
    return copy


def keys() -> dict[str, str]:
    return {example.name: store.key(example, "spawn") for example in examples.examples()}


def changed_by(tree, relative: str) -> set[str]:
    before = keys()
    with open(tree / relative, "a", encoding="utf-8") as script:
        script.write("# changed\n")
    after = keys()
    return {name for name in before if before[name] != after[name]}


def test_changing_one_example_changes_only_its_own_keys(tree):
    """The checker's runs (check.py) read the exercises, not every example:
    an edit to an example that is no exercise leaves them current."""
    assert changed_by(tree, "isolation/isolated_global.py") == {"isolation/isolated_global.py"}


def test_changing_an_exercise_changes_the_checker_runs_that_name_it(tree):
    changed = changed_by(tree, "isolation/send_it_back.py")
    checker_runs = {name for name in changed if name.startswith("check.py")}
    assert "isolation/send_it_back.py" in changed
    assert checker_runs == {name for name in keys()
                            if name.startswith("check.py") and " isolation " in f"{name} "}


def test_an_exercise_whose_solution_breaks_the_naming_rule_is_refused():
    from engine import claims

    with pytest.raises(ValueError, match="join/sleep_together_solution.py"):
        claims.exercise("misnamed", starter="join/sleep_together.py",
                        solution="join/answer.py", task=lambda: "")
