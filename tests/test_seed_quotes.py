"""The seed article's twelve statements, read the way its gold says (skipped without ../shared)."""
from __future__ import annotations

import json

import pytest

from khabar import extract
from khabar.eval.gate import find_shared
from khabar.eval.quotes import fold_for_scoring, pair_up


@pytest.fixture(scope="module")
def seed():
    shared = find_shared()
    if shared is None:
        pytest.skip("../shared not found")
    gold = json.loads((shared / "eval" / "dev" / "seed.jsonl").read_text(encoding="utf-8").splitlines()[0])
    return gold, extract(gold["text"])


def test_all_twelve_found_with_full_speaker_names(seed) -> None:
    gold, article = seed
    pred = [q.to_dict() for q in article.quotes]
    pairs = pair_up(gold["quotes"], pred)
    assert len(pairs) == len(gold["quotes"]) == 12 and len(pred) == 12
    for gi, pi in pairs:
        assert fold_for_scoring(pred[pi]["speaker"]["name"]) == fold_for_scoring(gold["quotes"][gi]["speaker"])


def test_last_statement_has_its_addressee_and_agency(seed) -> None:
    _, article = seed
    last = article.quotes[-1]
    assert last.speaker.name == "دونالد ترامب"
    assert last.addressee is not None and last.addressee.name == "مصطفى الكاظمي"
    assert last.via is not None and last.via.name == "وكالة الأنباء العراقية"


def test_channels_of_the_tweet_and_the_press_conference(seed) -> None:
    gold, article = seed
    pred = [q.to_dict() for q in article.quotes]
    for gi, pi in pair_up(gold["quotes"], pred):
        if gold["quotes"][gi].get("channel") in ("tweet", "press conference"):
            assert pred[pi].get("channel") == gold["quotes"][gi]["channel"], gold["quotes"][gi]["text"][:40]


def test_one_entity_id_per_speaker(seed) -> None:
    _, article = seed
    ids: dict[str, set[str]] = {}
    for q in article.quotes:
        ids.setdefault(q.speaker.name, set()).add(q.speaker.entity_id)
    assert all(len(v) == 1 for v in ids.values()), ids
    assert len({i for v in ids.values() for i in v}) == len(ids)
