"""What docs/isolation.md claims about the output of examples/isolation/ (see engine/claims.py)."""
from engine.claims import claim


@claim("isolation/isolated_global.py")
def parent_still_prints_china(result):
    assert result.text == ["China"]


# -- exercises --------------------------------------------------------------

@claim("isolation/isolated_list.py")
def each_process_appends_to_its_own_list(result):
    assert result.text == ["子进程 visitors: ['child']",
                           "主进程 visitors: ['main']"]
