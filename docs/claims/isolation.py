"""What docs/isolation.md claims about the output of examples/isolation/ (see engine/claims.py)."""
from engine.claims import claim, exercise
from engine.render.words import _


@claim("isolation/isolated_global.py")
def parent_still_prints_china(result):
    assert result.text == ["China"]


# -- exercises --------------------------------------------------------------

@claim("isolation/isolated_list.py")
def each_process_appends_to_its_own_list(result):
    assert result.text == ["子进程 visitors: ['child']",
                           "主进程 visitors: ['main']"]


# -- write it: get the child's value back -------------------------------------


STARTER, SOLUTION = "isolation/send_it_back.py", "isolation/send_it_back_solution.py"
exercise("isolation", starter=STARTER, solution=SOLUTION, timeout=30, task=lambda: _(
    "Get the value the child sets back to the parent, so that it prints USA."))


def parent_says(result):
    """What the parent printed after 'parent:', or None."""
    said = [text for text in result.text if text.startswith("parent:")]
    assert said, _("no line starts with 'parent:': keep the parent's "
                   "print('parent:', nationality)")
    return said[-1].split(":", 1)[1].strip()


@claim(STARTER)
def the_starter_parent_still_prints_china(result):
    assert result.text == ["child: USA", "parent: China"]


@claim(SOLUTION)
def the_parent_prints_usa(result):
    value = parent_says(result)
    assert value == "USA", _(
        "the parent printed {value}, expected USA: the child changed only its "
        "own copy; send the value through a Queue, a Pipe or a Value").format(
            value=value)


@claim(SOLUTION)
def the_child_sets_the_value_before_the_parent_prints_it(result):
    assert "child: USA" in result.text, _(
        "the child never printed 'child: USA': the value must still come "
        "from the child")
    parent_says(result)  # there is a parent's line
    parent_line = max(i for i, text in enumerate(result.text)
                      if text.startswith("parent:"))
    assert result.text.index("child: USA") < parent_line, _(
        "the parent printed its line before the child had set the value")
