"""`positions_where` and `next_position` (khabar.text.intervals): the scans of the quotation wing and the
entity grouping step over the tokens no reading can start at with them, so they must list exactly the
tokens a scan over every token would stop at, and ask each distinct word once."""
from __future__ import annotations

from collections import Counter

from hypothesis import given, strategies as st

from khabar.text.intervals import next_position, positions_where

WORDS = st.lists(st.sampled_from(["قال", "وزير", "في", "وادي", "النخيل", "،", "إن"]), max_size=40)


@given(WORDS, st.sets(st.sampled_from(["قال", "وزير", "وادي", "إن"])))
def test_positions_are_the_kept_words_in_order_each_word_asked_once(words: list[str], keep: set[str]) -> None:
    asked: Counter[str] = Counter()

    def keeps(w: str) -> bool:
        asked[w] += 1
        return w in keep

    assert positions_where(words, keeps) == [i for i, w in enumerate(words) if w in keep]
    assert set(asked) == set(words) and all(n == 1 for n in asked.values())


@given(WORDS, st.sets(st.sampled_from(["قال", "وزير", "وادي", "إن"])), st.integers(1, 3))
def test_a_walk_by_next_position_stops_where_a_token_by_token_scan_does(
        words: list[str], keep: set[str], step: int) -> None:
    """A scan that moves `step` tokens on after each stop, walked both ways."""
    n = len(words)
    one_by_one, i = [], 0
    while i < n:
        if words[i] in keep:
            one_by_one.append(i)
            i += step
        else:
            i += 1
    live = positions_where(words, lambda w: w in keep)
    walked, i = [], 0
    while (i := next_position(live, i, n)) < n:
        walked.append(i)
        i += step
    assert walked == one_by_one


def test_next_position_gives_the_end_when_none_is_left() -> None:
    assert next_position([2, 5], 0, 9) == 2
    assert next_position([2, 5], 3, 9) == 5
    assert next_position([2, 5], 6, 9) == 9
    assert next_position([], 0, 4) == 4
