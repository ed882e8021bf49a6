"""A learned choice among a quotation's speaker candidates, read at run time with the standard library.

The rules in `speakers.py` each name one speaker; on articles they were not grown on they often pick a
time word, an outlet or a nearby person. Here every reading the rules can make of the sentence (the phrase
after the cue, before it, the relayed source, the sentence's subject, a tagged name, the previous speaker…)
becomes a candidate described by general features, and a linear scorer fitted on gold
(`khabar train-speakers`, code in `khabar.eval.speaker_training`) picks one. The weights ship as JSON.
"""
from __future__ import annotations

import json
import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import TypeVar

from khabar.article import Mention
from khabar.entities.gazetteer import phrases
from khabar.entities.names import fold, is_role_word
from khabar.quotes.extract import Candidate
from khabar.quotes.gender import given_names
from khabar.quotes.lexicon import head_type, match_pattern
from khabar.quotes.speaker_phrase import _without_cue
from khabar.quotes.via import is_outlet

MODEL_FILE = "speakers.json"


@dataclass(slots=True)
class SpeakerOption:
    """One candidate speaker of one quotation and the readings that proposed it."""

    mention: Mention
    sources: set[str] = field(default_factory=set)


def word_class(word: str) -> str | None:
    """TIME, COUNT, ABSTRACT, OUTLET, PRONOUN or DIVINE from `data/speaker_words.tsv`."""
    f = fold(word)
    if not f:
        return None
    hit = match_pattern("speaker_words.tsv", [f], 0)
    if hit is None and f[:1] in "ولبف" and len(f) > 3:
        hit = match_pattern("speaker_words.tsv", [f[1:]], 0)  # «لفرانس», «ووكالة»: a clitic before the head
    return hit[1] if hit else None


def _next_word(c: Candidate, end: int) -> str:
    """What follows a candidate phrase in its sentence: where a reading stopped says whether it ran on."""
    nxt = next((t for t in c.tokens if t.start >= end), None)
    if nxt is None:
        return "end"
    if not any(ch.isalnum() for ch in nxt.text):
        return "punct"
    if nxt.folded.startswith("ال"):
        return "definite"
    if nxt.folded[:1] == "ل":
        return "lam"
    cls = word_class(nxt.text)
    return cls.lower() if cls else "word"


NON_AGENTS = frozenset({"TIME", "COUNT", "ABSTRACT", "DIVINE"})


def non_agent(m: Mention) -> bool:
    """Whether a candidate is a word class that never speaks: «الشهر الماضي», «عدد», «الانتباه», «الله»."""
    words = [fold(w) for w in m.name.split() if fold(w)]
    if _said_to_outlet(m):
        return True
    hit = match_pattern("speaker_words.tsv", words, 0) if words else None
    if hit is None and len(words) == 1 and (_owned_noun(m.name) or _TANWEEN & set(m.name)):
        return True  # «سيطرته»؛ «ضاحكاً»: an accusative word (tanween) is how one spoke, not who
    if hit is None and len(words) > 1 and (_owned_noun(m.name.split()[0]) or _CLAUSE_WORDS & set(words[1:])):
        # «هويته لأنه غير مخول بالتحدث»، «اسمه فإن»: a phrase led by what the verb acts on, or one that runs
        # into a new clause, is no one's name
        return True
    if hit is None and _led_by_bi(m.name.split()[0]):
        return True
    return hit is not None and hit[1] in NON_AGENTS and (len(words) == 1 or hit[1] != "DIVINE")


def _led_by_bi(word: str) -> bool:
    """«بأسعار اللحوم»، «بالمواقف»: the preposition بـ before the article or a hamza begins what the verb
    is about; no name is written so (names with «ب» start «بشير»، «بدر»، «بن», all left alone)."""
    w = _MARKS.sub("", word)
    return len(w) > 4 and w.startswith(("بال", "بأ", "بإ", "بآ"))


_MARKS = re.compile("[\u064b-\u0652\u0640]")
_SUFFIXES = ("هما", "هم", "هن", "ها", "ه")
_TANWEEN = frozenset("\u064b\u064c\u064d")
_CLAUSE_WORDS = frozenset(fold(w) for w in ("لأنه", "لأنها", "لأن", "فإن", "فإنه", "لكن", "لكنه"))


def _owned_noun(word: str) -> bool:
    """«سيطرته»، «اسمه»، «عزمهن»: one word that carries a possessive or object pronoun is what the verb
    acts on, not who speaks (a courtesy that stands for a person, «معاليه», is read before this). Written
    «ه», not «ة»: the fold would make «فاطمة» look the same."""
    w = _MARKS.sub("", word)
    suffix = next((x for x in _SUFFIXES if w.endswith(x)), None)
    if suffix is None or len(w) - len(suffix) < 3:
        return False
    stem = w[: -len(suffix)]
    stem = stem[:-1] + "ة" if stem.endswith("ت") else stem  # «حكومته» → حكومة
    return fold(w) not in given_names() and not is_role_word(stem)  # «رئيسها»، «مديره» speak


def _said_to_outlet(m: Mention) -> bool:
    """«قال مسؤول لفرانس برس»: a phrase that opens with لـ before an outlet names whom it was said to."""
    name = m.name.split()
    if not name or not name[0].startswith("ل") or name[0].startswith("لل") or len(name[0]) < 3:
        return False
    return is_outlet(" ".join([name[0][1:]] + name[1:]))


def _bucket(n: int, edges: tuple[int, ...]) -> str:
    for e in edges:
        if n <= e:
            return f"<={e}"
    return f">{edges[-1]}"


def features(c: Candidate, option: SpeakerOption, last: Mention | None, ner_spans: list[tuple[int, int, str]],
             mentions_of: dict[str, int]) -> dict[str, float]:
    """General, sentence-independent features of one (quotation, candidate) pair.

    `ner_spans` are the article's tagged (start, end, label) names; `mentions_of` counts each entity's
    mentions, a proxy for how central the candidate is to the article."""
    m = option.mention
    out: dict[str, float] = {"bias": 1.0}
    form = c.cue.form if c.cue is not None else "none"
    for s in sorted(option.sources):
        out[f"src={s}"] = 1.0
        out[f"side={c.side}&src={s}"] = 1.0
        # a participle («مؤكداً»، «مطالباً») continues its clause's subject: the noun after it is the one
        # addressed, where after a finite verb («قال») it is the speaker
        out[f"form={form}&src={s}"] = 1.0
    out["n_sources"] = min(len(option.sources), 5) / 5
    out[f"type={m.type or '?'}"] = 1.0
    words = m.name.split()
    surface = m.span.text.split() if m.span is not None else words
    out[f"words={_bucket(len(surface), (1, 2, 3))}"] = 1.0
    out["resolved_longer"] = float(len(words) > len(surface))
    if surface:
        first, lastw = surface[0], surface[-1]
        ff = fold(first)
        out["first_definite"] = float(ff.startswith("ال"))
        out["first_role"] = float(is_role_word(first))
        out[f"first_head={head_type(first) or '-'}"] = 1.0
        out[f"first_class={word_class(first) or '-'}"] = 1.0
        out[f"last_class={word_class(lastw) or '-'}"] = 1.0 if len(surface) > 1 else 0.0
        out["first_lam"] = float(first.startswith("ل") and not first.startswith("ال"))
        out["first_pronoun_suffix"] = float(first.endswith(("ه", "ها", "هم")))
        out["last_pronoun_suffix"] = float(len(surface) > 1 and lastw.endswith(("ه", "ها", "هم")))
        out["last_lam"] = float(len(surface) > 1 and lastw.startswith("ل") and not lastw.startswith("ال"))
        out["has_digit"] = float(any(ch.isdigit() for w in surface for ch in w))
    if m.span is None:
        out["implicit"] = 1.0
    else:
        a, b = m.span.start, m.span.end
        tagged = [lab for s, e, lab in ner_spans if s < b and a < e]
        out["ner_per"] = float("PER" in tagged)
        out["ner_org"] = float("ORG" in tagged)
        out["ner_exact"] = float(any(s == a and e == b for s, e, _ in ner_spans))
        sent_start = c.tokens[0].start if c.tokens else 0
        if a >= sent_start:
            out[f"next={_next_word(c, b)}"] = 1.0
        cue_at = c.cue_start if c.cue_start is not None else c.start
        if a < sent_start:
            out["prev_sentence"] = 1.0
        else:
            between = sum(1 for t in c.tokens if min(a, cue_at) <= t.start < max(a, cue_at))
            where = "before" if a < cue_at else "after"
            out[f"pos={where}"] = 1.0
            out[f"pos={where}&dist={_bucket(between, (1, 3, 7))}"] = 1.0
            out[f"form={form}&pos={where}"] = 1.0
    out["has_role"] = float(bool(m.role))
    out["is_last"] = float(last is not None and m.entity_id is not None and m.entity_id == last.entity_id)
    out[f"mentions={_bucket(mentions_of.get(m.entity_id or '', 0), (1, 2, 4))}"] = 1.0
    # agreement: a feminine cue («قالت»، «تقول») with a feminine-looking head
    cue = fold(c.tokens[c.cue_k].text) if c.cue is not None and c.cue_k < len(c.tokens) else ""
    cue_fem = bool(cue) and (cue.endswith("ت") or cue[:1] == "ت" or cue.endswith("ه"))
    cand_fem = bool(surface) and fold(surface[0]).endswith("ه")
    if cue:
        out[f"agree={int(cue_fem)}{int(cand_fem)}"] = 1.0
    out[f"kind={c.kind}&implicit={int(m.span is None)}"] = 1.0
    return out


def given_name(folded: str) -> bool:
    """Whether a folded word is a given name either list knows: the best sign that a phrase is a name."""
    return folded in given_names() or (folded,) in phrases()["given"]


def words_of(o: SpeakerOption) -> tuple[str, ...]:
    return tuple(w for w in (fold(x) for x in o.mention.name.split()) if w)


def words_in_order(short: tuple[str, ...], long: tuple[str, ...]) -> bool:
    """Whether every word of `short` appears in `long`, in order: «القادري» in «جلال القادري», «ولد
    الغزواني» in «محمد ولد الشيخ الغزواني»."""
    it = iter(long)
    return all(w in it for w in short)


def fuller_form(options: list[SpeakerOption], feats: list[dict[str, float]], pick: int) -> int:
    """The option that names the chosen person in full, else `pick`: «وقال القادري» is «جلال القادري» when
    the quotation's candidates hold exactly one longer name, tagged as a person (or led by a given name),
    that contains the chosen one word for word and in order. Two such names (brothers who share a surname,
    a tagger's overrun beside the real name) leave the short form as written: a guess between two people
    is worse than the surname."""
    chosen = options[pick]
    words = words_of(chosen)
    if chosen.mention.type != "PER" or not words or is_role_word(chosen.mention.name.split()[0]):
        return pick
    fits: dict[tuple[str, ...], int] = {}
    for i, o in enumerate(options):
        wi = words_of(o)
        if i == pick or o.mention.type != "PER" or len(wi) <= len(words) or not words_in_order(words, wi):
            continue
        if any(is_role_word(w) for w in o.mention.name.split()) \
                or _without_cue(o.mention.name) != o.mention.name:
            # a title inside («سان الدكتور محمد الثبيتي المتحدث»: a tagger's run over the sentence; a
            # courtesy may be part of a name, «ولد الشيخ»), or an overrun into the speech verb («ويرد الدباغ»)
            continue
        if any(w.startswith("لل") for w in wi if w not in words):
            # a word led by ل + the article is a preposition's object, never part of a name: «سامر الحداد
            # للعربية نت» is the tagger running on into the outlet he spoke to
            continue
        fits.setdefault(wi, i)
    named = {w: i for w, i in fits.items() if feats[i].get("ner_per") or feats[i].get("implicit") or given_name(w[0])}
    if len(fits) != 1 or len(named) != 1:
        return pick
    return next(iter(named.values()))


def in_context(options: list[SpeakerOption], feats: list[dict[str, float]]) -> list[dict[str, float]]:
    """Each candidate's features against the rules' pick: a linear score sees one candidate at a time, so
    «the rules took an outlet, a pronoun or a lone word» is told to every other candidate here."""
    rule = next((i for i, o in enumerate(options) if "rule" in o.sources), None)
    if rule is None:
        return [dict(f, **{"ctx=no_rule": 1.0}) for f in feats]
    rf = feats[rule]
    marks = [k for k in sorted(rf) if k.startswith(("first_class=", "type=", "words=", "first_head="))
             or k in ("first_pronoun_suffix", "last_pronoun_suffix", "first_lam", "implicit")]
    out = []
    for i, f in enumerate(feats):
        g = dict(f)
        if i != rule:
            for k in marks:
                g[f"ctx_rule:{k}"] = 1.0
            if option_is_person(options[i]) and not option_is_person(options[rule]):
                g["ctx=person_over_nonperson"] = 1.0
            bare = _bare_title(options[rule].mention)
            role = options[i].mention.role
            if bare is not None and role and option_is_person(options[i]) and _bare_title(options[i].mention) is None:
                # «وأضاف الوزير»: the rules kept a title they could not tie to a name; a named person the
                # article gave a title (the same head noun or another: «رئيس الدبلوماسية» for a minister)
                # may be the one meant
                g["ctx=titled_over_bare_title"] = 1.0
                if _title_head(role) == bare:
                    g["ctx=titled_same_title_head"] = 1.0
        out.append(g)
    return out


def _title_head(title: str) -> str:
    words = [fold(w) for w in title.split() if fold(w)]
    head = words[0] if words else ""
    return head[2:] if head.startswith("ال") and len(head) > 3 else head


def _bare_title(m: Mention) -> str | None:
    """The head noun of a title the rules left without a name («الوزير» → وزير), else None."""
    if m.type != "PER" or not m.role or fold(m.role) != fold(m.name):
        return None
    return _title_head(m.role)


def option_is_person(o: SpeakerOption) -> bool:
    return o.mention.type == "PER"


@dataclass(slots=True)
class LinearScorer:
    """Weights of a logistic regression over the features above; the best-scoring candidate speaks."""

    weights: dict[str, float]
    intercept: float = 0.0
    meta: dict = field(default_factory=dict)

    def score(self, feats: dict[str, float]) -> float:
        z = self.intercept + sum(self.weights.get(k, 0.0) * v for k, v in feats.items())
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    def choose(self, scored: list[dict[str, float]]) -> int:
        """Index of the best candidate; the first (the rules' own pick) wins ties."""
        best, best_score = 0, -1.0
        for i, f in enumerate(scored):
            s = self.score(f)
            if s > best_score + 1e-12:
                best, best_score = i, s
        return best

    @classmethod
    def from_json(cls, data: dict) -> "LinearScorer":
        return cls(dict(data["weights"]), float(data.get("intercept", 0.0)), dict(data.get("meta", {})))

    def to_json(self) -> dict:
        return {"weights": {k: round(v, 6) for k, v in sorted(self.weights.items())},
                "intercept": round(self.intercept, 6), "meta": self.meta}


T = TypeVar("T")


def shipped_model_path(name: str) -> Path:
    """Where a learned model of the quotation room ships: `quotes/model/NAME`."""
    return Path(str(files("khabar.quotes") / "model" / name))


def read_shipped(name: str, build: Callable[[dict], T]) -> T | None:
    """A shipped model built from its JSON, or None when the package does not carry it."""
    path = shipped_model_path(name)
    if not path.exists():
        return None
    return build(json.loads(path.read_text(encoding="utf-8")))


def model_path() -> Path:
    return shipped_model_path(MODEL_FILE)


@cache
def shipped_scorer() -> LinearScorer | None:
    """The model that ships with the package, or None when it is absent."""
    return read_shipped(MODEL_FILE, LinearScorer.from_json)


def load_scorer(path: str | Path | None = None) -> LinearScorer | None:
    if path is None:
        return shipped_scorer()
    return LinearScorer.from_json(json.loads(Path(path).read_text(encoding="utf-8")))
