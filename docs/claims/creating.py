"""What docs/creating.md claims about the output of examples/creating/ (see engine/claims.py)."""
from engine.claims import claim, number_after, index


@claim("creating/process_function.py")
def child_is_over_after_its_three_second_sleep(result):
    assert index(result, "meta is running") < index(result, "meta is over")
    assert 3.0 <= result.time_of("the subprocess meta is over") < 30  # 30: a hang


@claim("creating/process_function.py")
def main_prints_before_the_child_is_over(result):
    assert index(result, "主进程") < index(result, "the subprocess meta is over")


@claim("creating/process_subclass.py")
def subclass_child_is_over_after_its_three_second_sleep(result):
    assert index(result, "mi_chat is running") < index(result, "mi_chat is over")
    assert 3.0 <= result.time_of("the subprocess mi_chat is over") < 30  # 30: a hang


@claim("creating/process_subclass.py")
def subclass_main_prints_before_the_child_is_over(result):
    assert index(result, "主进程") < index(result, "the subprocess mi_chat is over")


# -- exercises --------------------------------------------------------------

@claim("creating/run_instead_of_start.py")
def run_executes_the_target_in_the_main_process(result):
    child = number_after(result, "running in process")
    assert child == number_after(result, "主进程")
    assert result.text[-1].startswith("主进程")  # run() returned first
    assert result.time_of("meta is over") >= 1.0
