"""Provenance: the same statement carried by several outlets, lightly edited, is one group of quotations
whose source is the earliest article carrying it (by the article's date, then ingest order).

Quotations are compared as sets of word shingles (pairs of consecutive words) of their normalised, lightly
stemmed text, so «وأكد أن الدراسات اكتملت» and «الدراسات قد اكتملت» still share most shingles. MinHash
signatures and an LSH index from `datasketch` find the candidates; a candidate joins a group when the
MinHash estimate of its Jaccard similarity to the group's source reaches `THRESHOLD`.

Quotations are visited oldest first and only a group's source goes into the index, so every group is
anchored on its source text and the index holds one entry per distinct statement, not per quotation.
"""
from __future__ import annotations

import hashlib
import sqlite3
from functools import lru_cache
from typing import Any

from khabar.store.columns import QUOTE_FROM, row_dict, select_list
from khabar.store.textkeys import WORD, stem_text

NUM_PERM = 128
# LSH banding weighted against false negatives (a missed copy is worse than a candidate checked for nothing):
# 30 bands of 4 rows find a pair at Jaccard 0.6 with probability 0.98; every candidate is then verified.
LSH_WEIGHTS = (0.2, 0.8)
THRESHOLD = 0.5
MIN_WORDS = 3  # shorter quotations («نعم»، «لا تعليق») say too little to be traced to a source
TEMP_CACHE_KB = 16384  # SQLite page cache of the temporary tables of a rebuild (a fixed 16 MB, whatever the store)


def shingles(text_stem: str) -> list[bytes]:
    words = WORD.findall(text_stem)
    if len(words) < MIN_WORDS:
        return []
    return sorted({f"{a} {b}".encode("utf-8") for a, b in zip(words, words[1:])})


@lru_cache(maxsize=1)
def _template() -> Any:
    from datasketch import MinHash

    return MinHash(num_perm=NUM_PERM, seed=1)


def minhash(shingle_list: list[bytes]) -> Any:
    """A MinHash of the shingles, sharing one set of permutations (building them is the slow part)."""
    from datasketch import MinHash

    t = _template()
    m = MinHash(num_perm=NUM_PERM, permutations=t.permutations, scheme=t.scheme)
    m.update_batch(shingle_list)
    return m


def _bands(threshold: float) -> list[tuple[int, int]]:
    """The LSH bands (slices of the signature) `datasketch` chooses for this threshold and weighting."""
    from datasketch import MinHashLSH

    return list(MinHashLSH(threshold=threshold, num_perm=NUM_PERM, weights=LSH_WEIGHTS).hashranges)


def _band_keys(values: Any, bands: list[tuple[int, int]]) -> list[tuple[int]]:
    """One signed 64-bit key per band of a signature; two signatures equal on a band share its key. Keys of
    unequal bands may collide (rarely): candidates are checked band by band on their signatures."""
    return [(int.from_bytes(hashlib.blake2b(values[s:e].tobytes(), digest_size=8, person=b"band%d" % i).digest(),
                            "little", signed=True),) for i, (s, e) in enumerate(bands)]


def rebuild_groups(conn: sqlite3.Connection, threshold: float = THRESHOLD) -> int:
    """Recompute `quote_groups` and `quotes.group_id` (set only on groups of two or more quotations);
    runs in the caller's transaction. Returns the number of such groups.

    The LSH index, the sources' signatures and the members live in temporary SQLite tables, not in Python:
    they grow with the corpus (about 30 band keys and a 1 KB signature per distinct statement, some 13 KB
    each as Python objects), and SQLite keeps them within its page cache and a temporary file, so memory
    stays flat however large the store. Candidates and choices are exactly those of an in-memory
    `datasketch.MinHashLSH` with the same bands: a candidate shares at least one band with the quotation."""
    import numpy as np

    conn.execute("UPDATE quotes SET group_id = NULL WHERE group_id IS NOT NULL")
    conn.execute("DELETE FROM quote_groups")
    conn.execute(f"PRAGMA temp.cache_size = -{TEMP_CACHE_KB}")  # fixed: the index pages stay in memory
    _temp_tables(conn)
    bands = _bands(threshold)
    band_slices = np.array([[s, e] for s, e in bands])
    same_band = _band_matcher(band_slices)
    rows = conn.execute(
        "SELECT q.rowid, q.text_stem FROM quotes q JOIN articles a ON a.rowid = q.article_rowid "
        "ORDER BY a.date IS NULL, a.date, a.rowid, q.idx"
    )
    key_marks = ",".join("?" * len(bands))
    query = (f"SELECT s.quote, s.sig FROM temp.group_source s WHERE s.quote IN "
             f"(SELECT source FROM temp.group_band WHERE key IN ({key_marks}))")
    for rowid, text_stem in rows:
        sh = shingles(text_stem)
        if not sh:
            continue
        values = minhash(sh).hashvalues
        keys = _band_keys(values, bands)
        best, best_j = None, 0.0
        for cand, sig in conn.execute(query, [k for (k,) in keys]):  # the most similar; the older on a tie
            other = np.frombuffer(sig, dtype=values.dtype)
            if not same_band(values, other):  # only a collision of two band keys
                continue
            j = float(np.count_nonzero(values == other)) / float(NUM_PERM)
            if j >= threshold and (best is None or (j, -cand) > (best_j, -best)):
                best, best_j = cand, j
        if best is None:
            conn.execute("INSERT INTO temp.group_source (quote, sig) VALUES (?, ?)", (rowid, values.tobytes()))
            conn.executemany("INSERT OR IGNORE INTO temp.group_band (key, source) VALUES (?, ?)",
                             [(k, rowid) for (k,) in keys])
            best = rowid
        conn.execute("INSERT INTO temp.group_member (quote, source) VALUES (?, ?)", (rowid, best))
    # groups numbered in the order their sources were met (oldest first), as before
    conn.execute(
        "INSERT INTO quote_groups (source_quote, size) SELECT s.quote, count(*) FROM temp.group_source s "
        "JOIN temp.group_member m ON m.source = s.quote GROUP BY s.seq HAVING count(*) >= 2 ORDER BY s.seq"
    )
    conn.execute("INSERT INTO temp.group_of (source, id) SELECT source_quote, id FROM quote_groups")
    conn.execute(
        "UPDATE quotes SET group_id = (SELECT g.id FROM temp.group_member m JOIN temp.group_of g "
        "ON g.source = m.source WHERE m.quote = quotes.rowid) WHERE rowid IN (SELECT m.quote FROM "
        "temp.group_member m JOIN temp.group_of g ON g.source = m.source)"
    )
    groups = conn.execute("SELECT count(*) FROM temp.group_of").fetchone()[0]
    for table in _TEMP_TABLES:
        conn.execute(f"DROP TABLE temp.{table}")
    return int(groups)


_TEMP_TABLES = {
    "group_source": "(seq INTEGER PRIMARY KEY, quote INTEGER NOT NULL UNIQUE, sig BLOB NOT NULL)",
    "group_band": "(key INTEGER NOT NULL, source INTEGER NOT NULL, PRIMARY KEY (key, source)) WITHOUT ROWID",
    "group_member": "(quote INTEGER PRIMARY KEY, source INTEGER NOT NULL)",
    "group_of": "(source INTEGER PRIMARY KEY, id INTEGER NOT NULL)",
}


def _temp_tables(conn: sqlite3.Connection) -> None:
    """Fresh temporary tables for one rebuild (left over only by a rebuild that failed on this connection)."""
    for table, columns in _TEMP_TABLES.items():
        conn.execute(f"DROP TABLE IF EXISTS temp.{table}")
        conn.execute(f"CREATE TEMP TABLE {table} {columns}")


def _band_matcher(band_slices: Any) -> Any:
    """`same(a, b)`: True when signatures `a` and `b` are equal on at least one whole band."""
    starts, ends = band_slices[:, 0], band_slices[:, 1]
    contiguous = bool((starts[1:] == ends[:-1]).all()) and starts[0] == 0 and len(set(ends - starts)) == 1
    if contiguous:
        rows, width = len(starts), int(ends[0] - starts[0])

        def same(a: Any, b: Any) -> bool:
            return bool((a[: rows * width] == b[: rows * width]).reshape(rows, width).all(axis=1).any())
        return same

    def same_any(a: Any, b: Any) -> bool:
        return any(bool((a[s:e] == b[s:e]).all()) for s, e in band_slices)
    return same_any


def _members(conn: sqlite3.Connection, quote_id: int) -> list[dict[str, Any]]:
    """Every quotation grouped with `quote_id` (itself alone if it has no group), oldest first."""
    group = conn.execute("SELECT group_id FROM quotes WHERE rowid = ?", (quote_id,)).fetchone()
    if group and group[0] is not None:
        sql = f"SELECT {select_list()} {QUOTE_FROM} WHERE q.group_id = ? ORDER BY a.date IS NULL, a.date, a.rowid, q.idx"
        return [row_dict(r) for r in conn.execute(sql, (group[0],))]
    return [row_dict(r) for r in conn.execute(f"SELECT {select_list()} {QUOTE_FROM} WHERE q.rowid = ?", (quote_id,))]


def quote_origin(conn: sqlite3.Connection, text: str, threshold: float = THRESHOLD,
                 candidates: int = 200) -> list[dict[str, Any]]:
    """Where a statement first appeared: for each group of stored quotations near-identical to `text`
    (best match first), `{"similarity", "source", "carried_by"}` with the source's article and the other
    articles that carried it, oldest first. Candidates come from the full-text index of the stemmed text."""
    query_stem = stem_text(text)
    sh = shingles(query_stem)
    words = sorted(set(WORD.findall(query_stem)))
    if not sh or not words:
        return []
    m = minhash(sh)
    match = "text_stem : (" + " OR ".join(f'"{w}"' for w in words) + ")"
    rows = conn.execute(
        "SELECT q.rowid, q.text_stem, q.group_id FROM quotes_fts f JOIN quotes q ON q.rowid = f.rowid "
        "WHERE quotes_fts MATCH ? ORDER BY f.rank LIMIT ?", (match, int(candidates))
    ).fetchall()
    best: dict[Any, tuple[float, int]] = {}
    for rowid, stem, group in rows:
        cand = shingles(stem)
        if not cand:
            continue
        j = m.jaccard(minhash(cand))
        if j < threshold:
            continue
        key = ("g", group) if group is not None else ("q", rowid)
        if key not in best or j > best[key][0]:
            best[key] = (j, rowid)
    out = []
    for j, rowid in sorted(best.values(), key=lambda v: -v[0]):
        members = _members(conn, rowid)
        out.append({"similarity": round(j, 3), "source": members[0], "carried_by": members[1:]})
    return out
