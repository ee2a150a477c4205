"""Every example that takes options answers --help and refuses a typo."""
from __future__ import annotations

import pytest

from engine import config, examples
from engine.run import runner

WITH_OPTIONS = [script for script in examples.scripts()
                if "argparse" in (config.EXAMPLES / script).read_text("utf-8")]


def test_the_examples_with_options_are_found():
    assert {"mutex/buy_tickets.py", "mutex/module_level_lock.py",
            "server/server.py", "server/client.py"} <= set(WITH_OPTIONS)


@pytest.mark.parametrize("script", WITH_OPTIONS)
def test_help_describes_the_script_and_runs_nothing(script):
    result = runner.run(script, ["--help"], timeout=30)
    assert result.returncode == 0, result.tail()
    assert result.text[0].startswith("usage:")
    docstring = (config.EXAMPLES / script).read_text("utf-8").split('"""')[1]
    assert docstring.strip() in " ".join(result.text)


@pytest.mark.parametrize("script", WITH_OPTIONS)
def test_a_misspelt_option_is_an_error(script):
    result = runner.run(script, ["--nolock"], timeout=30)
    assert result.returncode == 2, result.tail()
    assert "unrecognized arguments: --nolock" in result.text[-1]
