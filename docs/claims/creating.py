"""What docs/creating.md claims about the output of examples/creating/ (see engine/claims.py)."""
from engine.claims import claim, number_after, index


# The note's two ways to create a process, and the name each child prints.
CHILDREN = {"creating/process_function.py": "meta", "creating/process_subclass.py": "mi_chat"}


@claim(*CHILDREN)
def child_is_over_after_its_three_second_sleep(result):
    name = CHILDREN[result.script]
    assert index(result, f"{name} is running") < index(result, f"{name} is over")
    assert 3.0 <= result.time_of(f"the subprocess {name} is over") < 30  # 30: a hang


@claim(*CHILDREN)
def main_prints_before_the_child_is_over(result):
    name = CHILDREN[result.script]
    assert index(result, "主进程") < index(result, f"the subprocess {name} is over")


# -- exercises --------------------------------------------------------------

@claim("creating/run_instead_of_start.py")
def run_executes_the_target_in_the_main_process(result):
    child = number_after(result, "running in process")
    assert child == number_after(result, "主进程")
    assert result.text[-1].startswith("主进程")  # run() returned first
    assert result.time_of("meta is over") >= 1.0
