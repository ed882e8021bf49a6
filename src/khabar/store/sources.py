"""Who gets quoted in a corpus: the figures a media monitor asks for, over any filter.

Shares of quotations and of distinct speakers by gender, speakers by kind (person, organisation, document,
unnamed source) and by the role the article gives them (officials, experts, citizens … from
`data/role_groups.tsv`), statement types and statement types by speaker kind, the most quoted people
overall and by gender, and the same per outlet and per month. Every figure is a count over the stored
quotations that the filters keep, so a test can hold each one to its own SQL count; the report
(`khabar report`) draws these tables and nothing else.

A quotation's gender is its speaker's as its article shows it (`speaker_gender`); a corpus speaker's is
the one most of their quotations show (`speakers.gender_sql`).
"""
from __future__ import annotations

import json
import sqlite3
from collections import Counter, defaultdict
from dataclasses import asdict, dataclass, field
from functools import cache
from typing import Any

from khabar.arabic.fold import fold_word
from khabar.datafiles import rows as data_rows
from khabar.store.search import Filters, _where, match_expression
from khabar.store.speakers import gender_sql

GENDERS = ("F", "M", "-")  # "-": no gender shown (organisations, documents, unnamed sources, no sign)
TOP = 15
OTHER = "other"


@dataclass(slots=True)
class Table:
    """One figure: named columns and rows of plain values (str, int, float or None)."""

    title: str
    columns: list[str]
    rows: list[list[Any]] = field(default_factory=list)


@dataclass(slots=True)
class Figures:
    filters: dict[str, Any]
    articles: int
    quotations: int
    speakers: int
    tables: dict[str, Table]

    def to_dict(self) -> dict[str, Any]:
        return {"filters": self.filters, "articles": self.articles, "quotations": self.quotations,
                "speakers": self.speakers, "tables": {k: asdict(t) for k, t in self.tables.items()}}


@cache
def role_words() -> dict[str, str]:
    """Folded role word → group, in file order (the first group a word is given wins)."""
    out: dict[str, str] = {}
    for word, group in data_rows("khabar.store", "role_groups.tsv"):
        out.setdefault(fold_word(word), group)
    return out


def role_group(role: str | None, name: str | None, speaker_type: str | None) -> str:
    """The group of a speaker's role words (its title, else an unnamed source's own words «مصدر أمني»)."""
    table = role_words()
    text = role if role else name if speaker_type == "ANON" else None
    for word in (text or "").split():
        w = fold_word(word)
        for form in (w, w[2:] if w.startswith("ال") else None, w[1:] if w[:1] in "وبل" else None):
            if not form:
                continue
            for f in (form, form[:-1] if form.endswith("ه") else None):
                if f and f in table:
                    return table[f]
    return OTHER


def _first_role(roles_json: str | None) -> str | None:
    """The first role the corpus speaker is given anywhere, for a quotation whose article gave none here."""
    roles = json.loads(roles_json) if roles_json else []
    return roles[0] if roles else None


def _share(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def _filtered(conn: sqlite3.Connection, filters: Filters, query: str | None) -> list[tuple]:
    """The quotations the filters keep: (quote id, speaker id, kind, gender, role, name, statement type,
    outlet, month, corpus speaker name, corpus speaker gender, corpus speaker roles)."""
    clauses: list[str] = []
    params: list[Any] = []
    if not _where(conn, filters, clauses, params, quotes=True):
        return []
    if query and query.strip():
        clauses.append("a.rowid IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?)")
        params.append(match_expression(query))
    where = (" WHERE " + " AND ".join(clauses)) if clauses else ""
    sql = ("SELECT q.rowid, q.speaker_id, q.speaker_type, q.speaker_gender, q.speaker_role, q.speaker_name, "
           "q.statement_type, a.source, substr(a.date, 1, 7), s.name, sg.gender, s.roles_json "
           "FROM quotes q JOIN articles a ON a.rowid = q.article_rowid LEFT JOIN speakers s ON s.id = q.speaker_id "
           f"LEFT JOIN (SELECT id, {gender_sql('speakers.id')} AS gender FROM speakers) sg ON sg.id = q.speaker_id"
           f"{where} ORDER BY q.rowid")
    return conn.execute(sql, params).fetchall()


def _articles(conn: sqlite3.Connection, filters: Filters, query: str | None) -> int:
    clauses: list[str] = []
    params: list[Any] = []
    _where(conn, Filters(entity=filters.entity, since=filters.since, until=filters.until, source=filters.source),
           clauses, params, quotes=False)
    if query and query.strip():
        clauses.append("a.rowid IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?)")
        params.append(match_expression(query))
    where = (" WHERE " + " AND ".join(clauses)) if clauses else ""
    return conn.execute(f"SELECT count(*) FROM articles a{where}", params).fetchone()[0]


def corpus_figures(conn: sqlite3.Connection, filters: Filters | None = None, query: str | None = None,
                   top: int = TOP) -> Figures:
    """Every figure of the sources report over the quotations `filters` keep (and, with `query`, only
    those in articles whose text matches it). Cost: one pass over those quotations."""
    f = filters or Filters()
    rows = _filtered(conn, f, query)
    n = len(rows)
    by_gender: Counter = Counter()
    speakers_by_gender: dict[str, set] = defaultdict(set)
    by_kind: Counter = Counter()
    speakers_by_kind: dict[str, set] = defaultdict(set)
    by_role: Counter = Counter()
    speakers_by_role: dict[str, set] = defaultdict(set)
    by_type: Counter = Counter()
    kind_type: Counter = Counter()
    per_speaker: Counter = Counter()
    speaker_info: dict[int, tuple[str, str, str]] = {}
    outlets: dict[str, Counter] = defaultdict(Counter)
    outlet_speakers: dict[str, set] = defaultdict(set)
    months: dict[str, Counter] = defaultdict(Counter)
    all_speakers: set = set()
    for _, sid, kind, gender, role, name, stype, outlet, month, canonical, sgender, roles in rows:
        g = gender if gender in ("F", "M") else "-"
        k = kind or "-"
        by_gender[g] += 1
        by_kind[k] += 1
        group = role_group(role or _first_role(roles), name, kind)
        by_role[group] += 1
        by_type[stype or "-"] += 1
        kind_type[(k, stype or "-")] += 1
        outlets[outlet or "-"][g] += 1
        months[month or "-"][g] += 1
        if sid is not None:
            all_speakers.add(sid)
            speakers_by_gender[sgender if sgender in ("F", "M") else "-"].add(sid)
            speakers_by_kind[k].add(sid)
            speakers_by_role[group].add(sid)
            outlet_speakers[outlet or "-"].add(sid)
            per_speaker[sid] += 1
            speaker_info[sid] = (canonical or name or "", sgender or "-", k)
    n_speakers = len(all_speakers)
    tables: dict[str, Table] = {}
    tables["gender"] = Table("Quotations and distinct speakers by gender",
                             ["gender", "quotations", "share_of_quotations", "speakers", "share_of_speakers"],
                             [[g, by_gender[g], _share(by_gender[g], n), len(speakers_by_gender[g]),
                               _share(len(speakers_by_gender[g]), n_speakers)] for g in GENDERS])
    tables["speaker_kind"] = Table("Speakers by kind", ["kind", "quotations", "share_of_quotations", "speakers"],
                                   [[k, c, _share(c, n), len(speakers_by_kind[k])] for k, c in _ranked(by_kind)])
    tables["role_group"] = Table("Speakers by role", ["group", "quotations", "share_of_quotations", "speakers"],
                                 [[r, c, _share(c, n), len(speakers_by_role[r])] for r, c in _ranked(by_role)])
    tables["statement_type"] = Table("Statement types", ["type", "quotations", "share_of_quotations"],
                                     [[t, c, _share(c, n)] for t, c in _ranked(by_type)])
    tables["type_by_kind"] = Table("Statement types by speaker kind", ["kind", "type", "quotations"],
                                   [[k, t, c] for (k, t), c in sorted(kind_type.items(), key=lambda kv: (kv[0][0], -kv[1], kv[0][1]))])
    ranked = sorted(per_speaker.items(), key=lambda kv: (-kv[1], speaker_info[kv[0]][0], kv[0]))
    for key, title, keep in (("top_speakers", "Most quoted speakers", None), ("top_women", "Most quoted women", "F"),
                             ("top_men", "Most quoted men", "M")):
        chosen = [(sid, c) for sid, c in ranked if keep is None or speaker_info[sid][1] == keep][:top]
        tables[key] = Table(title, ["speaker", "gender", "kind", "quotations"],
                            [[speaker_info[sid][0], speaker_info[sid][1], speaker_info[sid][2], c] for sid, c in chosen])
    tables["by_outlet"] = Table("Per outlet", ["outlet", "quotations", "women", "men", "share_of_women", "speakers"],
                                [[o, sum(c.values()), c["F"], c["M"], _share(c["F"], c["F"] + c["M"]),
                                  len(outlet_speakers[o])]
                                 for o, c in sorted(outlets.items(), key=lambda kv: (-sum(kv[1].values()), kv[0]))])
    tables["by_month"] = Table("Per month", ["month", "quotations", "women", "men", "share_of_women"],
                               [[m, sum(c.values()), c["F"], c["M"], _share(c["F"], c["F"] + c["M"])]
                                for m, c in sorted(months.items())])
    chosen_filters = {k: v for k, v in asdict(f).items() if v}
    if query:
        chosen_filters["query"] = query
    return Figures(chosen_filters, _articles(conn, f, query), n, n_speakers, tables)


def _ranked(counts: Counter) -> list[tuple[str, int]]:
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))


__all__ = ["Figures", "Table", "corpus_figures", "role_group"]
