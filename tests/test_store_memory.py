"""The end of an ingest (corpus speakers and quotation groups rebuilt over the whole store) keeps Python's
memory flat as the store grows: its working sets live in temporary SQLite tables, not in Python lists and an
in-memory LSH index. (Peak RSS of a whole `khabar ingest` and of a `khabar batch` worker over 2,000 and
10,000 real articles is in docs/reliability.md, measured by `khabar bench-memory`.)

The stores here are made of one analysed invented article stored again and again with distinct invented
quotations, said by a fixed set of invented people: the quotations grow, the speakers do not."""
from __future__ import annotations

import copy
import gc
import random
import sqlite3
import tracemalloc
from collections import Counter
from pathlib import Path

from khabar.bench.hard import invented_word
from khabar.pipeline import process_record
from khabar.store import connect
from khabar.store.ingest import content_hash, refresh_derived, store_article

PEOPLE = ["رامي الشهابي", "دينا الحلبي", "ناصر العبيدي", "سامر النجار", "هالة النجار"]
ARTICLE = ("قال وزير المالية رامي الشهابي إن «الحكومة ستعلن خطة شاملة لإصلاح شبكة الكهرباء قبل نهاية الصيف». "
           "وأضاف الشهابي أن «الموازنة الجديدة تضع الصحة والتعليم على رأس الأولويات».")


def _store(path: Path, quotations: int) -> sqlite3.Connection:
    """A store of `quotations` distinct quotations (two per article), each its own statement; every tenth
    repeats an earlier one so that groups exist too."""
    doc = process_record({"id": "seed", "text": ARTICLE})
    assert len(doc["quotes"]) == 2, doc["quotes"]
    conn = connect(path)
    conn.execute("BEGIN")
    for n in range(quotations // 2):
        art = copy.deepcopy(doc)
        art["id"] = f"a{n:06d}"
        art["meta"] = {"date": f"2020-{1 + n % 12:02d}-{1 + n % 28:02d}"}
        for i, quote in enumerate(art["quotes"]):
            k = 2 * n + i
            said = k - 7 if k % 10 == 9 else k  # a copy of a statement made earlier
            quote["text"] = " ".join(invented_word(said * 9 + j, 5) for j in range(9))
            quote["speaker"]["name"] = PEOPLE[k % len(PEOPLE)]
        store_article(conn, art, content_hash(art["id"]), art["id"])
    conn.execute("COMMIT")
    return conn


def _peak_of_rebuild(conn: sqlite3.Connection) -> int:
    """Peak bytes Python allocated while rebuilding the derived tables (SQLite's own pages not included: its
    page cache is bounded by `cache_size`)."""
    gc.collect()
    tracemalloc.start()
    try:
        assert refresh_derived(conn, force=True)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_rebuilding_speakers_and_groups_stays_flat_as_the_quotations_grow(tmp_path: Path) -> None:
    small = _store(tmp_path / "small.db", 600)
    large = _store(tmp_path / "large.db", 3000)
    refresh_derived(small, force=True)  # modules and models loaded once, outside the measure
    small_peak = _peak_of_rebuild(small)
    large_peak = _peak_of_rebuild(large)
    # five times the quotations: an in-memory index grows about fivefold (measured 5.0x before); flat here
    assert large_peak < 1.5 * small_peak + 2_000_000, (small_peak, large_peak)
    speakers = large.execute("SELECT count(*) FROM speakers").fetchone()[0]
    groups = large.execute("SELECT count(*), sum(size) FROM quote_groups").fetchone()
    assert speakers == len(PEOPLE)
    assert groups[0] == 300 and groups[1] == 600  # every tenth quotation copies one made seven before it
    grouped = large.execute("SELECT count(*) FROM quotes WHERE group_id IS NOT NULL").fetchone()[0]
    assert grouped == 600


def test_the_rebuild_leaves_no_temporary_table_behind(tmp_path: Path) -> None:
    conn = _store(tmp_path / "s.db", 40)
    refresh_derived(conn, force=True)
    assert conn.execute("SELECT name FROM sqlite_temp_master WHERE type = 'table'").fetchall() == []
    refresh_derived(conn, force=True)  # and runs again on the same connection
    assert conn.execute("SELECT count(*) FROM speakers").fetchone()[0] == len(PEOPLE)


def _groups_in_memory(conn: sqlite3.Connection) -> dict[int, int]:
    """The grouping of the stored quotations by an in-memory `datasketch` LSH index (how groups were built
    before they moved to SQLite): quotation rowid -> its source's rowid, for groups of two or more."""
    from datasketch import MinHashLSH

    from khabar.store.provenance import LSH_WEIGHTS, NUM_PERM, THRESHOLD, minhash, shingles

    lsh = MinHashLSH(threshold=THRESHOLD, num_perm=NUM_PERM, weights=LSH_WEIGHTS)
    sources: dict[int, object] = {}
    source_of: dict[int, int] = {}
    for rowid, stem in conn.execute("SELECT q.rowid, q.text_stem FROM quotes q JOIN articles a ON "
                                    "a.rowid = q.article_rowid ORDER BY a.date IS NULL, a.date, a.rowid, q.idx"):
        sh = shingles(stem)
        if not sh:
            continue
        m = minhash(sh)
        best, best_j = None, 0.0
        for cand in lsh.query(m):
            j = m.jaccard(sources[cand])
            if j >= THRESHOLD and (best is None or (j, -cand) > (best_j, -best)):
                best, best_j = cand, j
        if best is None:
            lsh.insert(rowid, m)
            sources[rowid] = m
            best = rowid
        source_of[rowid] = best
    sizes = Counter(source_of.values())
    return {q: s for q, s in source_of.items() if sizes[s] >= 2}


def test_groups_from_the_sqlite_index_are_those_of_the_in_memory_one(tmp_path: Path) -> None:
    """Light edits of a few statements (words dropped, swapped, added at random): many near pairs around the
    threshold, where a difference in candidates would show."""
    rng = random.Random(7)
    conn = _store(tmp_path / "edits.db", 400)
    base = [[invented_word(s * 40 + w, 4) for w in range(14)] for s in range(12)]
    conn.execute("BEGIN")
    for (rowid,) in conn.execute("SELECT rowid FROM quotes ORDER BY rowid").fetchall():
        words = list(rng.choice(base))
        for _ in range(rng.randrange(0, 6)):
            op = rng.randrange(3)
            if op == 0 and len(words) > 4:
                words.pop(rng.randrange(len(words)))
            elif op == 1:
                i = rng.randrange(len(words) - 1)
                words[i], words[i + 1] = words[i + 1], words[i]
            else:
                words.insert(rng.randrange(len(words)), invented_word(rng.randrange(10_000, 20_000), 4))
        conn.execute("UPDATE quotes SET text_stem = ? WHERE rowid = ?", (" ".join(words), rowid))
    conn.execute("COMMIT")
    expected = _groups_in_memory(conn)
    assert refresh_derived(conn, force=True)
    got = {q: s for q, s in conn.execute(
        "SELECT q.rowid, g.source_quote FROM quotes q JOIN quote_groups g ON g.id = q.group_id")}
    assert len(expected) > 100 and len(set(expected.values())) > 5  # the case is not trivial
    assert got == expected
