"""A process's remembered answers, emptied when full (core/bounded_memo.py)."""

from cliffhanger.core.bounded_memo import BoundedMemo


def test_a_full_memo_starts_over_for_a_new_key_only():
    memo = BoundedMemo(2)
    assert memo.put("a", 1) == 1
    memo.put("b", 2)
    memo.put("b", 3)  # a key it holds: replaced, nothing forgotten
    assert memo == {"a": 1, "b": 3}
    memo.put("c", 4)
    assert memo == {"c": 4}
