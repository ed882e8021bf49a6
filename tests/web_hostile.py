"""A small store for the web hardening and fuzz tests: the bundled demo corpus, the hostile articles of
`test_web` (HTML/JS and bidi controls in text, title and source) and articles whose ids, titles, sources
and speaker names carry SQL, FTS5 syntax and path-traversal strings.

Everything is invented (people, outlets, places). `store_digest` is a hash of every row of every table,
to prove a run of hostile requests changed nothing in the store.
"""
from __future__ import annotations

import hashlib
import json
import sqlite3
from pathlib import Path
from collections.abc import Iterator
from typing import Any

from test_web import ATTR, HOSTILE, SCRIPT

SQL = "'; DROP TABLE articles;--"
FTS = '"الميناء* NEAR( AND OR ^ : ) (('
TRAVERSAL = "../../etc/passwd"

# (id, title, source, speaker as written in the text) per article; the text quotes the speaker directly so
# the speaker's name (with its markup) becomes a corpus speaker.
INJECTED = [
    {"id": TRAVERSAL, "title": f"عنوان {SQL}", "source": f"وكالة {FTS}", "date": "2026-06-03",
     "text": f"وقال مدير الميناء وليد السرحاني: «سنغلق الرصيف الشرقي أسبوعاً كاملاً {SQL} للصيانة».\n"
             "وأوضح السرحاني أن العمال سيعودون بعد العيد."},
    {"id": f"{SQL} ../x", "title": f"{FTS} {SCRIPT}", "source": "صحيفة الرمال",  "date": "2026-06-04",
     "text": f"وقالت رئيسة النقابة {SCRIPT} سهى البرقاوي: «لن نقبل {FTS} بأي تأجيل جديد للتعويضات».\n"
             "وتجمع الصيادون أمام مبنى البلدية."},
    {"id": "نص/بمسار/عربي", "title": "خبر بمعرّف فيه شرطات", "source": "إذاعة الوادي الأخضر", "date": "2026-06-05",
     "text": "قال رئيس البلدية فارس العتيبي: «المشروع \"الكبير\" سيكتمل قبل نهاية العام AND OR NOT».\n"
             "وأضاف أن الكلفة لم تتغير."},
]


# The pipeline never makes a speaker or entity name out of markup, but a store can be fed analysed documents
# from elsewhere (`khabar batch` output): this one is stored as given, with markup in both names.
CRAFTED_TEXT = ("وقال المهندس نادر الفخراني: «سنسلم الجسر الجديد في الموعد المحدد».\n"
                "وأضاف الفخراني أن العمل مستمر في مدينة الرمال.")
CRAFTED_SPEAKER = f"{SCRIPT} نادر الفخراني"
CRAFTED_ENTITY = f"مدينة {ATTR}"


def records() -> list[dict[str, Any]]:
    return HOSTILE + INJECTED


def _crafted() -> dict[str, Any]:
    from khabar.pipeline import extract

    doc = extract(CRAFTED_TEXT, id="crafted-names").to_dict()
    doc["meta"] = {"title": f"جسر {SCRIPT}", "source": f"نشرة {ATTR}", "date": "2026-06-06"}
    for q in doc["quotes"]:
        q["speaker"]["name"] = CRAFTED_SPEAKER
    doc["entities"].append({"id": "e99", "name": CRAFTED_ENTITY, "type": "LOC", "roles": [],
                            "mentions": [{"start": 102, "end": 112, "text": "مدينة الرمال", "label": "LOC"}]})
    return doc


def build(folder: Path) -> Path:
    """Ingest the demo corpus and the hostile records into a new store under `folder`."""
    from khabar.cli.web import DEMO
    from khabar.store import connect, ingest_paths, refresh_derived
    from khabar.store.ingest import content_hash, store_article

    src = folder / "hostile.jsonl"
    src.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records()), encoding="utf-8")
    db = folder / "hostile.db"
    conn = connect(db)
    try:
        stats = ingest_paths(conn, [str(DEMO), str(src)])
        assert stats.failed == 0, stats.to_dict()
        conn.execute("BEGIN IMMEDIATE")
        store_article(conn, _crafted(), content_hash(CRAFTED_TEXT), "crafted")
        conn.execute("COMMIT")
        refresh_derived(conn)
    finally:
        conn.close()
    return db


def store_digest(db: Path) -> str:
    """SHA-256 of every row of every table (sqlite_master included), in a fixed order."""
    conn = sqlite3.connect(f"{Path(db).resolve().as_uri()}?mode=ro", uri=True)
    try:
        h = hashlib.sha256()
        for line in conn.iterdump():
            h.update(line.encode("utf-8", "surrogatepass"))
        return h.hexdigest()
    finally:
        conn.close()


def guarded_store(folder: Path) -> Iterator[Path]:
    """A module fixture's body: build the hostile store, hand it out, and fail the module if any request
    changed a row of it."""
    db = build(folder)
    before = store_digest(db)
    yield db
    assert store_digest(db) == before, "a request changed the store"
