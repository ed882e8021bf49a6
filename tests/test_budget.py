"""The per-article time budget (`--max-seconds`): an article built to be slow is refused by name as over
budget and every door goes on with the rest.

Most tests replace the budget's clock by one that advances a second at every reading, so a budget of N
seconds means "N checks": the slow article (hundreds of sentences, each checked) runs out, a short one does
not, on any machine and under any load. One test uses the real clock with a tiny budget.
"""
from __future__ import annotations

import json
import sqlite3
import time
from itertools import count
from pathlib import Path

import pytest

from khabar import budget
from khabar.article import Article
from khabar.bench.hard import many_names
from khabar.budget import Deadline, OverBudgetError, check_seconds
from khabar.cli import main
from khabar.errors import InputError, ParameterError
from khabar.pipeline import Options, extract, run
from khabar.stage import stage

from conftest import ARTICLE

SLOW = many_names(200)  # 200 sentences, each quoted: hundreds of budget checks
CHECKS = 80.0  # a short article passes well under this many checks; the slow one goes far past it


@pytest.fixture
def ticking(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each reading of the budget's clock is one second later than the one before."""
    ticks = count()
    monkeypatch.setattr(budget, "_clock", lambda: float(next(ticks)))


def test_a_short_article_stays_within_a_budget_the_slow_one_overruns(ticking: None) -> None:
    assert extract(ARTICLE, id="short", options=Options(max_seconds=CHECKS)).quotes
    with pytest.raises(OverBudgetError) as info:
        extract(SLOW, id="slow-article", options=Options(max_seconds=CHECKS))
    assert isinstance(info.value, InputError)  # every door already reports an InputError by name and goes on
    assert info.value.source == "slow-article"
    assert "over the time budget of 80 s" in info.value.reason and "--max-seconds" in info.value.reason


def test_the_budget_is_checked_inside_the_quotation_loop_not_only_between_stages(ticking: None) -> None:
    with pytest.raises(OverBudgetError) as info:
        extract(SLOW, id="slow-article", options=Options(max_seconds=CHECKS))
    assert info.value.where.startswith("quotations:")


def test_no_budget_means_no_check(ticking: None) -> None:
    assert extract(SLOW, id="slow-article", options=Options(max_seconds=0)).quotes


def test_a_stage_that_overruns_stops_the_pipeline_before_the_next_stage() -> None:
    ran: list[str] = []

    @stage(provides=())
    def dawdle(article: Article, options: Options) -> None:
        time.sleep(0.05)

    @stage(provides=())
    def after(article: Article, options: Options) -> None:
        ran.append("after")

    with pytest.raises(OverBudgetError) as info:
        run(Article(text="نص قصير", id="x"), Options(max_seconds=0.01), stages=[dawdle, after])
    assert ran == [] and info.value.where == "before stage after"


def test_the_callers_options_are_not_changed_by_a_run() -> None:
    options = Options(max_seconds=30)
    extract(ARTICLE, options=options)
    assert options.deadline is None  # a batch shares one Options between all its articles


def test_with_the_real_clock_a_slow_article_is_refused_under_a_tiny_budget() -> None:
    extract(ARTICLE)  # models loaded first: what is measured is the article
    with pytest.raises(OverBudgetError):
        extract(SLOW, id="slow-article", options=Options(max_seconds=0.01))


def test_a_deadline_past_its_time_raises_and_one_without_a_budget_never_does() -> None:
    past = Deadline(0.001, "doc")
    time.sleep(0.01)
    assert past.expired()
    with pytest.raises(OverBudgetError, match="doc: over the time budget"):
        past.check("somewhere")
    Deadline(0, "doc").check("anywhere")


@pytest.mark.parametrize("bad", [-1, "soon", float("nan"), float("inf")])
def test_a_budget_that_is_not_a_finite_number_of_seconds_is_refused(bad: object) -> None:
    with pytest.raises(ParameterError, match="max_seconds"):
        check_seconds(bad)


def test_cli_refuses_a_negative_budget(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["extract", "-", "--max-seconds", "-1"])
    assert info.value.code == 2 and "--max-seconds" in capsys.readouterr().err


def _two_files(tmp_path: Path) -> tuple[Path, Path]:
    slow, short = tmp_path / "slow.txt", tmp_path / "short.txt"
    slow.write_text(SLOW, encoding="utf-8")
    short.write_text(ARTICLE, encoding="utf-8")
    return slow, short


def test_extract_reports_the_slow_article_by_name_and_writes_the_rest(ticking: None, tmp_path: Path,
                                                                      capsys: pytest.CaptureFixture[str]) -> None:
    slow, short = _two_files(tmp_path)
    assert main(["extract", str(slow), str(short), "--format", "jsonl", "--max-seconds", str(CHECKS)]) == 1
    out, err = capsys.readouterr()
    assert [json.loads(line)["id"] for line in out.splitlines()] == ["short"]
    assert f"{slow}: over the time budget" in err


def test_ingest_stores_the_rest_and_records_the_slow_article_as_an_error(ticking: None, tmp_path: Path) -> None:
    slow, short = _two_files(tmp_path)
    db = tmp_path / "k.db"
    assert main(["ingest", str(slow), str(short), "--db", str(db), "--quiet", "--max-seconds", str(CHECKS)]) == 1
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT count(*) FROM articles").fetchone()[0] == 1
    [(source, reason)] = conn.execute("SELECT source, reason FROM errors").fetchall()
    assert source == str(slow) and "over the time budget" in reason


def test_a_batch_worker_counts_the_slow_record_among_failures_by_reason(ticking: None) -> None:
    from khabar.batch.worker import reason_key, run_records
    from khabar.readers.records import Record

    records = [Record({"id": "slow", "text": SLOW}, origin="in.jsonl:1"),
               Record({"id": "short", "text": ARTICLE}, origin="in.jsonl:2")]
    results = list(run_records(records, Options(max_seconds=CHECKS)))
    assert [status for status, _ in results] == ["error", "ok"]
    failure = results[0][1]
    assert failure["source"] == "in.jsonl:1" and failure["id"] == "slow"
    assert reason_key(failure["reason"]).startswith("over the time budget of N s")


def test_batch_cli_reports_the_slow_record_over_a_tiny_budget_in_its_manifest(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"id": "slow", "text": SLOW}, ensure_ascii=False) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    assert main(["batch", str(src), "--out", str(out), "--quiet", "--workers", "1", "--max-seconds", "0.01"]) == 2  # nothing produced
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["options"]["max_seconds"] == 0.01 and "deadline" not in manifest["options"]
    assert any(reason.startswith("over the time budget") for reason in manifest["failures_by_reason"])


def test_the_api_answers_422_naming_the_budget_and_serves_the_next_request(ticking: None) -> None:
    pytest.importorskip("httpx")
    from fastapi.testclient import TestClient

    from khabar.web import create_app

    client = TestClient(create_app(None, max_seconds=CHECKS), raise_server_exceptions=False)
    slow = client.post("/api/extract", json={"id": "slow-article", "text": SLOW})
    assert slow.status_code == 422
    assert "slow-article: over the time budget of 80 s" in slow.json()["error"]["message"]
    assert client.post("/api/hashtag", json={"text": SLOW}).status_code == 422
    assert client.post("/api/extract", json={"text": ARTICLE}).status_code == 200


def test_the_budget_is_checked_inside_named_entity_tagging(monkeypatch: pytest.MonkeyPatch) -> None:
    """A long article is checked all along the NER's passes, not only before and after the stage."""
    wheres: list[str] = []
    real_check = Deadline.check

    def spy(self: Deadline, where: str) -> None:
        wheres.append(where)
        real_check(self, where)

    monkeypatch.setattr(Deadline, "check", spy)
    extract(SLOW, id="slow-article", options=Options(max_seconds=600))
    start, end = wheres.index("before stage ner_stage"), wheres.index("before stage entities_stage")
    inside = wheres[start + 1:end]
    assert {"named entities: reading words", "named entities: first pass"} <= set(inside), inside
    assert len(inside) >= 3


def test_an_article_over_budget_inside_the_tagger_is_refused_there(ticking: None) -> None:
    from khabar.entities.ner.crf.tagger import tag_spans
    from khabar.arabic.tokens import tokenize

    text = SLOW
    offsets = tokenize(text)
    deadline = Deadline(2, "slow-article")  # the ticking clock: the third reading is past it
    with pytest.raises(OverBudgetError) as info:
        tag_spans(text, offsets, check_time=deadline.check)
    assert info.value.where.startswith("named entities:")
    assert tag_spans("قال سامر الحداد إن الطريق مفتوح.", [(0, 3), (4, 8), (9, 15)], check_time=deadline.check) \
        is not None  # a short text asks nothing: fewer words than one check's worth
