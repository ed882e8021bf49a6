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


def rebuild_groups(conn: sqlite3.Connection, threshold: float = THRESHOLD) -> int:
    """Recompute `quote_groups` and `quotes.group_id` (set only on groups of two or more quotations);
    runs in the caller's transaction. Returns the number of such groups."""
    from datasketch import MinHashLSH

    conn.execute("UPDATE quotes SET group_id = NULL WHERE group_id IS NOT NULL")
    conn.execute("DELETE FROM quote_groups")
    lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM, weights=LSH_WEIGHTS)
    sources: dict[int, Any] = {}  # source quote rowid -> its MinHash
    members: dict[int, list[int]] = {}
    rows = conn.execute(
        "SELECT q.rowid, q.text_stem FROM quotes q JOIN articles a ON a.rowid = q.article_rowid "
        "ORDER BY a.date IS NULL, a.date, a.rowid, q.idx"
    )
    for rowid, text_stem in rows:
        sh = shingles(text_stem)
        if not sh:
            continue
        m = minhash(sh)
        best, best_j = None, 0.0
        for cand in lsh.query(m):  # the most similar source; the older one on a tie
            j = m.jaccard(sources[cand])
            if j >= threshold and (best is None or (j, -cand) > (best_j, -best)):
                best, best_j = cand, j
        if best is None:
            lsh.insert(rowid, m, check_duplication=False)
            sources[rowid] = m
            members[rowid] = [rowid]
        else:
            members[best].append(rowid)
    groups = 0
    for source, quotes in members.items():
        if len(quotes) < 2:
            continue
        cur = conn.execute("INSERT INTO quote_groups (source_quote, size) VALUES (?, ?)", (source, len(quotes)))
        conn.executemany("UPDATE quotes SET group_id = ? WHERE rowid = ?", [(cur.lastrowid, q) for q in quotes])
        groups += 1
    return groups


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
