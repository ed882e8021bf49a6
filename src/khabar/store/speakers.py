"""Corpus-level speakers: the same person named differently across articles is one speaker.

Each article already resolves its own short forms (الكاظمي → مصطفى الكاظمي when the article names him in
full). Across articles the store does the same with the whole corpus as evidence:
- a name is keyed by its folded words after dropping honorifics and titles (السيد، الدكتور، رئيس الوزراء
  العراقي …), which are kept apart as roles;
- a shorter name joins a longer one that starts and ends with the same words (مصطفى الكاظمي → مصطفى عبد
  اللطيف الكاظمي) only if exactly one such longer name is known;
- a bare surname (الكاظمي) joins a full name only when exactly one known full name in the corpus ends with
  it: two people who share a surname keep the bare form apart, as a reader would.
Organisations merge only on the same folded name. A speaker the article does not name — an unnamed source
(ANON: «مصدر مطلع»), a statement or report (DOC: «البيان»), a bare title («المتحدث باسم الوزارة») or an
honorific pronoun («معاليه») — is never merged across articles: the same words in two articles are, as
often as not, two different people or documents. It is one speaker within its article.
"""
from __future__ import annotations

import json
import sqlite3
from collections import Counter, defaultdict
from typing import Any

from khabar.entities.names import fold, split_role, trim_descriptors
from khabar.errors import ParameterError
from khabar.quotes.ranker import word_class
from khabar.store.textkeys import norm_text

PERSON_TYPES = frozenset({"PER", ""})
UNNAMED_TYPES = frozenset({"ANON", "DOC"})
SPEAKER_TYPES = ("PER", "ORG", "DOC", "ANON")  # every type a corpus speaker has (an untyped person is PER)


def is_unnamed(name: str, type_: str) -> bool:
    """True for a speaker known only by what it is, not who: an unnamed source or a document, a phrase that
    is all title and no name, or an honorific pronoun standing for a person named elsewhere in the article."""
    if type_ in UNNAMED_TYPES:
        return True
    if type_ not in PERSON_TYPES:
        return False
    words = name.replace("#", " ").replace("_", " ").split()
    role, rest = split_role(words)
    if role and not trim_descriptors(rest):
        return True
    return len(words) == 1 and word_class(words[0]) == "PRONOUN"


def name_key(name: str) -> tuple[tuple[str, ...], str]:
    """(folded name words, role phrase) of a speaker name: «رئيس الوزراء العراقي مصطفى الكاظمي» →
    (("مصطفي", "الكاظمي"), "رئيس الوزراء العراقي")."""
    words = name.replace("#", " ").replace("_", " ").split()
    role, rest = split_role(words)
    rest = trim_descriptors(rest or ([] if role else words))
    key = tuple(f for f in (fold(w) for w in rest) if f)
    return key, " ".join(role)


def _subsequence(short: tuple[str, ...], long: tuple[str, ...]) -> bool:
    it = iter(long)
    return all(w in it for w in short)


def resolve_keys(keys: list[tuple[str, ...]]) -> dict[tuple[str, ...], tuple[str, ...]]:
    """Map each person key to the key of the person it names (itself when unsure)."""
    uniq = sorted(set(k for k in keys if k), key=lambda k: (-len(k), k))
    out: dict[tuple[str, ...], tuple[str, ...]] = {}
    ends: dict[tuple[str, str], list[tuple[str, ...]]] = defaultdict(list)
    for k in uniq:  # longest first, so a longer name is already resolved when a shorter one looks at it
        if len(k) < 2:
            continue
        longer = {out[o] for o in ends[(k[0], k[-1])] if len(o) > len(k) and _subsequence(k, o)}
        out[k] = next(iter(longer)) if len(longer) == 1 else k
        ends[(k[0], k[-1])].append(k)
    full = {v for v in out.values()}
    by_surname: dict[str, set[tuple[str, ...]]] = defaultdict(set)
    for k in full:
        by_surname[k[-1]].add(k)
    for k in uniq:
        if len(k) == 1:
            owners = by_surname.get(k[0], set())
            out[k] = next(iter(owners)) if len(owners) == 1 else k
    return out


def rebuild_speakers(conn: sqlite3.Connection) -> int:
    """Recompute `speakers`, `speaker_aliases` and `quotes.speaker_id` from the stored quotations; runs in
    the caller's transaction. Returns the number of speakers.

    The quotations' speaker names are read once and parked in a temporary SQLite table; Python keeps only
    what the corpus-wide resolution needs (each distinct person key, and each speaker's key and number),
    then reads the names back one speaker at a time. Memory grows with the distinct names, not with the
    quotations, and the rows themselves stay in SQLite's bounded page cache and temporary file."""
    conn.execute("DELETE FROM speaker_aliases")
    conn.execute("DELETE FROM speakers")
    for table, columns in _TEMP_TABLES.items():
        conn.execute(f"DROP TABLE IF EXISTS temp.{table}")
        conn.execute(f"CREATE TEMP TABLE {table} {columns}")
    person_keys = _park_names(conn)
    person_map = resolve_keys(sorted(person_keys))
    del person_keys

    def group_of(key_json: str, kind: str, article: int) -> tuple[str, tuple[str, ...], int]:
        key = tuple(json.loads(key_json))
        canon = person_map.get(key, key) if kind == "PER" and article == -1 else key
        return kind, canon, article

    triples = "SELECT DISTINCT key, kind, article FROM temp.speaker_rows"
    groups: dict[tuple[str, tuple[str, ...], int], int] = {}
    for key_json, kind, article in conn.execute(triples):
        groups[group_of(key_json, kind, article)] = 0
    for number, group in enumerate(sorted(groups)):  # speakers numbered in the order of their keys, as before
        groups[group] = number
    for key_json, kind, article in conn.execute(triples):
        group = group_of(key_json, kind, article)
        conn.execute("INSERT INTO temp.speaker_number (key, kind, article, speaker, canon) VALUES (?, ?, ?, ?, ?)",
                     (key_json, kind, article, groups[group], json.dumps(group[1], ensure_ascii=False)))
    count = len(groups)
    del groups, person_map

    rows = conn.execute(
        "SELECT n.speaker, n.kind, n.canon, r.name, r.type, r.role, r.article, r.count, r.key "
        "FROM temp.speaker_rows r JOIN temp.speaker_number n USING (key, kind, article) ORDER BY n.speaker, r.seq")
    current: int | None = None
    speaker: tuple[str, tuple[str, ...]] = ("", ())
    members: list[tuple[Any, ...]] = []
    for number, kind, canon, *member in rows:
        if number != current and members:
            _write_speaker(conn, speaker[0], speaker[1], members)
            members = []
        current, speaker = number, (kind, tuple(json.loads(canon)))
        members.append(tuple(member))
    if members:
        _write_speaker(conn, speaker[0], speaker[1], members)
    conn.execute(
        "UPDATE quotes SET speaker_id = (SELECT id FROM temp.speaker_map m WHERE m.name = quotes.speaker_name "
        "AND m.type = coalesce(quotes.speaker_type, '') AND m.article IN (quotes.article_rowid, -1) "
        "ORDER BY m.article DESC LIMIT 1)"
    )
    conn.execute(
        "UPDATE speakers SET quotes = (SELECT count(*) FROM quotes q WHERE q.speaker_id = speakers.id), "
        "articles = (SELECT count(DISTINCT article_rowid) FROM quotes q WHERE q.speaker_id = speakers.id)"
    )
    for table in _TEMP_TABLES:
        conn.execute(f"DROP TABLE temp.{table}")
    return count


_TEMP_TABLES = {
    # one row per (name, type, role, article) quoted; `article` is -1 for a named speaker (corpus-wide)
    "speaker_rows": "(seq INTEGER PRIMARY KEY, name TEXT, type TEXT, role TEXT, article INTEGER, count INTEGER, "
                    "key TEXT, kind TEXT)",
    # each (key, kind, article) of those rows: the number of its corpus speaker and that speaker's key
    "speaker_number": "(key TEXT, kind TEXT, article INTEGER, speaker INTEGER, canon TEXT, "
                      "PRIMARY KEY (key, kind, article))",
    "speaker_map": "(name TEXT, type TEXT, article INTEGER, id INTEGER, PRIMARY KEY (name, type, article))",
}


def _park_names(conn: sqlite3.Connection) -> set[tuple[str, ...]]:
    """Copy every quoted speaker name, with its key and kind, into `temp.speaker_rows`, streaming; returns
    the distinct keys of named persons, which are resolved against each other."""
    rows = conn.execute(
        "SELECT speaker_name, coalesce(speaker_type, ''), coalesce(speaker_role, ''), article_rowid, count(*) "
        "FROM quotes WHERE speaker_name IS NOT NULL AND speaker_name != '' GROUP BY 1, 2, 3, 4"
    )
    person_keys: set[tuple[str, ...]] = set()
    batch: list[tuple[Any, ...]] = []
    insert = ("INSERT INTO temp.speaker_rows (name, type, role, article, count, key, kind) "
              "VALUES (?, ?, ?, ?, ?, ?, ?)")
    for name, type_, role, article, count in rows:
        person = type_ in PERSON_TYPES
        key, name_role = name_key(name) if person else ((norm_text(" ".join(name.split())),), "")
        if not key:
            key = (norm_text(name),)
        own_article = article if is_unnamed(name, type_) else -1  # unnamed: a speaker of its article only
        kind = "PER" if person else type_
        if kind == "PER" and own_article == -1:
            person_keys.add(key)
        batch.append((name, type_, role or name_role, own_article, count,
                      json.dumps(key, ensure_ascii=False), kind))
        if len(batch) >= 1000:
            conn.executemany(insert, batch)
            batch = []
    conn.executemany(insert, batch)
    return person_keys


def _write_speaker(conn: sqlite3.Connection, kind: str, canon: tuple[str, ...], members: list[tuple[Any, ...]]) -> None:
    """One corpus speaker from its rows `(name, type, role, article, count, key)` in reading order."""
    surfaces: Counter[tuple[bool, int, str]] = Counter()
    roles: Counter[str] = Counter()
    aliases, names, mapped = set(), set(), set()
    for name, type_, role, article, count, key_json in members:
        key = tuple(json.loads(key_json))
        surfaces[(key == canon, len(name.split()), name)] += count
        if role:
            roles[role] += count
        aliases.add(" ".join(key))
        names.add(" ".join(name.split()))
        mapped.add((name, type_, article))
    # the name as written where it is the canonical key itself, most often, then fullest
    name = max(surfaces.items(), key=lambda kv: (kv[0][0], kv[1], kv[0][1]))[0][2]
    cur = conn.execute(
        "INSERT INTO speakers (name, name_norm, type, aliases_json, roles_json) VALUES (?, ?, ?, ?, ?)",
        (name, " ".join(canon), kind, json.dumps(sorted(names), ensure_ascii=False),
         json.dumps([r for r, _ in roles.most_common()], ensure_ascii=False)),
    )
    sid = cur.lastrowid
    conn.executemany("INSERT OR IGNORE INTO speaker_aliases (alias_norm, speaker_id) VALUES (?, ?)",
                     [(a, sid) for a in sorted(aliases)])
    conn.executemany("INSERT OR IGNORE INTO temp.speaker_map (name, type, article, id) VALUES (?, ?, ?, ?)",
                     [(n, t, a, sid) for n, t, a in sorted(mapped)])


def find_speakers(conn: sqlite3.Connection, name: str) -> list[int]:
    """Speaker ids a user's name refers to: by the same key resolution, then by the words it contains."""
    key, _ = name_key(name)
    key = key or tuple(norm_text(name).split())
    if not key:
        return []
    alias = " ".join(key)
    ids = [r[0] for r in conn.execute("SELECT speaker_id FROM speaker_aliases WHERE alias_norm = ?", (alias,))]
    if ids:
        return sorted(set(ids))
    return [r[0] for r in conn.execute(
        "SELECT id FROM speakers WHERE (' ' || name_norm || ' ') LIKE ? ESCAPE '\\'", ("% " + _like(alias) + " %",))]


def _like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def gender_sql(speaker_id: str) -> str:
    """SQL for a corpus speaker's gender: the one most of their quotations show (F or M); a tie, or no
    quotation showing one, is NULL rather than a guess. `speaker_id` is the SQL naming the speaker's id."""
    return ("(SELECT CASE WHEN sum(gq.speaker_gender = 'F') > sum(gq.speaker_gender = 'M') THEN 'F' "
            "WHEN sum(gq.speaker_gender = 'M') > sum(gq.speaker_gender = 'F') THEN 'M' END "
            f"FROM quotes gq WHERE gq.speaker_id = {speaker_id})")


def list_speakers(conn: sqlite3.Connection, limit: int | None = 50, type_: str | None = None) -> list[dict[str, Any]]:
    """Corpus speakers, most quoted first, each with the gender most of their quotations show. An unknown
    `type_` is refused rather than answered with no one, which would read as "no such speakers in this
    corpus"."""
    if type_ and type_ not in SPEAKER_TYPES:
        raise ParameterError("type", type_, f"not a speaker type (one of {', '.join(SPEAKER_TYPES)})")
    sql = "SELECT id, name, type, roles_json, aliases_json, quotes, articles FROM speakers"
    params: list[Any] = []
    if type_:
        sql += " WHERE type = ?"
        params.append(type_)
    sql += " ORDER BY quotes DESC, articles DESC, name"
    if limit:
        sql += " LIMIT ?"
        params.append(int(limit))
    # the gender of the listed speakers only, in the order chosen above
    sql = f"SELECT sp.*, {gender_sql('sp.id')} FROM ({sql}) sp ORDER BY sp.quotes DESC, sp.articles DESC, sp.name"
    return [
        {"id": r[0], "name": r[1], "type": r[2], "roles": json.loads(r[3]), "aliases": json.loads(r[4]),
         "quotes": r[5], "articles": r[6], "gender": r[7]}
        for r in conn.execute(sql, params)
    ]
