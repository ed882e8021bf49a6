"""CRF features for Arabic tokens: folded form, clitic-free stem, affixes, shape, lists, and a ±2 window.

Everything that depends only on the word is computed once per word type and kept in a dict, already
prefixed for each window offset, so a sentence's features are mostly tuple concatenation; that is what
keeps tagging above 20k tokens/s in pure Python. The fold and the clitic tables are the model fold
(`khabar.arabic.model`), not the fold every other room uses: a shipped model's features must not drift.
"""
from __future__ import annotations

import math
import re
from collections.abc import Mapping
from functools import cache, lru_cache
from itertools import chain, islice
from typing import Any

from khabar.arabic.model import ART_PREFIXES as _ART_PREFIXES
from khabar.arabic.model import CONJ_PREFIXES as _CONJ_PREFIXES
from khabar.arabic.model import RAW_MARKS as _RAW_DIACRITICS
from khabar.arabic.model import candidates, strip_clitics
from khabar.arabic.model import model_fold as fold
from khabar.datafiles import lines, rows
from khabar.entities import gazetteer
from khabar.entities.bio import bio_to_spans

FEATURE_VERSION = "5"

_ARABIC = re.compile(r"[\u0621-\u064a\u0671-\u06d3]")
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")
_DIGIT = re.compile(r"[0-9]")
_ALL_ARABIC = re.compile(r"^[\u0621-\u064a\u0671-\u06d3]+$")
_ALL_DIGIT = re.compile(r"^[0-9.,٫٬%]+$")
_ALL_LATIN = re.compile(r"^[A-Za-z\u00c0-\u024f'’.-]+$")


def shape(word: str) -> str:
    if _ALL_ARABIC.match(word):
        return "ar"
    if _ALL_DIGIT.match(word):
        return "num"
    if _ALL_LATIN.match(word):
        return "Lat" if word[:1].isupper() else "lat"
    if _ARABIC.search(word):
        return "ar+"
    if _DIGIT.search(word):
        return "num+"
    if _LATIN.search(word):
        return "lat+"
    return "punct"


def _len_bucket(n: int) -> str:
    return str(n) if n <= 5 else ("6-8" if n <= 8 else "9+")


_zipf_table: dict[str, float] | None = None


def _zipf(word: str) -> str:
    """A coarse frequency bucket from wordfreq: names are mostly rare, function words frequent."""
    global _zipf_table
    if _zipf_table is None:
        try:
            from wordfreq import get_frequency_dict

            _zipf_table = get_frequency_dict("ar", wordlist="best")
        except Exception:  # pragma: no cover - wordfreq missing or broken: the feature just goes quiet
            _zipf_table = {}
    f = _zipf_table.get(word)
    if f is None:
        return "0"
    z = math.log10(f) + 9
    return "1" if z < 2.5 else "2" if z < 3.5 else "3" if z < 4.5 else "4" if z < 5.5 else "5"


def _z(word: str) -> float:
    f = _zipf_table.get(word) if _zipf_table else None
    return math.log10(f) + 9 if f else 0.0


def _diff(a: float, b: float) -> str:
    return str(max(-3, min(3, int(round(a - b)))))


def _usage(word: str) -> tuple[str, ...]:
    """How the wordfreq list uses the bare word: with and without the article, and with a pronoun suffix.

    A person's or a foreign club's name is almost never written with ال or with a possessive suffix, a
    common noun or adjective is, so these ratios tell an unseen name from an unseen ordinary word."""
    if _zipf_table is None:
        _zipf("")
    w = _RAW_DIACRITICS.sub("", word)
    # Article forms first (وللأمم، بالعراق), else a conjunction/preposition only when the list knows the
    # shorter word better: «برنامجا» stays whole, «وأسامة» loses its و.
    bare, art = w, False
    for p in _ART_PREFIXES:
        if w.startswith(p) and len(w) - len(p) >= 2:
            bare, art = w[len(p):], True
            break
    else:
        best = _z(w)
        for p in _CONJ_PREFIXES:
            if w.startswith(p) and len(w) - len(p) >= 2 and _z(w[len(p):]) > best:
                bare, best = w[len(p):], _z(w[len(p):])
    if len(bare) < 2:
        return ()
    zb, za = _z(bare), _z("ال" + bare)
    if art:
        alr = "n" if za == 0 else (_diff(zb, za) if zb else "z")
    else:
        alr = "n" if zb == 0 else (_diff(za, zb) if za else "z")
    zs = max(_z(bare + x) for x in ("ه", "ها", "هم", "ي"))
    sfr = "n" if zb == 0 else (_diff(zs, zb) if zs else "z")
    return ("alr=" + alr, "sfr=" + sfr, "zs=" + str(int(zb)))


_NISBA_ENDINGS = ("يين", "يون", "يه", "ي")


@lru_cache(maxsize=1 << 16)
def _is_nisba(stem: str) -> bool:
    """A nationality adjective (الفرنسي، البرتغالية): the stem less its nisba ending is a listed place.
    Kept per stem (the place list is loaded once per process): the consistency step asks it of every
    untagged word of every article."""
    places = gazetteer.index()["place"]
    for suf in _NISBA_ENDINGS:
        if stem.endswith(suf) and len(stem) - len(suf) >= 3:
            base = stem[: -len(suf)]
            return any(c in places for c in (base, base + "ا", "ال" + base, base + "ه", base + "يا", "ال" + base + "ه"))
    return False


def _keeps_first_letter(word: str) -> bool:
    """True when a leading و/ف/ب/ل/ك is part of the word, not a clitic: the list knows the whole word
    better than the rest (ليون، بركات، فياض), so «ليون» and «وليون» share one stem."""
    if _zipf_table is None:
        _zipf("")
    w = _RAW_DIACRITICS.sub("", word)
    return _z(w) > 0 and _z(w) >= _z(w[1:])


def is_trigger(token: str) -> bool:
    """The word (or it without its clitics) is on the speech-trigger list (قال، وأكد، وشدد)."""
    return "L:trig" in PLAIN.word(token).at[0]


@lru_cache(maxsize=1 << 17)
def stem(token: str) -> str:
    """The clitic-free stem the features, the training word list and the second pass key on.

    Computed on its own (the fold and the clitic strip, no other feature) and kept per token: the second
    pass and the consistency step ask it for every token of every article, and building a word's whole
    feature set just for its stem was a fifth of the tagging time. A string per token type, so the bound
    (131,072 types, a few tens of MB) keeps a long batch flat."""
    n = fold(token)
    s = strip_clitics(n)
    if _FREQ_STEM and len(n) - len(s) == 1 and _keeps_first_letter(token):
        s = n
    return s


def _vowel_bucket(stem: str) -> str:
    """Share of long-vowel letters: transliterated foreign names (فولكسفاغن، بوخارست) carry many."""
    if len(stem) < 4:
        return "short"
    r = sum(ch in "اوي" for ch in stem) / len(stem)
    return "lo" if r < 0.25 else "mid" if r < 0.45 else "hi"


def warm() -> None:
    """Load the word lists and frequency table now, so the first sentence tagged is not the slow one."""
    gazetteer.index()
    _zipf("")


class _Word:
    """The static features of one word type, pre-prefixed for each window slot."""

    __slots__ = ("folded", "cands", "at", "stem", "phrases")

    def __init__(self, word: str, clusters: Mapping[str, tuple[str, ...]],
                 lists: Mapping[str, tuple[str, ...]],
                 scores: Mapping[str, tuple[str, ...]] | None = None, chars: Any = None) -> None:
        n = fold(word)
        s = stem(word)
        self.folded = n
        self.cands = candidates(n)
        sh = shape(word)
        lexical = set()
        # (kind, the list entries starting with each reading that starts any), for `_phrase_marks`: looked
        # up once per word type, not for every token of every sentence.
        phrases = []
        for kind, by_first in gazetteer.index().items():
            found = tuple(rests for rests in map(by_first.get, self.cands) if rests)
            if found:
                phrases.append((kind, found))
                if any(() in rests for rests in found):  # a one-word entry: the word itself is on the list
                    lexical.add(kind)
        self.phrases = tuple(phrases)
        core = [
            "n=" + n, "s=" + s, "sh=" + sh, "len=" + _len_bucket(len(n)),
            "p1=" + n[:1], "p2=" + n[:2], "p3=" + n[:3],
            "x1=" + n[-1:], "x2=" + n[-2:], "x3=" + n[-3:],
            "sp2=" + s[:2], "sx2=" + s[-2:], "sp3=" + s[:3], "sx3=" + s[-3:], "sx4=" + s[-4:],
            "z=" + _zipf(word if sh == "ar" else n), "v=" + _vowel_bucket(s),
        ]
        if s != n:
            core.append("cl=" + n[: len(n) - len(s)])
        if n.startswith("ال") or (n[:1] in "وفبكل" and n[1:3] == "ال"):
            core.append("al")
        listed = ["L:" + k for k in sorted(lexical)]
        core += listed
        if _V3:
            core += ["sp1=" + s[:1], "sp4=" + s[:4], "sx1=" + s[-1:]]
        self.stem = s
        near = ["n=" + n, "s=" + s, "sh=" + sh, "x2=" + n[-2:], "p2=" + n[:2], "sx3=" + s[-3:]] + listed
        if _V3:
            near += ["sp3=" + s[:3], "sx2=" + s[-2:], "z=" + core[15][2:]]
        far = ["s=" + s, "sh=" + sh] + listed
        if clusters and core[15] not in _CLUSTER_SKIP_Z:
            ids = clusters.get(n) or clusters.get(s)
            if ids:
                own = ["c%d=%s" % kv for kv in enumerate(ids)]
                core += own
                near += own
        if lists:
            own = list_marks(n, s, self.cands, lists)
            core += own
            near += own
        if scores and core[15] not in _SCORE_SKIP_Z:
            own = ["ts:" + m for m in scores.get(n) or scores.get(s) or ()]
            core += own
            if _SCORE_NEAR:
                near += own
        if chars and sh == "ar" and core[15] not in _SCORE_SKIP_Z:
            own = ["tc:" + m for m in chars.marks(n)]
            core += own
            if _SCORE_NEAR:
                near += own
        if _V4:
            usage = _usage(word) if sh == "ar" else ()
            core += usage
            near += usage
            if _is_nisba(s):
                core.append("nis")
                near.append("nis")
                far.append("nis")
        self.at = {
            0: tuple(core),
            -1: tuple(["-1" + f for f in near]),
            1: tuple(["+1" + f for f in near]),
            -2: tuple(["-2" + f for f in far]),
            2: tuple(["+2" + f for f in far]),
        }


def list_marks(folded: str, stem: str, cands: tuple[str, ...],
               lists: Mapping[str, tuple[str, ...]]) -> list[str]:
    """The name/place list flags (`lists.tsv`, see `training/name_lists.py`) of the word as written, else of
    its clitic-free stem or another reading without proclitics («وبلير» → «بلير»), marked as such: a hit
    only after stripping letters is weaker (و+ليد)."""
    hit = lists.get(folded)
    if hit:
        return ["R:" + f for f in hit]
    for c in (stem, *cands):
        if c != folded:
            hit = lists.get(c)
            if hit:
                return ["R~" + f for f in hit]
    return []


_V3 = True  # stem affixes 1-4, neighbour stem affixes, last-token flag, name-before-title marks
_V4 = True  # wordfreq article/suffix usage ratios (word and neighbours), nationality adjectives
_FREQ_STEM = False  # (held-out neutral, 0.706 vs 0.709; kept for ablations) keep a leading و/ف/ب/ل/ك that wordfreq says belongs to the word
# Name chains: the definite words after an organisation or place head noun (chain_heads.tsv). Off, kept for
# ablations: measured with the shipped recipe (one pass + consistency, --mentions 0.3) the held-out tail went
# 0.731 -> 0.727 and ANERcorp test 0.736 -> 0.737 (ORG 0.508 -> 0.530, unseen PER recall 0.720 -> 0.717),
# and the quotation gate lost 1.4 points of speaker_full/speaker_any. Turning it on is feature version 6.
_V6 = False
# Word cluster ids are read only for words rarer than this wordfreq bucket: a common word's own features
# already say what it is, and its cluster (from a vector of the bare word) mostly adds noise.
_CLUSTER_SKIP_Z = ("z=4", "z=5")
# Per-word entity-type score levels (`type_scores.tsv`, training/type_scores.py) are read only for words
# rarer than this wordfreq bucket, for the same reason as the clusters.
_SCORE_SKIP_Z = ("z=4", "z=5")
_SCORE_NEAR = True  # the neighbours' score levels too
_BIGRAMS = False  # neighbour-word bigrams: they lost 0.8 F1 on the held-out tail (overfit), kept for ablations
# Words a reader keeps. A word's features take about 5 KB, so 20,000 words are about 0.1 GB, reached within
# the first few hundred news articles: a long batch or ingest stays flat after that (100,000 was 0.5 GB and
# still growing at 2,000 articles). The common words are met again at once and come back.
_CACHE_LIMIT = 20_000
_EMPTY = {k: () for k in (-2, -1, 1, 2)}
_BOS = {-1: ("-1BOS",), -2: ("-2BOS",)}
_EOS = {1: ("+1EOS",), 2: ("+2EOS",)}


class WordReader:
    """How one model reads words: each word type's static features, computed once, with that model's word
    cluster ids (`clusters.tsv`; none for a model trained without an unlabelled corpus) and name/place list
    flags (`lists.tsv`; none for a model trained without the lists).

    Each loaded model has its own reader, and training makes one for the table it learns, so reading words
    with one model never changes how another reads them: nothing is switched per call."""

    __slots__ = ("clusters", "lists", "scores", "chars", "_cache")

    def __init__(self, clusters: Mapping[str, tuple[str, ...]] | None = None,
                 lists: Mapping[str, tuple[str, ...]] | None = None,
                 scores: Mapping[str, tuple[str, ...]] | None = None, chars: Any = None) -> None:
        self.clusters: Mapping[str, tuple[str, ...]] = clusters or {}
        self.lists: Mapping[str, tuple[str, ...]] = lists or {}
        self.scores: Mapping[str, tuple[str, ...]] = scores or {}
        self.chars = chars  # a `char_scores.CharScorer`, or None
        self._cache: dict[str, _Word] = {}

    def word(self, token: str) -> _Word:
        # A word met again moves to the end, so when the cache is full and its older half goes, the words
        # met since (the common ones) stay: a news stream brings new names all the time, and dropping by
        # first meeting alone threw «قال» and «الرياض» out with them.
        w = self._cache.pop(token, None)
        if w is None:
            if len(self._cache) >= _CACHE_LIMIT:  # drop the least recently met half
                for key in list(islice(self._cache, _CACHE_LIMIT // 2)):
                    del self._cache[key]
            w = _Word(token, self.clusters, self.lists, self.scores, self.chars)
        self._cache[token] = w
        return w

    def __getstate__(self) -> tuple[Any, ...]:
        # a training worker process gets the tables, not the cache
        return (self.clusters, self.lists, self.scores, self.chars)

    def __setstate__(self, state: tuple[Any, ...]) -> None:
        self.clusters, self.lists, self.scores, self.chars = state
        self._cache = {}


# Words read without cluster ids or list flags: the stems (which neither changes) and models trained without them.
PLAIN = WordReader()


def _phrase_marks(words: list[_Word]) -> list[list[str]]:
    """Multi-word list matches as B/I marks, plus what follows a title, honorific or trigger."""
    n = len(words)
    marks: list[list[str]] = [[] for _ in range(n)]
    folded = [w.folded for w in words]
    for i, w in enumerate(words):
        for kind, found in w.phrases:
            best = -1
            for rests in found:
                for rest in rests:
                    k = len(rest)
                    if k > best and i + k < n and (k == 0 or tuple(folded[i + 1: i + 1 + k]) == rest):
                        best = k
                        break
            if best < 0:
                continue
            end = i + best  # last token of the match
            if best:
                marks[i].append("G:" + kind + ":B")
                for j in range(i + 1, end + 1):
                    marks[j].append("G:" + kind + ":I")
            if _V3 and kind in ("role", "trig") and i >= 1:
                marks[i - 1].append("before1:" + kind)
                if i >= 2:
                    marks[i - 2].append("before2:" + kind)
            if kind in ("role", "hon", "trig"):
                if end + 1 < n:
                    marks[end + 1].append("after1:" + kind)
                if end + 2 < n:
                    marks[end + 2].append("after2:" + kind)
    return marks


_CHAIN_MAX = 4  # words after the head a chain may reach («وزارة الشؤون الاجتماعية والعمل» is 3)


@cache
def chain_heads() -> dict[str, str]:
    """Folded bare head noun → the type of the names it begins (ORG or LOC), from `chain_heads.tsv`."""
    return {fold(word.strip()): typ.strip() for word, typ in rows("khabar.entities", "chain_heads.tsv")}


def _definite(folded: str) -> bool:
    """Written with the article, alone or after a conjunction/preposition (الدولي، والاجتماعي، للأمم)."""
    return folded.startswith("ال") or folded.startswith("لل") or (folded[:1] in "وفبك" and folded[1:3] in ("ال", "لل"))


def _chain_marks(words: list[_Word]) -> list[list[str]]:
    """Head nouns and the definite words that follow them, as features: a head («وزارة»، «البنك») gets
    `oh:c` (construct, no article) or `oh:d` (with it) when a definite word follows, and each following
    definite word gets `och`/`lch` (ORG/LOC chain) with its distance from the head (1, 2, 3+). A chain
    the training data never had («هيئة الموانئ البحرية») then reads like the ones it had; the CRF learns
    where chains stop (a nationality adjective often ends one, a date never belongs)."""
    heads = chain_heads()
    n = len(words)
    marks: list[list[str]] = [[] for _ in range(n)]
    for i, w in enumerate(words):
        typ = next((heads[c] for c in w.cands if c in heads), None)
        if typ is None or i + 1 >= n or not _definite(words[i + 1].folded):
            continue
        tag = "o" if typ == "ORG" else "l"
        marks[i].append(tag + "h:" + ("d" if _definite(w.folded) else "c"))
        for k in range(1, _CHAIN_MAX + 1):
            if i + k >= n or not _definite(words[i + k].folded):
                break
            marks[i + k].append(tag + "ch")
            marks[i + k].append(tag + "ch" + str(min(k, 3)))
        else:
            continue
        if i + k < n:
            marks[i + k].append(tag + "ch:after")
    return marks


def lexicon_marks(stem: str, lexicon: dict[str, tuple[str, ...]] | None) -> tuple[str, ...]:
    return lexicon.get(stem, ()) if lexicon else ()


def sentence_features(tokens: list[str], hashtag: list[bool] | None = None,
                      lexicon: dict[str, tuple[str, ...]] | None = None,
                      extra: list[list[str]] | None = None, reader: WordReader = PLAIN) -> list[list[str]]:
    """One feature list per token, as `reader` (the model's) reads words; `hashtag[i]` says token i is a
    word of a hashtag (after # or _).

    `lexicon` maps a clitic-free stem to the label features learnt from training data (see `training/train.py`);
    `extra` adds per-token features computed outside the sentence (document context of a second pass).
    """
    return [list(chain.from_iterable(parts)) for parts in sentence_parts(tokens, hashtag, lexicon, extra, reader)]


def sentence_parts(tokens: list[str], hashtag: list[bool] | None = None,
                   lexicon: dict[str, tuple[str, ...]] | None = None,
                   extra: list[list[str]] | None = None,
                   reader: WordReader = PLAIN) -> list[list[tuple[str, ...] | list[str]]]:
    """`sentence_features` before flattening: per token, its features in order as parts. A tuple part is a
    word type's cached slot features (the same tuple object every time the word is met, so a tagger can
    keep what it computed from it); a list part is built for this token.
    """
    words = [reader.word(t) for t in tokens]
    marks = _phrase_marks(words)
    n = len(words)
    if _V6:
        for i, m in enumerate(_chain_marks(words)):
            marks[i] += m
    out: list[list[tuple[str, ...] | list[str]]] = []
    for i, w in enumerate(words):
        parts: list[tuple[str, ...] | list[str]] = [
            w.at[0],
            words[i - 1].at[-1] if i >= 1 else _BOS[-1],
            words[i - 2].at[-2] if i >= 2 else _BOS[-2] if i == 1 else (),
            words[i + 1].at[1] if i + 1 < n else _EOS[1],
            words[i + 2].at[2] if i + 2 < n else _EOS[2] if i + 1 < n else (),
        ]
        f: list[str] = []
        if _BIGRAMS and i >= 1:
            f.append("b-=" + words[i - 1].folded + "|" + w.folded)
        if _BIGRAMS and i + 1 < n:
            f.append("b+=" + w.folded + "|" + words[i + 1].folded)
        if i == 0:
            f.append("first")
        if _V3 and i == n - 1:
            f.append("last")
        if lexicon:
            d = lexicon.get(w.stem)
            if d:
                f += d
            if i >= 1:
                d = lexicon.get(words[i - 1].stem)
                if d:
                    f += ["-1" + x for x in d]
            if i + 1 < n:
                d = lexicon.get(words[i + 1].stem)
                if d:
                    f += ["+1" + x for x in d]
        if extra is not None:
            f += extra[i]
        f += marks[i]
        if hashtag is not None and hashtag[i]:
            f.append("hashtag")
        parts.append(f)
        out.append(parts)
    return out


def hashtag_flags(tokens: list[str]) -> list[bool]:
    """Hashtag membership when only tokens are known: the words right after a `#` token."""
    out = [False] * len(tokens)
    for i in range(1, len(tokens)):
        out[i] = tokens[i - 1] == "#"
    return out


_TYPE_ORDER = {"MISC": 1, "ORG": 2, "LOC": 3, "PER": 4}  # ties between types go to the later one


def document_features(sentences: list[list[str]], first_pass: list[list[str]], window: int = 8) -> list[list[list[str]]]:
    """Second-pass features: what the first pass said here and about the same word elsewhere nearby.

    For each token: its own first-pass label and its neighbours', and the entity types the first pass gave
    other occurrences of the same clitic-free stem within `window` sentences either side (a name tagged once
    in an article is usually the same name everywhere in it).
    """
    stems = [[stem(t) for t in toks] for toks in sentences]
    types = [[lab[2:] if lab != "O" else "O" for lab in labs] for labs in first_pass]
    n = len(sentences)
    # stem -> type -> count over the sliding window of sentences [i - window, i + window]
    agg: dict[str, dict[str, int]] = {}

    def add(j: int, d: int) -> None:
        for s, t in zip(stems[j], types[j]):
            if len(s) >= 2:
                c = agg.get(s)
                if c is None:
                    c = agg[s] = {}
                c[t] = c.get(t, 0) + d

    for j in range(min(n, window)):
        add(j, 1)
    out: list[list[list[str]]] = []
    for i in range(n):
        if i + window < n:
            add(i + window, 1)
        if i - window - 1 >= 0:
            add(i - window - 1, -1)
        labs = first_pass[i]
        m = len(labs)
        feats: list[list[str]] = []
        base: list[str | None] = []
        for k in range(m):
            f = ["S1=" + labs[k], "S1-1=" + (labs[k - 1] if k else "BOS"), "S1+1=" + (labs[k + 1] if k + 1 < m else "EOS")]
            s = stems[i][k]
            w = None
            if len(s) >= 2:
                c = agg[s]
                own = types[i][k]
                other = sum(c.values()) - 1
                if other > 0:
                    ent = {t: (v - (t == own)) for t, v in c.items() if t != "O" and v - (t == own) > 0}
                    if not ent:
                        w = "O"
                    else:
                        best = max(ent, key=lambda t: (ent[t], _TYPE_ORDER.get(t, 0)))
                        w = best + (":all" if ent[best] == other else ":some")
                        f.append("W:" + w)
                        if len(ent) > 1:
                            f.append("W:mixed")
                    if w == "O":
                        f.append("W:O")
            feats.append(f)
            base.append(w if w != "O" else None)
        for k in range(m):
            if k >= 1 and base[k - 1]:
                feats[k].append("-1W:" + base[k - 1])
            if k + 1 < m and base[k + 1]:
                feats[k].append("+1W:" + base[k + 1])
        out.append(feats)
    return out


def propagate(sentences: list[list[str]], labels: list[list[str]], window: int = 8) -> list[list[str]]:
    """Document consistency after tagging: an untagged word standing alone (both neighbours untagged) whose
    stem the tagger gave one type nearby, as a one-word entity or as the last word of a person's name, gets
    that type («إيدي كيو» … “كيو” → PER). Left alone: a nationality adjective (المصري is mostly «Egyptian»)
    and a surname that ends two different names nearby (سامر الحداد، ليلى الحداد … الحداد: whose?).
    Held-out tail, one pass: 0.709 → 0.717."""
    stems = [[stem(t) for t in toks] for toks in sentences]
    seen: list[dict[str, set[tuple[str, tuple[str, ...]]]]] = []
    for k, labs in enumerate(labels):
        d: dict[str, set[tuple[str, tuple[str, ...]]]] = {}
        for a, b, typ in bio_to_spans(labs):
            if b - a == 1 or typ == "PER":
                d.setdefault(stems[k][b - 1], set()).add((typ, tuple(stems[k][a:b])))
        seen.append(d)
    out = [list(labs) for labs in labels]
    n = len(sentences)
    for i in range(n):
        labs = out[i]
        m = len(labs)
        cands = [k for k in range(m) if labs[k] == "O" and len(stems[i][k]) >= 3 and not _is_nisba(stems[i][k])
                 and (k == 0 or labels[i][k - 1] == "O") and (k + 1 == m or labels[i][k + 1] == "O")]
        if not cands:
            continue
        near: dict[str, set[tuple[str, tuple[str, ...]]]] = {}
        for j in range(max(0, i - window), min(n, i + window + 1)):
            for st, found in seen[j].items():
                near.setdefault(st, set()).update(found)
        for k in cands:
            found = near.get(stems[i][k])
            if not found:
                continue
            types = {t for t, _ in found}
            names = {key for _, key in found if len(key) > 1}
            if len(types) == 1 and len(names) <= 1:
                labs[k] = "B-" + types.pop()
    return out



def settle_lone_words(sentences: list[list[str]], labels: list[list[str]], window: int = 8) -> list[list[str]]:
    """A word tagged alone as a person whose stem is tagged alone as a place at least as often within
    ±`window` sentences becomes a place: «زار عاصمة سالوريا … وأكدت سالوريا» (a country as the subject of
    a speech verb reads like a person's given name to the tagger, but a person is rarely named by one word
    alone in one sentence and as a place in the next). A word that is also the last word of a longer
    person's name nearby stays a person."""
    stems = [[stem(t) for t in toks] for toks in sentences]
    alone: list[dict[str, dict[str, int]]] = []
    in_name: list[set[str]] = []
    for k, labs in enumerate(labels):
        d: dict[str, dict[str, int]] = {}
        names: set[str] = set()
        for a, b, typ in bio_to_spans(labs):
            if b - a == 1:
                c = d.setdefault(stems[k][a], {})
                c[typ] = c.get(typ, 0) + 1
            elif typ == "PER":
                names.update(stems[k][a:b])
        alone.append(d)
        in_name.append(names)
    out = [list(labs) for labs in labels]
    n = len(sentences)
    for i, labs in enumerate(labels):
        for a, b, typ in bio_to_spans(labs):
            if b - a != 1 or typ != "PER":
                continue
            st = stems[i][a]
            per = loc = 0
            named = False
            for j in range(max(0, i - window), min(n, i + window + 1)):
                c = alone[j].get(st)
                if c:
                    per += c.get("PER", 0)
                    loc += c.get("LOC", 0)
                named = named or st in in_name[j]
            if loc and loc >= per and not named:
                out[i][a] = "B-LOC"
    return out


@cache
def place_construct_heads() -> dict[str, str]:
    """Folded place head noun → the head as written (`place_construct_heads.txt`)."""
    return {fold(w): w for w in lines("khabar.entities", "place_construct_heads.txt")}


def place_after_head(sentences: list[list[str]], labels: list[list[str]], window: int = 8) -> list[list[str]]:
    """An untagged word right after a place head noun in the construct state («مدينة الرمال»، «بقرية
    النخيل»; the LOC heads of `chain_heads.tsv`, without the article) is the place's name, as ANERcorp
    tags it (the head stays outside: 133 of 165 words after «مدينة/بلدة/قرية/محافظة» in its training split are
    B-LOC). Heads: `place_construct_heads.txt`. The tagger misses it when the name is also an everyday word («الرمال» "the sands"). Left
    alone: a nationality adjective («مدينة إسرائيلية»), a word that cannot be a name (particles), a word
    followed by a tagged one (the name is longer and the tagger already decided about it). `window` is
    unused (the step is per sentence), kept so all document steps are called alike."""
    from khabar.entities.names import could_be_name_word

    heads = place_construct_heads()
    out = [list(labs) for labs in labels]
    for toks, labs in zip(sentences, out):
        m = len(toks)
        for i in range(m - 1):
            if labs[i] != "O" or labs[i + 1] != "O" or (i + 2 < m and labs[i + 2] != "O"):
                continue
            f = fold(toks[i])
            if _definite(f):
                continue  # «المدينة استجوبت»: with the article the head is the noun alone
            head = next((heads[c] for c in candidates(f) if c in heads), None)
            # as written: «بلده» ("his country") folds like «بلدة»
            if head is None or not toks[i].endswith(head[-1]):
                continue
            nxt = toks[i + 1]
            st = stem(nxt)
            if (len(st) < 3 or _is_nisba(st) or nxt.endswith("ة") or not could_be_name_word(nxt)
                    or not nxt[:1].isalpha()):
                continue  # «مدينة متطورة»: a feminine adjective, not a name
            labs[i + 1] = "B-LOC"
    return out
