"""What a page shows of a captured line: as a terminal would, never raw."""
from __future__ import annotations

import pytest

from engine.render import example as example_output, tabs, words
from engine.run import runner, terminal


@pytest.fixture
def in_language(tmp_path):
    """Render in a language, as a build in that language does."""
    yield lambda language: words.use(language, tmp_path)
    words.use("en", tmp_path)


def rendered(lines) -> str:
    """The HTML of one output panel showing ``lines``."""
    result = runner.Result("x.py", [], "fork", 0, False, 60, 0.1, lines)
    (tab,) = tabs.tabs([result])
    return example_output.panel(tab)


@pytest.mark.parametrize("control", ["\u202a", "\u202b", "\u202c", "\u202d", "\u202e",
                                     "\u2066", "\u2067", "\u2068", "\u2069"])
def test_bidirectional_controls_are_shown_not_obeyed(control):
    page = rendered([[0.1, f"user {control}txt.exe"]])
    assert control not in page
    assert f"user &lt;U+{ord(control):04X}&gt;txt.exe" in page


def test_the_cut_note_of_a_long_line_is_in_the_pages_language(tmp_path, in_language):
    path = tmp_path / "long.py"
    path.write_text("print('x' * 5000)\n")
    result = runner.run(path)
    cut = 5000 - terminal.MAX_LINE_CHARS
    in_language("zh_CN")
    page = rendered(result.lines)
    assert f"[… 另有 {cut} 个字符未显示]" in page
    assert "characters cut" not in page
    in_language("en")
    assert f"[… {cut} characters cut]" in rendered(result.lines)


@pytest.mark.parametrize("paths, line, shown", [
    ({"project": "/Users/runner/work/notes/notes", "home": "/Users/runner",
      "executable": "/Users/runner/hostedtoolcache/Python/3.13.1/arm64/bin/python3"},
     'File "/Users/runner/work/notes/notes/examples/x.py", line 3',
     'File "…/concurrency-notes/examples/x.py", line 3'),
    ({"project": r"D:\a\notes\notes", "home": r"C:\Users\runneradmin",
      "base_prefix": r"C:\hostedtoolcache\windows\Python\3.13.1\x64"},
     r'File "d:\a\notes\notes\examples\x.py", line 3, from '
     r'C:\hostedtoolcache\windows\Python\3.13.1\x64\Lib\pickle.py',
     r'File "…\concurrency-notes\examples\x.py", line 3, from …\Lib\pickle.py'),
])
def test_a_merged_results_paths_are_shown_neutral(paths, line, shown):
    """Results from macOS and Windows runners name their own machine's paths."""
    result = runner.Result("x.py", [], "spawn", 0, False, 60, 0.1, [[0.1, line]],
                           paths=paths)
    (tab,) = tabs.tabs([result])
    page = example_output.panel(tab)
    assert example_output.html.escape(shown) in page
