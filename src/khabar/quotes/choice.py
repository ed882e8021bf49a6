"""The rules' resolver with a learned last word: every reading of the sentence is a candidate, a scorer picks.

`Resolver.resolve` commits to the first reading its rules accept. This subclass also reads the sentence
every other way the rules know (after the cue, before it, the relayed source, the outlet, the subject, a
relative's antecedent, each tagged name, the previous speaker, the nearest earlier person, shorter prefixes
of each phrase) without keeping what those readings add to the article, then lets a `LinearScorer` choose.
The rules' own pick comes first, so a tie keeps today's answer.
"""
from __future__ import annotations

import heapq
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable
from typing import Any

from khabar.article import Article, Entity, Mention, Quote, Span
from khabar.quotes.extract import Candidate
from khabar.quotes.gender import clashes, cue_agreement
from khabar.quotes.ranker import (LinearScorer, SpeakerOption, features, fuller_form, in_context, non_agent,
                                  given_name, word_class, words_in_order, words_of)
from khabar.entities.names import fold, honorifics, is_role_word, split_role
from khabar.quotes.speaker_phrase import _RELATIVES, _words
from khabar.quotes.speakers import Resolver, _without_cue
from khabar.quotes.title_holder import Holder, holder, is_bare_title, title_head, trusted

Producer = Callable[[], "Mention | None"]
# Called for each quotation with its candidates, their features and the index chosen (training reads it).
Observer = Callable[[Candidate, list[SpeakerOption], list[dict[str, float]], int], None]

MAX_PREFIXES = 4
RECENT_PEOPLE = 3
RECENT_ORGS = 2
UNSUPPORTED = 0.3  # taken off the confidence of a speaker that no reading agreeing with the cue supports
ORG_LOOK_BACK = 40


class LearnedResolver(Resolver):
    """The rules' resolver whose pick a scorer may overrule; with no scorer it only reports the candidates
    to `observe` (training) and keeps the rules' answer, less any non-agent."""

    _journal: dict[int, tuple[Entity, list, list, str]] | None = None  # between _save and _restore

    def __init__(self, article: Article, scorer: LinearScorer | None, observe: Observer | None = None):
        super().__init__(article)
        self.scorer = scorer
        self.observe = observe
        self._ner_spans = [(s.start, s.end, s.label) for s in self.ner if s.label in ("PER", "ORG")]
        # where each person is mentioned, for the recent people: the mentions the article starts with, in
        # order, and those the quotations add (undone with a trial), so that no quotation reads every entity
        people = [(m.start, m.end, k, e) for k, e in enumerate(article.entities) if e.type == "PER" for m in e.mentions]
        people.sort(key=lambda x: x[:3])
        self._people = [(a, b, e) for a, b, _, e in people]
        self._people_starts = [a for a, _, _ in self._people]
        seen: set[int] = set()
        self._people_upto: list[int] = []  # how many people the first j+1 of those name: a read back stops there
        for _, _, e in self._people:
            seen.add(id(e))
            self._people_upto.append(len(seen))
        self._people_added: list[tuple[int, int, Entity]] = []
        # the institutions' mentions by start, for the recent organisations («مؤكدة» after «أصدرت الوزارة»)
        orgs = sorted((m.start, m.end, k, e) for k, e in enumerate(article.entities) if e.type == "ORG"
                      for m in e.mentions)
        self._orgs = [(a, b, e) for a, b, _, e in orgs]
        self._org_starts = [a for a, _, _ in self._orgs]
        self._pending: tuple[Entity, int, str] | None = None

    # ---- state kept out of the trial readings -------------------------------------------------------

    def _save(self) -> tuple[Any, ...]:
        """A mark to undo the trial readings back to: the entities a trial changes are copied when first
        touched (`_changing`), and the name index and the entity list only grow, so the cost of a quotation
        follows what its trials touch, not how many entities the article has."""
        self._journal = {}
        return (len(self.article.entities), self._journal,
                (len(self.index.names), len(self.index.titled), len(self._people_added)), self.last, self.last_channel)

    def _changing(self, entity: Entity) -> None:
        self._pending = (entity, len(entity.mentions), entity.type)
        if self._journal is not None and id(entity) not in self._journal:
            self._journal[id(entity)] = (entity, list(entity.mentions), list(entity.roles), entity.type)

    def _entity(self, name: str, typ: str, span: Span, role: str | None) -> Entity:
        self._pending = None
        entity = super()._entity(name, typ, span, role)
        if self._pending is not None and self._pending[0] is entity and entity.type == "PER":
            _, before, was = self._pending
            if was != "PER":
                self._people_added.extend((m.start, m.end, entity) for m in entity.mentions)
            elif len(entity.mentions) > before:
                self._people_added.append((span.start, span.end, entity))
        return entity

    def _recent_people(self, at: int) -> list[tuple[int, Entity]]:
        """The RECENT_PEOPLE people mentioned last before offset `at` (mention ending by then), most recent
        first, ties by id: read back from `at` in the mentions by start, plus the ones quotations added."""
        best: dict[int, tuple[int, Entity]] = {}
        third = None
        k = bisect_right(self._people_starts, at)
        found = 0
        for j in range(k - 1, -1, -1):
            a, b, e = self._people[j]
            if (third is not None and a < third) or found == self._people_upto[k - 1]:
                break
            if b > at or e.type != "PER" or id(e) in best:
                continue
            best[id(e)] = (a, e)
            found += 1
            if len(best) == RECENT_PEOPLE:
                third = a
        for a, b, e in self._people_added:
            if third is not None and a < third:
                continue  # before the third person already found: cannot be among the most recent
            if b <= at and e.type == "PER" and (id(e) not in best or best[id(e)][0] < a):
                best[id(e)] = (a, e)
        return heapq.nsmallest(RECENT_PEOPLE, best.values(), key=lambda x: (-x[0], x[1].id))

    def _recent_orgs(self, at: int) -> list[Entity]:
        """The RECENT_ORGS institutions the article's entities mention last before offset `at`, most recent
        first; the look-back is bounded (ORG_LOOK_BACK mentions), so a quotation costs a constant."""
        out: list[Entity] = []
        k = bisect_right(self._org_starts, at)
        for j in range(k - 1, max(-1, k - 1 - ORG_LOOK_BACK), -1):
            _, b, e = self._orgs[j]
            if b <= at and e.type == "ORG" and all(e is not o for o in out):
                out.append(e)
                if len(out) == RECENT_ORGS:
                    break
        return out

    def _restore(self, state: tuple[Any, ...]) -> None:
        count, journal, (names, titled, people), last, channel = state
        del self._people_added[people:]
        del self.article.entities[count:]
        for entity, mentions, roles, type_ in journal.values():
            entity.mentions[:] = mentions
            entity.roles[:] = roles
            entity.type = type_
        del self.index.names[names:]
        del self.index.titled[titled:]
        self.last, self.last_channel = last, channel
        self._journal = None

    def _mentions_of(self, ids: Iterable[str | None]) -> dict[str, int]:
        """The mention counts, as they are now, of the entities a quotation's options name (all `features`
        reads), found by the position their id gives: counting every entity's mentions for every quotation
        would grow with the square of the article."""
        entities = self.article.entities
        out: dict[str, int] = {}
        for id_ in ids:
            if not id_:
                continue
            pos = int(id_[1:]) - 1 if id_[:1] == "e" and id_[1:].isdigit() else -1
            if 0 <= pos < len(entities) and entities[pos].id == id_:
                out[id_] = len(entities[pos].mentions)
            else:
                found = [e for e in entities if e.id == id_]
                if found:
                    out[id_] = len(found[-1].mentions)
        return out

    def _ner_near(self, m: Mention) -> list[tuple[int, int, str]]:
        """The tagged names over a mention: all `features` asks of them, found without reading them all."""
        if m.span is None:
            return []
        return [(s.start, s.end, s.label) for s in self.ner_ordered.overlapping(m.span.start, m.span.end)
                if s.label in ("PER", "ORG")]

    # ---- the readings --------------------------------------------------------------------------------

    def producers(self, c: Candidate) -> list[tuple[str, Producer]]:
        """Every way the rules can read this quotation's speaker, as (name, thunk)."""
        out: list[tuple[str, Producer]] = []
        a, b = c.region
        last = self.last
        toks = c.tokens
        if b > a:
            out.append(("after", lambda: self.phrase(c, a, b)[0]))
            if a + 2 < b and word_class(toks[a].text) == "COUNT" and toks[a + 1].folded == "من":
                out.append(("counted", lambda: self.phrase(c, a + 2, b)[0]))  # «قال عدد من المسؤولين»
            out.append(("relayed", lambda: self._relayed(c, self.phrase(c, a, b)[0])[0]))
            out.append(("outlet", lambda: self._relayed(c, self.phrase(c, a, b)[0])[1]))
        if c.side != "source" and c.cue_k > 0:
            p0, p1 = self.before_cue(c)
            if p1 > p0:
                out.append(("before", lambda: self.phrase(c, p0, p1)[0]))
            out.append(("subject", lambda: self.sentence_subject(c)))
            if c.cue is not None and c.cue.participle:
                out.append(("stacked", lambda: self._stacked_subject(c)))  # «وختم المدير كلمته داعياً»
            if c.tokens[c.cue_k - 1].folded in _RELATIVES:
                # «… فوزي المهدي الذي طالب …»: only a relative pronoun before the cue makes the words before
                # it the speaker; offered for every cue it read any eight words before a comma as a name
                out.append(("antecedent", lambda: self.antecedent(c)))
        if last is not None:
            out.append(("last", lambda: Mention(last.name, last.type, None, last.entity_id, last.role)))
        starts = {t.start: i for i, t in enumerate(toks)}
        sent_start = toks[0].start if toks else c.start
        near = self.ner_ordered.overlapping(toks[0].start, toks[-1].end) if toks else []
        for s0, e0, label in ((s.start, s.end, s.label) for s in near if s.label in ("PER", "ORG")):
            if c.start <= s0 < c.end:
                continue
            i = starts.get(s0)
            if i is not None:
                j = i
                while j < len(toks) and toks[j].start < e0:
                    j += 1
                out.append((f"ner_{label.lower()}", lambda i=i, j=j: self.mention(c, i, j, apposition=False)))
        earlier = self.ner_ordered.last_before(sent_start, lambda s: s.label == "PER")
        if earlier is not None:
            p = earlier
            span = self.article.span(p.start, p.end, "speaker")
            out.append(("prev_person", lambda: self._resolve(_without_cue(p.text), "PER", span, None)))
        # the people the article named most recently before the quotation («معاليه» stands for one of them)
        recent = self._recent_people(c.start)
        for rank, (_, e) in enumerate(recent, 1):
            out.append((f"recent{rank}", lambda e=e: Mention(e.name, "PER", None, e.id, e.roles[0] if e.roles else None)))
        # the institutions named last: a participle or a feminine verb often continues one («أصدرت الوزارة
        # بياناً … مؤكدة أن …») that no reading of the sentence names
        for rank, e in enumerate(self._recent_orgs(c.start), 1):
            out.append((f"recent_org{rank}", lambda e=e: Mention(e.name, "ORG", None, e.id, None)))
        return out

    def _holder(self, c: Candidate, m: Mention, last: Mention | None) -> Holder | None:
        """The named person a bare title («الوزير»، «المسؤولة الحكومية») may stand for: among the people
        named last before the quotation and the previous speaker, the one whose titles fit it."""
        title = m.role or m.name
        head = title_head(title)
        titled = {fold(n) for h in (head, head + "ه") for n in self.index.names_titled(h)}
        people: list[tuple[str, str, list[str]]] = []
        seen: set[str] = set()
        # the previous speaker first: a description most often points back to the one who spoke last
        recent = [e for _, e in self._recent_people(c.start)]
        if last is not None and last.entity_id:
            recent.sort(key=lambda e: e.id != last.entity_id)
        for e in recent:
            if e.id in seen or non_agent(Mention(e.name, e.type)):
                continue
            seen.add(e.id)
            roles = list(e.roles) + self.index.titles_of(e.name)
            if last is not None and last.entity_id == e.id and last.role:
                roles.append(last.role)
            if fold(e.name) in titled:
                roles.append(title)  # the article gave this person a title with the same head noun
            people.append((e.name, e.id, roles))
        return holder(title, people)

    def _holder_producer(self, found: Holder, m: Mention) -> Producer:
        name, role = found.name, m.role or m.name
        span = m.span
        assert span is not None
        # by name, not by entity: the entity may be one a trial reading added and undid
        return lambda: self._resolve(name, "PER", span, role)

    def _prefixes(self, c: Candidate, m: Mention) -> list[tuple[str, Producer]]:
        """Shorter readings of a phrase that ran on («مصدر إسرائيلي قوله» → «مصدر إسرائيلي»)."""
        if m.span is None:
            return []
        toks = c.tokens
        idx = [i for i, t in enumerate(toks) if m.span.start <= t.start < m.span.end]
        if len(idx) < 2:
            return []
        a = idx[0]
        return [("prefix", lambda k=k: self.mention(c, a, a + k, apposition=False))
                for k in range(max(1, len(idx) - MAX_PREFIXES), len(idx))]

    def options(self, c: Candidate) -> tuple[list[tuple[SpeakerOption, Producer]], dict[str, int]]:
        """The distinct trial readings, grouped by name, and the entities' mention counts while trying."""
        groups: dict[str, tuple[SpeakerOption, Producer]] = {}
        order: list[str] = []

        def add(src: str, produce: Producer) -> Mention | None:
            m = produce()
            if m is None or (m.span is not None and c.start <= m.span.start < c.end):
                return None
            key = fold(m.name)
            if not key:
                return None
            if key not in groups:
                groups[key] = (SpeakerOption(m, {src}), produce)
                order.append(key)
            else:
                groups[key][0].sources.add(src)
            return m

        for src, produce in self.producers(c):
            m = add(src, produce)
            if m is not None and src in ("after", "before", "relayed", "subject"):
                for psrc, pprod in self._prefixes(c, m):
                    add(psrc, pprod)
            if m is not None and m.span is not None and is_bare_title(m.name, m.role, m.type):
                found = self._holder(c, m, self.last)
                if found is not None:
                    add(f"holder_{found.kind}", self._holder_producer(found, m))
        return [groups[k] for k in order], self._mentions_of(groups[k][0].mention.entity_id for k in order)

    # ---- one quotation -------------------------------------------------------------------------------

    def resolve(self, c: Candidate) -> Quote:
        state = self._save()
        last = self.last
        trial, trial_counts = self.options(c)
        self._restore(state)
        quote = super().resolve(c)
        real_counts = self._mentions_of([quote.speaker.entity_id if quote.speaker is not None else None])
        opts: list[SpeakerOption] = []
        producers: list[Producer | None] = []
        counts: list[dict[str, int]] = []
        rule_key = fold(quote.speaker.name) if quote.speaker is not None else None
        if quote.speaker is not None:
            opts.append(SpeakerOption(quote.speaker, {"rule"}))
            producers.append(None)
            counts.append(real_counts)
        for opt, produce in trial:
            if rule_key is not None and fold(opt.mention.name) == rule_key:
                opts[0].sources |= opt.sources
                continue
            opts.append(opt)
            producers.append(produce)
            counts.append(trial_counts)
        agents = [i for i, o in enumerate(opts) if not non_agent(o.mention)]
        if len(agents) < len(opts):
            # a time word, a count, an abstract noun or the addressee of a prayer never speaks
            opts, producers, counts = ([x[i] for i in agents] for x in (opts, producers, counts))
            if quote.speaker is not None and non_agent(quote.speaker):
                quote.speaker = None
                self.last, self.last_channel = state[3], state[4]
        sign = self._cue_sign(c)
        agree = [i for i, o in enumerate(opts) if not clashes(sign, o.mention.type, o.mention.name, o.mention.role)]
        if not agree and quote.speaker is not None and clashes(sign, quote.speaker.type, quote.speaker.name,
                                                               quote.speaker.role):
            # every reading disagrees with the cue: the speaker kept is a guess, and says so
            quote.confidence = round(max(0.05, quote.confidence - UNSUPPORTED), 2)
        if agree and len(agree) < len(opts):
            # «وأوضحت» never has a man for subject, nor «قائلاً» a woman
            opts, producers, counts = ([x[i] for i in agree] for x in (opts, producers, counts))
            if quote.speaker is not None and clashes(sign, quote.speaker.type, quote.speaker.name, quote.speaker.role):
                quote.speaker = None
                self.last, self.last_channel = state[3], state[4]
        if not opts:
            return self._titled_person(c, quote, last)
        feats = in_context(opts, [features(c, o, last, self._ner_near(o.mention), n) for o, n in zip(opts, counts)])
        subject = self._previous_subject(c)
        if subject:
            for o, f in zip(opts, feats):
                w = words_of(o)
                if o.mention.type == "PER" and w and (words_in_order(w, subject) or words_in_order(subject, w)):
                    # «ووصف الشيخ الصباح الزيارة … . وقال، أمس، إنها …»: a cue with no subject of its own
                    # most often continues the previous sentence's subject
                    f["prev_subject"] = 1.0
        pick = self.scorer.choose(feats) if self.scorer is not None else -1
        # «ويرد الوزير قائلاً: …»: a participle's subject is its clause's finite verb's; a person named or
        # titled there speaks, however well a person named earlier in the sentence (who asked) scores
        stacked = self._titled_or_named(opts, "stacked")
        if pick >= 0 and stacked and pick not in stacked:
            pick = stacked[0]
        if pick >= 0 and not stacked and c.cue is not None and c.cue.participle:
            # «وأعربت نهيلة بنزينة عن سعادتها …، قائلة»: a participle continues its sentence's subject; a
            # person named or titled there speaks rather than one carried over from an earlier sentence
            subject = [i for i in self._titled_or_named(opts, "subject")
                       if not is_role_word(opts[i].mention.name.split()[0])  # a bare title: `_titled_person`
                       and self._tag_reaches_end(opts[i].mention)]
            said_here = last is not None and last.span is not None and bool(c.tokens) \
                and c.tokens[0].start <= last.span.start < c.start  # «وقال لنجف إن …، موضحاً أن …»
            if subject and pick not in subject and not said_here \
                    and (feats[pick].get("implicit") or feats[pick].get("prev_sentence")):
                pick = subject[0]
        if pick >= 0:
            fuller = fuller_form(opts, feats, pick)
            if fuller != pick and len(self._people_fuller_than(words_of(opts[pick]))) <= 1:
                pick = fuller  # the one person the article names in full this way, not one of two brothers
        if self.observe is not None:
            self.observe(c, opts, feats, pick)
        if pick < 0:
            return self._titled_person(c, quote, last)  # observed only: the rules' answer stands
        produce = producers[pick]
        chosen = produce() if produce is not None else None
        if chosen is not None:
            quote.speaker = chosen
            self.last = chosen
        self._shared_name(quote, last)
        return self._titled_person(c, quote, last)

    def _titled_or_named(self, opts: list[SpeakerOption], source: str) -> list[int]:
        """The options a reading `source` proposed that are people the tagger named or a title introduces."""
        return [i for i, o in enumerate(opts) if source in o.sources and o.mention.type == "PER"
                and (any(lab == "PER" for _, _, lab in self._ner_near(o.mention))
                     or is_role_word(o.mention.name.split()[0]))]

    _sentence_starts: list[int] | None = None

    def _previous_subject(self, c: Candidate) -> tuple[str, ...]:
        """The folded words of the person tagged right after the first word (a verb) of the sentence before
        the quotation's, past a courtesy or two («ووصف الشيخ الصباح …» → الصباح), else ()."""
        if not c.tokens:
            return ()
        if self._sentence_starts is None:
            self._sentence_starts = sorted(s.start for s in self.article.layer("sentences"))
        k = bisect_right(self._sentence_starts, c.tokens[0].start - 1) - 1
        if k < 0:
            return ()
        first = bisect_left(self.tok_starts, self._sentence_starts[k])
        i = first + 1
        while i < min(len(self.toks), first + 3) and self.toks[i].folded in honorifics():
            i += 1
        if i >= len(self.toks) or self.toks[i].start >= c.tokens[0].start:
            return ()
        tag = next((sp for sp in self.ner_ordered.overlapping(self.toks[i].start, self.toks[i].end)
                    if sp.label == "PER" and sp.start == self.toks[i].start), None)
        if tag is None:
            return ()
        return tuple(w for w in (fold(x) for x in _without_cue(tag.text).split()) if w)

    def _tag_reaches_end(self, m: Mention) -> bool:
        """Whether a person tag runs to the end of the mention: «صالح الصواف، آراء سابقيه» touches a tag but
        is no name."""
        span = m.span
        return span is not None and any(lab == "PER" and s < span.end <= e for s, e, lab in self._ner_near(m))

    def _people_fuller_than(self, words: tuple[str, ...], same_end: bool = False) -> dict[tuple[str, ...], Entity]:
        """The different longer names of people in the article that hold these words in order (with
        `same_end`, ending on the same word: a surname shared, not a given name), each with its entity; a
        speech verb the tagger took into a name is no part of it. Found through the rarest word's bucket,
        so a quotation does not read every entity."""
        if not words:
            return {}
        _ = self._by_words  # builds the buckets
        rarest = min((self._by_word.get(w, []) for w in words), key=len)
        out: dict[tuple[str, ...], Entity] = {}
        for e in self._live(rarest):
            n = tuple(w for w in (fold(x) for x in _without_cue(e.name).split()) if w)
            if same_end and (n[-1:] != words[-1:] or not given_name(n[0])):
                continue  # a tagger's overrun («آمال أوباما»، «مد منصور») is no second person
            if e.type == "PER" and len(n) > len(words) and words_in_order(words, n):
                out.setdefault(n, e)
        return out

    def _shared_name(self, quote: Quote, last: Mention | None) -> None:
        """«وأضاف الحداد» when the article named two people «… سامي الحداد» (brothers): the name as written
        fits both, so it is the one who spoke last if he is one of them, else the name as written, never
        the one the name index happens to know more often."""
        m = quote.speaker
        if m is None or m.type != "PER" or m.span is None:
            return
        surface = tuple(w for w in (fold(x) for x in _without_cue(m.span.text).split()) if w)
        name = tuple(w for w in (fold(x) for x in m.name.split()) if w)
        if not surface or len(name) <= len(surface) or not words_in_order(surface, name):
            return
        holders = self._people_fuller_than(surface, same_end=True)
        if len(holders) < 2 or name not in holders:
            return
        said_last = tuple(w for w in (fold(x) for x in last.name.split()) if w) if last is not None else ()
        if said_last == name:
            return
        if said_last in holders:
            e = holders[said_last]
            quote.speaker = Mention(e.name, "PER", m.span, e.id, m.role)
        else:
            text = " ".join(_without_cue(m.span.text).split())
            quote.speaker = Mention(text, "PER", m.span, self._entity(text, "PER", m.span, m.role).id, m.role)
        self.last = quote.speaker

    @staticmethod
    def _cue_sign(c: Candidate) -> str | None:
        """M or F from the cue verb's agreement when its subject is the speaker: not a source phrase
        («بحسب»), nor a relaying verb («نقلت الوكالة عن …»: it agrees with the outlet), nor an imperfect
        («تبين» is «she explains», «you explain» and «it turned out»)."""
        if c.cue is None or c.side == "source" or c.cue_k >= len(c.tokens) or "prep" in c.cue.flags \
                or c.cue.form == "imperfect":
            return None
        sign = cue_agreement(c.tokens[c.cue_k].text)
        return sign if sign in ("M", "F") else None

    def _titled_person(self, c: Candidate, quote: Quote, last: Mention | None) -> Quote:
        """A bare title chosen as speaker («وأضاف المسؤول الحكومي») becomes the person it stands for when
        the fit is clear (`title_holder.trusted`): few training quotations show it, too few for the scorer
        to learn it from the candidate alone."""
        m = quote.speaker
        if m is None or m.span is None or not is_bare_title(m.name, m.role, m.type):
            return quote
        found = self._holder(c, m, last)
        if found is None:
            # nobody the title could be: «وقال الوزير» after «رد وزير الشؤون الدينية من وهران …» is that
            # minister, by the fullest form of the title the article gave, when it gave one only
            fuller = self._fuller_title(m, c.start)
            if fuller is not None and m.span is not None:
                quote.speaker = self._resolve(fuller, "PER", m.span, fuller)
                self.last = quote.speaker
            return quote
        if not trusted(found, last.entity_id if last is not None else None):
            return quote
        quote.speaker = self._holder_producer(found, m)()
        self.last = quote.speaker
        return quote

    _titles: list[tuple[int, str, str]] | None = None  # (start, head noun, title as written), article order

    def _fuller_title(self, m: Mention, at: int) -> str | None:
        """The one longer title with the bare title's head noun that the article wrote before `at` without
        a name («وزير الشؤون الدينية» for «الوزير»), or None when it wrote none or two different ones."""
        if m.type != "PER":
            return None
        if self._titles is None:
            self._titles = self._scan_bare_titles()
        head = title_head(m.name)
        words = {fold(w) for w in m.name.split()} | {fold(w)[2:] for w in m.name.split() if fold(w).startswith("ال")}
        seen = {fold(t): t for start, h, t in self._titles if start < at and h == head
                and {w if not w.startswith("ال") else w[2:] for w in map(fold, t.split())} >= {
                    w if not w.startswith("ال") else w[2:] for w in words}}
        if len(seen) != 1:
            return None
        title = next(iter(seen.values()))
        return title if len(title.split()) > len(m.name.split()) else None

    def _scan_bare_titles(self) -> list[tuple[int, str, str]]:
        """Every title the article writes without a name after it: a role word, then only definite words
        («وزير الشؤون الدينية»، «مدير عام مديرية الشرطة» stops at the first other word)."""
        toks = self.toks
        out: list[tuple[int, str, str]] = []
        for i, t in enumerate(toks):
            if not is_role_word(t.text) or (i > 0 and is_role_word(toks[i - 1].text)):
                continue
            a, b = self._np(toks, i, min(len(toks), i + 8), addressee_stop=False)
            words = [w for w, _, _ in _words(toks, a, b, self.hashtags)]
            role, name = split_role(words)
            if len(role) < 2 or name or not all(fold(w).startswith("ال") for w in role[1:]):
                continue
            out.append((t.start, title_head(role[0]), " ".join(role)))
        return out
