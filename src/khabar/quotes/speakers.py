"""Who said it: read the speaker phrase next to a cue, resolve it to the fullest name, and carry it on.

The speaker phrase is the noun phrase after the cue (VSO, the common order) or before it (SVO, «فإن
الرئيس أكد»). Adjuncts (في بيان، اليوم، عبر حسابه) end it; a leading «لـ X» is the addressee. A cue with
no phrase at all continues the previous speaker, which is how «وأضاف:» and «مؤكداً أن» read.
"""
from __future__ import annotations

import bisect
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterator
from itertools import islice, takewhile

from khabar.article import Article, Entity, Mention, Quote, Span
from khabar.entities.gazetteer import phrases
from khabar.entities.grouping import contains
from khabar.entities.names import (NameIndex, could_be_name_word, fold, honorifics, institution_heads, is_role_word,
                                   name_particles, split_role,
                                   title_words_before_name, titles_an_institution, trim_descriptors)
from khabar.quotes.extract import Candidate, Token
from khabar.quotes.gender import gender_sign, given_names
from khabar.quotes.via import is_outlet
from khabar.quotes.lexicon import channel_at, head_type, is_complementizer, lookup_cue
from khabar.arabic.fold import display_form
from khabar.text.intervals import Intervals, Ordered
from khabar.quotes.speaker_phrase import (_BOUNDARY, _FUNCTION_WORDS, _ISSUED, _PUNCT, _QUANTIFIED, _RELATIVES,
                                            _RELAY_OPENERS, _TURN_WORDS, _anon_phrase, _before_outlet,
                                            _body_of_title, _doc_phrase, _head_key, _honorific_pronoun,
                                            _institution, _np, _title_body, _told_outlet, _without_cue, _words)


class Resolver:
    """Resolves candidates of one article, in order, remembering the last speaker for implicit cues."""

    def __init__(self, article: Article):
        self.article = article
        self.hashtags = article.layer("hashtags")
        self.ner = article.layer("ner")
        self.index = NameIndex()
        for h in self.hashtags:
            if h.attrs.get("name"):
                self.index.add(h.attrs["name"], "")
        for s in self.ner:
            if s.label == "ORG" and _body_of_title(s.text.split()[0]):
                # «لوزارة الري سامر الحداد»: a tagger's overrun from a title's body into its holder's name
                words = s.text.split()
                body = _institution(words)
                if len(body) < len(words):
                    self.index.add(" ".join(words[len(body):]), "PER")
                continue
            if s.label in ("PER", "ORG"):
                self.index.add(_without_cue(s.text), s.label)
        for e in article.entities:
            if e.type == "ORG" and _body_of_title(e.name.split()[0]):
                continue  # the overrun above, as the entity stage grouped it
            self.index.add(_without_cue(e.name), e.type)
        # the article's tokens, read once for the scans below
        self.toks = [Token(s.start, s.end, s.text, fold(s.text)) for s in article.layer("tokens")]
        # positions and spans found by bisection: asked once per name or quotation, a pass over all of them
        # would make the cost grow with the square of the article
        self.tok_starts = [t.start for t in self.toks]
        self.ner_ordered = Ordered(self.ner)
        self.person_starts = frozenset(t.start for s in self.ner if s.label == "PER"
                                       for t in self.toks[bisect_left(self.tok_starts, s.start):
                                                          bisect_left(self.tok_starts, s.end)]
                                       if could_be_name_word(t.text))  # a tagger's «على» stays a preposition
        # the words the article calls a speaker by: the word right after a speech verb («وقال سريع»), with how
        # often (read once here for the scans below, which each read it again before)
        self.after_cue = Counter(self.toks[i].folded for i in range(1, len(self.toks))
                                 if lookup_cue(self.toks[i - 1].text) is not None)
        self.called = frozenset(self.after_cue)
        self.tok_index = {t.start: i for i, t in enumerate(self.toks)}  # token start offset → its index
        self._tok_ends = [t.end for t in self.toks]
        self.words = Counter(t.folded for t in self.toks)
        self.pairs = Counter(zip((t.folded for t in self.toks), (t.folded for t in self.toks[1:])))
        self._scan_titles()
        self._scan_surnames()
        self._scan_given_names()
        self.described = self._scan_descriptions()
        self.last: Mention | None = None
        self.last_channel: str | None = None
        self.signs: list[str | None] = []  # each resolved quotation's own sign of its speaker's gender

    def _np(self, toks: list[Token], a: int, b: int, addressee_stop: bool = True) -> tuple[int, int]:
        return _np(toks, a, b, addressee_stop, self.person_starts)

    def _scan_titles(self) -> None:
        """Learn «title → name» from every place the article writes a title before a name, so that a
        later bare title (الرئيس الأميركي، المدير العام) resolves to the person it introduced."""
        toks = self.toks
        persons = [s for s in self.ner if s.label == "PER"]
        tagged = Intervals((p.start, p.end) for p in persons)
        # a hashtag right after a title is a name too when it is not an institution (#مايك_بومبيو)
        persons += [h for h in self.hashtags if " " in (h.attrs.get("name") or "")
                    and head_type(h.attrs["name"].split()[0]) is None
                    and not tagged.overlaps(h.start, h.end)]
        if persons:
            # the tagger knows where names are: a title is the run of words right before one
            starts = self.tok_index
            hashtags = Ordered(self.hashtags)
            for p in persons:
                i = starts.get(p.start)
                if i is None:
                    continue
                j = i
                while j > 0 and i - j < 6 and toks[j - 1].text not in _PUNCT and toks[j - 1].text not in "«»“”\"":
                    j -= 1
                k = next((x for x in range(j, i) if is_role_word(toks[x].text)), None)
                if k is None:
                    self._title_in_commas_before(p, i)
                    continue
                role = [t.text for t in toks[k:i] if fold(t.text) and fold(t.text) not in honorifics()]
                name = " ".join(p.text.replace("#", " ").replace("_", " ").split())
                tag = next(iter(hashtags.overlapping(p.start, p.end)), None)
                if tag is not None and tag.attrs.get("name"):
                    name = tag.attrs["name"]
                if role:
                    self.index.add(name, "PER")
                    self.index.add_title(" ".join(trim_descriptors(role)), name)
            for p in persons:
                # «محمد بن راشد، حاكم دبي،»: a title in apposition after the name
                i = bisect_left(self.tok_starts, p.end)
                i = i if i < len(toks) else None
                if i is not None and is_role_word(toks[i].text) and (self._honoured(p.start) or self._said_by(p.start)):
                    # «الدكتور رضا حجازي وزير التربية»، «قالت نادية فتاح وزيرة المالية»: after a courtesy or
                    # a speech verb the name is the subject, and a title right after it is his (not
                    # «استقبل سامر الحداد وزير الخارجية», another person)
                    i -= 1
                elif i is None or i + 1 >= len(toks) or toks[i].text not in ("،", ",") \
                        or not is_role_word(toks[i + 1].text):
                    continue
                j = i + 1
                while j < len(toks) and j - i <= 5 and toks[j].text not in _PUNCT and toks[j].folded not in _BOUNDARY:
                    j += 1
                role = [t.text for t in toks[i + 1 : j]]
                name = " ".join(p.text.replace("#", " ").replace("_", " ").split())
                self.index.add(name, "PER")
                self.index.add_title(" ".join(trim_descriptors(role)), name)
            return
        for i, t in enumerate(toks):
            if not is_role_word(t.text) or (i > 0 and is_role_word(toks[i - 1].text)):
                continue
            a, b = self._np(toks, i, min(len(toks), i + 14), addressee_stop=False)
            words = [w for w, _, _ in _words(toks, a, b, self.hashtags)]
            role, name = _title_body(*split_role(words))
            if name:
                name = self._hashtag_bounded(toks, a, b, name)
            if role and len(name) > 1:
                name = self._name_after_title(name)  # «المتحدث العسكري رامي قصير تنفيذ عمليتين»
            if role and name and role[0] == words[0]:
                self.index.add(" ".join(name), "PER")
                self.index.add_title(" ".join(trim_descriptors(role)), " ".join(name))

    def _title_in_commas_before(self, p: Span, i: int) -> None:
        """«وزير الخارجية البحريني، الشيخ خالد بن أحمد آل خليفة،»: a title, a comma, then the name (after
        a courtesy); the title is his, for a later «وزير الخارجية البحريني» or «الوزير»."""
        toks = self.toks
        k = i
        while k > 0 and toks[k - 1].folded in honorifics():
            k -= 1
        if k < 2 or toks[k - 1].text not in ("،", ","):
            return
        end = k - 1
        j = end
        while j > 0 and end - j < 6 and toks[j - 1].text not in _PUNCT and toks[j - 1].text not in "«»“”\"":
            j -= 1
        first = next((x for x in range(j, end) if is_role_word(toks[x].text)), None)
        if first is None or lookup_cue(toks[first].text) is not None:
            return
        role = [t.text for t in toks[first:end] if fold(t.text) and fold(t.text) not in honorifics()]
        name = " ".join(p.text.replace("#", " ").replace("_", " ").split())
        if role:
            self.index.add(name, "PER")
            self.index.add_title(" ".join(trim_descriptors(role)), name)

    def _said_by(self, at: int) -> bool:
        """Whether the word right before offset `at` is a finite speech verb (قال، أكدت): the name after it
        is the speaker, the subject of its clause."""
        k = bisect.bisect_right(self._tok_ends, at) - 1
        if k < 0:
            return False
        cue = lookup_cue(self.toks[k].text)
        return cue is not None and not cue.participle and "prep" not in cue.flags

    def _honoured(self, at: int) -> bool:
        """Whether the word right before offset `at` is a courtesy (الدكتور، الشيخ، المهندس)."""
        k = bisect.bisect_right(self._tok_ends, at) - 1 if self.toks else -1
        return k >= 0 and self.toks[k].folded in honorifics()

    def _scan_surnames(self) -> None:
        """«الدكتور نايف بن عابد الزارع أن …» … «وأشار الزارع»: the tagger stopped before the surname, but the
        article then names the speaker by it after a speech verb, so the full name includes it."""
        persons = [s for s in self.ner if s.label == "PER"]
        if not persons:
            return
        toks = self.toks
        starts = self.tok_index
        after_cue = self.after_cue
        for s in persons:
            i = next((k for k in range(starts.get(s.start, len(toks)), len(toks)) if toks[k].start >= s.end), None)
            if i is None or toks[i].start - s.end > 1:
                continue
            w = toks[i].folded
            if w.startswith("ال") and len(w) >= 5 and after_cue[w] and not is_role_word(toks[i].text):
                # once, and once more for each time the article names the speaker by the surname: the index
                # otherwise takes a longer name seen once for a tagger's overrun of a shorter one
                for _ in range(1 + after_cue[w]):
                    self.index.add(_without_cue(s.text) + " " + toks[i].text, "PER")

    def _scan_given_names(self) -> None:
        """«النائبة هدى سجاد» … «وقالت سجاد»: the tagger missed the name, but the article writes a given
        name before the word it then calls the speaker by, so the full name is the two words."""
        toks = self.toks
        called = set(self.called)
        called |= {fold(s.text) for s in self.ner if s.label == "PER" and len(s.text.split()) == 1}
        given = phrases()["given"]
        for i in range(len(toks) - 1):
            first, second = toks[i], toks[i + 1]
            if (first.folded,) not in given or second.folded not in called or second.start - first.end > 1:
                continue
            if is_role_word(second.text) or not could_be_name_word(second.text) or lookup_cue(second.text):
                continue
            self.index.add(f"{first.text} {second.text}", "PER")
        # «أكدت نجاة رشدي، …»: the tagger took the surname alone; the one word between the speech verb and
        # it is the given name, unless it is a title, a courtesy or a function word
        starts = self.tok_index
        for s in self.ner:
            i = starts.get(s.start)
            if s.label != "PER" or i is None or i < 2 or len(s.text.split()) != 1:
                continue
            first, verb = toks[i - 1], toks[i - 2]
            if lookup_cue(verb.text) is None or lookup_cue(first.text) is not None or is_role_word(first.text) \
                    or first.folded in honorifics() or first.folded in _FUNCTION_WORDS \
                    or first.folded in _BOUNDARY or first.folded.startswith("ال") or not could_be_name_word(first.text):
                continue
            self.index.add(f"{first.text} {s.text}", "PER")

    def _honoured_before(self, pronoun: str, at: int) -> tuple[str, str | None] | None:
        """(name, title) after the last «جلالة …»، «معالي …»، «سمو …» before `at` whose courtesy the pronoun
        repeats («جلالته» → جلالة), when the article wrote one."""
        stem = fold(pronoun)
        stem = stem[:-2] if stem.endswith("ها") else stem[:-1]
        stems = {stem, stem + "ه", stem[:-1] + "ه" if stem.endswith("ت") else stem} - {fold(pronoun)}
        # (the pronoun itself, written earlier, names nobody: look past it for the courtesy and its name)
        toks = self.toks
        hit = next((i for i in range(len(toks) - 1, -1, -1) if toks[i].end <= at
                    and (toks[i].folded in stems or toks[i].folded[1:] in stems)), None)
        if hit is None:
            return None
        a, b = self._np(toks, hit + 1, min(len(toks), hit + 8))
        words = [w for w, _, _ in _words(toks, a, b, self.hashtags)]
        role, name = split_role(words)
        if name:
            return self.index.fullest(" ".join(name)), " ".join(role) or None
        if role:
            title = " ".join(trim_descriptors(role))
            return self.index.by_title(title) or title, title
        return None

    def _person_before(self, at: int) -> Entity | None:
        """The person the article named last before `at` (by a name, not by an honorific pronoun)."""
        best: tuple[int, str, Entity] | None = None
        for e in self.article.entities:
            if e.type != "PER" or _honorific_pronoun(e.name) or len(e.name.split()) < 2:
                continue
            starts = [m.start for m in e.mentions if m.end <= at]
            if starts and (best is None or (max(starts), e.id) > best[:2]):
                best = (max(starts), e.id, e)
        return best[2] if best else None

    def _described_extent(self, toks: list[Token], a0: int, a1: int, b: int) -> int:
        """Where an unnamed source's or document's phrase ends when it goes on past a boundary word with
        what it belongs to or who issued it: «مصدر في البلدية»، «مصدر مقرب من الحزب»، «أحد المقربين من
        أسرة الفنان»، «بيان صادر عن الوزارة»، «بيان للوزارة»."""
        if a1 >= b:
            return a1
        head = toks[a0].text
        typ = head_type(head) or head_type(head[1:])
        if typ == "ANON" and toks[a1].folded in ("في", "من"):
            return self._np(toks, a1 + 1, b)[1]
        if typ == "DOC" and not fold(head).startswith("ال"):
            if toks[a1].folded in ("عن", "من") and toks[a1 - 1].folded in _ISSUED:
                return self._np(toks, a1 + 1, b, addressee_stop=False)[1]
            if toks[a1].folded.startswith("لل"):
                return self._np(toks, a1 + 1, b)[1]
        return a1

    def _scan_descriptions(self) -> list[tuple[int, str, str]]:
        """Unnamed sources and documents as the article introduces them («نفى مصدر مطلع بوزارة البترول»،
        «في بيان مشترك»), so that a later «المصدر» or «البيان» is given the description it refers back to."""
        toks = self.toks
        out: list[tuple[int, str, str]] = []
        for i, t in enumerate(toks):
            if t.folded.startswith(("ال", "وال")):
                continue  # checked first: most words are definite, and `head_type` is then not asked
            typ = head_type(t.text)
            if typ not in ("ANON", "DOC"):
                continue
            a, b = self._np(toks, i, min(len(toks), i + 10))
            if b > a:
                b = self._described_extent(toks, a, b, min(len(toks), b + 8))
            words = [w for w, _, _ in _words(toks, a, b, self.hashtags)]
            if len(words) < 2:
                continue
            words[0] = words[0][1:] if fold(words[0])[:1] in "وفب" and head_type(words[0][1:]) == typ else words[0]
            phrase = _doc_phrase(words) if typ == "DOC" else _anon_phrase(words)
            if len(phrase) > 1:
                out.append((t.start, _head_key(phrase[0]), " ".join(phrase)))
        return out

    def _described(self, name: str, typ: str, at: int) -> str | None:
        """The nearest earlier description whose head a bare «المصدر»/«البيان»/«بيان» names."""
        words = name.split()
        if typ not in ("ANON", "DOC") or len(words) != 1:
            return None
        head = _head_key(words[0])
        return next((p for start, h, p in reversed(self.described) if h == head and start < at), None)

    def _hashtag_bounded(self, toks: list[Token], a: int, b: int, name: list[str]) -> list[str]:
        """A name written as a hashtag ends with the hashtag (#دونالد_ترامب برئيس …)."""
        for t in toks[a:b]:
            if fold(t.text) == fold(name[0]) or t.text == name[0]:
                tag = next((h for h in self.hashtags if h.start <= t.start < h.end), None)
                if tag is not None and tag.attrs.get("name"):
                    return tag.attrs["name"].split()
                break
        return name

    def sentence_subject(self, c: Candidate) -> Mention | None:
        """The subject of the sentence's first verb («وعبرت عفاف بن محمود عن سعادتها … وتابعت»), when it
        is a name or a title the article knows: the speaker of a cue that names nobody."""
        toks = c.tokens
        i = 0
        # a leading adverbial («وفي التفاصيل،») is not the clause
        for j in range(min(len(toks), 6)):
            if toks[j].text in ("،", ","):
                if toks[0].folded in _BOUNDARY or toks[0].folded[1:] in _BOUNDARY:
                    i = j + 1
                break
        if i >= c.cue_k:
            return None
        first = toks[i]
        f = first.folded
        starts_np = f.startswith(("ال", "وال")) or is_role_word(first.text) or self._known(first.text)
        a = i if starts_np else i + 1
        if a >= c.cue_k:
            return None
        a0, a1 = self._np(toks, a, c.cue_k)
        return self.mention(c, a0, a1) if self._subject_like(c, a0, a1) else None

    def _subject_like(self, c: Candidate, a0: int, a1: int) -> bool:
        """Whether tokens[a0:a1] read as a subject: a tagged name, a known one, a title, or a short
        indefinite phrase that could only be a name — not a verb (ويُسمع، تفاعل) or a channel noun."""
        toks = c.tokens
        if a1 <= a0:
            return False
        words = [w for w, _, _ in _words(toks, a0, a1, self.hashtags)]
        if not words or fold(words[0]) in _FUNCTION_WORDS or channel_at([fold(w) for w in words], 0):
            return False
        if any(s.start < toks[a1 - 1].end and toks[a0].start < s.end and s.label in ("PER", "ORG") for s in self.ner):
            return True
        plausible_name = (2 <= len(words) <= 4 and not fold(words[0]).startswith("ال") and head_type(words[0]) is None
                          and all(could_be_name_word(w) for w in words) and not self.ner)
        return self._known(words[0]) or is_role_word(words[0]) or head_type(words[0]) is not None or plausible_name

    def _takes_turn(self, c: Candidate) -> bool:
        """«من جانبه قال …»، «بدوره …»: the next speaker at the same event (press conference, meeting)."""
        words = [t.folded for t in c.tokens[: min(c.cue_k, 4)]]
        return any(w in _TURN_WORDS for w in words) or any(
            a == "من" and b in _TURN_WORDS for a, b in zip(words, words[1:]))

    def antecedent(self, c: Candidate) -> Mention | None:
        toks = c.tokens
        end = c.cue_k - 1
        start = end
        while start > 0 and end - start < 8:
            t = toks[start - 1]
            if t.text in _PUNCT or is_complementizer(t.text) or lookup_cue(t.text) is not None \
                    or t.folded in ("حسب", "بحسب", "وحسب", "وفق", "وفقا"):
                break
            start -= 1
        return self.mention(c, start, end) if end > start else None

    def _relayed(self, c: Candidate, speaker: Mention | None) -> tuple[Mention | None, Mention | None]:
        """«نقلت الوكالة عن مصدر في البلدية أن …»: the outlet relays; the one it quotes is the speaker."""
        toks = c.tokens
        a, b = c.region
        if a + 2 < b and toks[a].folded in _RELAY_OPENERS and toks[a + 1].folded == "عن":
            # «وتابع نقلاً عن رويترز»: the outlet only carried the words; the speaker is the clause's own
            inner, _ = self.phrase(c, a + 2, b)
            if inner is not None and is_outlet(inner.name):
                return None, inner
        relay_cue = c.cue is not None and c.cue.prep == "عن" and c.cue.lemma == fold("نقل")
        if speaker is None and relay_cue and a + 1 < b and toks[a].folded == "عن" and c.side != "source":
            # «ونقلت عن المسؤولين قولهم …»، «وكانت الوكالة نقلت عن مصدر …»: the one after «عن» speaks; the
            # outlet that is the verb's subject (written before it, or the one named last) carries the words
            inner, _ = self.phrase(c, a + 1, b)
            if inner is not None and not is_outlet(inner.name):
                return inner, self._outlet_before_cue(c)
        if speaker is None or c.cue is None:
            return speaker, None
        # «ذكرت رويترز عن مصدرين أمنيين …»: an outlet's «عن» names whom it reports (not «أعلنت عن»)
        relay_cue = relay_cue or (c.cue.prep != "عن" and is_outlet(speaker.name))
        for j in range(a, b):
            # «ذكر موقع X، نقلاً عن Y أن …» / «على لسان Y»: Y spoke, X carried it
            phrase_relay = j > a and (toks[j - 1].folded in ("نقلا", "ونقلا") and toks[j].folded == "عن"
                                      or toks[j - 1].folded == "علي" and toks[j].folded == "لسان")
            if (relay_cue and toks[j].folded == "عن" or phrase_relay) and j + 1 < b:
                inner, _ = self.phrase(c, j + 1, b)
                if inner is not None:
                    return inner, speaker
        return speaker, None

    def _outlet_before_cue(self, c: Candidate) -> Mention | None:
        """The outlet a relaying verb has for subject: named in the clause before it («وكانت الوكالة نقلت
        عن …»، «وأفاد راديو الجيش نقل عن …»), else the last speaker when that was an outlet."""
        p0, p1 = self.before_cue(c)
        toks = c.tokens
        for i in range(p0, p1):
            rest = [t.text for t in toks[i:p1] if any(ch.isalnum() for ch in t.text)]
            if rest and (is_outlet(" ".join(rest)) or is_outlet(rest[0])):
                found, _ = self.phrase(c, i, p1)
                if found is not None:
                    return found
        last = self.last
        if last is not None and is_outlet(last.name):
            return Mention(last.name, last.type, None, last.entity_id, last.role)
        return None

    def _apposition(self, c: Candidate, b: int) -> Mention | None:
        """«رئيس بلدية السنديان، سامر الحداد، …»: a name set off by commas right after a title."""
        toks = c.tokens
        if b < len(toks) and (toks[b].folded in ("في", "ب", "لدى", "عن") or toks[b].folded.startswith("لل")):
            # «رئيس المكافحة في إدارة الأمن الرائد سعد عثمان»، «النائبة عن كتلة الواحة هدى سجاد»: the
            # title's place or body, then the tagged name of the one who holds it, with no mark between
            x = next((x for x in range(b + 1, min(len(toks), b + 10))
                      if toks[x].text in _PUNCT or toks[x].start in self.person_starts
                      or self._given_then_called(toks, x)), None)
            if x is not None and toks[x].start in self.person_starts:
                y = x
                while y < len(toks) and toks[y].start in self.person_starts:
                    y += 1
                return self.mention(c, x, y, apposition=False)
            if x is not None and self._given_then_called(toks, x):
                return self.mention(c, x, x + 2, apposition=False)
        if b < len(toks) and toks[b].folded in ("في", "ب", "لدى"):
            # «وزير الري في جمهورية نوران، سامر الحداد، …»: the title's place or body before the name
            b = next((x for x in range(b + 1, min(len(toks), b + 6)) if toks[x].text in ("،", ",")
                      or toks[x].text in _PUNCT), len(toks))
        if b >= len(toks) or toks[b].text not in ("،", ","):
            return None
        x0, x1 = self._np(toks, b + 1, min(len(toks), b + 8))
        if x1 == x0 or (x1 < len(toks) and toks[x1].text not in ("،", ",", ":")):
            return None
        while x0 < x1 and toks[x0].folded in honorifics():
            x0 += 1  # «، الشيخ خالد بن أحمد آل خليفة،»: the courtesy is not the name
        words = [w for w, _, _ in _words(toks, x0, x1, self.hashtags)]
        links = sum(1 for w in words[1:] if fold(w) in name_particles())  # بن، آل: a longer name, still one
        if not words or len(words) > 4 + 2 * links or is_role_word(words[0]) or head_type(words[0]) is not None:
            return None
        if fold(words[0]).startswith("ال") and not self._known(words[0]):
            return None
        return self.mention(c, x0, x1, apposition=False)

    def _given_then_called(self, toks: list[Token], x: int) -> bool:
        """«هدى سجاد» … «وقالت سجاد»: a given name before the word the article calls a speaker by."""
        return (x + 1 < len(toks) and (toks[x].folded,) in phrases()["given"] and toks[x + 1].folded in self.called
                and not is_role_word(toks[x + 1].text) and could_be_name_word(toks[x + 1].text))

    def _unglue(self, m: Mention) -> Mention:
        """«وفقاً لبلومبرج»: the ل belongs to the phrase, not to the name."""
        span = m.span
        assert span is not None
        if not span.text.startswith("ل") or len(span.text) < 3:
            return m
        rest = span.text[1:]
        rest = "ال" + rest[1:] if rest.startswith("ل") else rest  # للوزارة → الوزارة
        typ = head_type(rest.split()[0]) or m.type
        fresh = self._resolve(" ".join(rest.split()), typ, self.article.span(span.start + 1, span.end, "speaker"), m.role)
        return fresh

    def _titled_exactly(self, words: list[str]) -> str | None:
        """The name the article wrote right after exactly this title, if it did."""
        key = tuple(f for f in (fold(w) for w in trim_descriptors(words)) if f)
        return next((name for cand, name in reversed(self.index.titled) if cand == key), None)

    def _name_after_title(self, words: list[str]) -> list[str]:
        """The name among the untagged words after a title, or [] when they are the title's object.

        «المبعوث الأممي عودة لقاءات …»، «الرئيس السوري موقف العراق»: a speech verb's object follows its
        subject, and a title alone does not say where a name ends. The words are a name when the article
        shows it: a given name, a word of a name it tagged, or a word it calls a speaker by after a speech
        verb («وقال سريع»). A name that runs on past the word the article calls the person by ends there
        («يحيى سريع تنفيذ» … «وأضاف سريع» → «يحيى سريع»)."""
        evidence = [self._name_evidence(w) for w in words]
        if not any(evidence):
            return []
        called = [i for i, w in enumerate(words) if fold(w) in self.called and fold(w) not in name_particles()]
        if called and called[-1] < len(words) - 1 and not any(evidence[called[-1] + 1:]):
            k = called[-1]
            if self.pairs[(fold(words[k]), fold(words[k + 1]))] < 2:  # «ولد الشيخ» written twice is a name
                return words[: k + 1]
        return words

    def _subject_before_object(self, words: list[str]) -> list[str]:
        """«وصفت أصالة الألبوم بأنه …»: after the verb, a one-word name the article writes alone elsewhere,
        then words it writes after that name only here and never shows as a name, are subject and object."""
        first, second = fold(words[0]), fold(words[1])
        if (first,) in phrases()["given"] or first in given_names() or self.words[first] < 2:
            return words
        if self.pairs[(first, second)] >= 2 or any(self._name_evidence(w) for w in words[1:]):
            return words
        return words[:1]

    def _name_evidence(self, word: str) -> bool:
        """A sign the article gives that a word is part of a person's name. A word after a speech verb
        counts unless it heads an institution or a title («وأكد مجلس الوزراء»)."""
        f = fold(word)
        if not f:
            return False
        if (f,) in phrases()["given"] or f in given_names() or f in name_particles():
            return True
        if f[:1] == "ل" and not f.startswith("ال"):
            return False  # «لشؤون مجلس الشورى»: the title's body behind لـ, not a name
        called = f in self.called and head_type(word) is None and not is_role_word(word) \
            and (f,) not in phrases()["orgw"] and f not in institution_heads()
        return called or self.index.knows_word(f, ("PER", ""))

    def _known(self, word: str) -> bool:
        f = fold(word)
        return bool(f) and self.index.knows_word(f, ("PER", "ORG", ""))

    # ---- reading a phrase -------------------------------------------------------------------------

    def phrase(self, c: Candidate, a: int, b: int) -> tuple[Mention | None, Mention | None]:
        """(speaker, addressee) named in tokens[a:b]."""
        toks = c.tokens
        addressee = None
        # skip a leading addressee «لـ X» / «له»
        if a < b and toks[a].folded in ("ل", "لـ"):
            x0, x1 = self._np(toks, a + 1, b)
            addressee = self.mention(c, x0, x1)
            a = x1
            while a < b and toks[a].text in ("،", ","):
                a += 1
        while a + 1 < b and len(toks[a].folded) == 1 and toks[a + 1].text == ".":
            a += 2  # «يقول د. محمد الشمري»: an abbreviated title, its dot is not a sentence end
        if a < b and c.side != "source" and _told_outlet(toks, a, b):  # not «وفقاً لبلومبرج»
            return None, None  # «وقال لصحيفة "النهار":»: said to an outlet; the speaker is the one before
        a0, a1 = self._np(toks, a, b)
        head = toks[a0].text if a1 > a0 else ""
        if a1 > a0:
            a1 = self._described_extent(toks, a0, a1, b)
            a1 = _before_outlet(toks, a0, a1)
        speaker = self.mention(c, a0, a1)
        if speaker is not None and addressee is None:
            # «قال الوزير لـ X»
            j = a1
            if j < b and toks[j].folded in ("ل", "لـ"):
                x0, x1 = self._np(toks, j + 1, b)
                addressee = self.mention(c, x0, x1)
            elif j < b and toks[j].folded.startswith("لل") and len(toks[j].folded) > 3:
                # «قال الحداد للموظفين»: the audience, read as «الموظفين»
                addressee = self.mention(c, j, self._np(toks, j + 1, b)[1] if j + 1 < b else j + 1, lam=True)
        return speaker, addressee

    def mention(self, c: Candidate, a: int, b: int, apposition: bool = True, lam: bool = False) -> Mention | None:
        words = _words(c.tokens, a, b, self.hashtags)
        if lam and words and fold(words[0][0]).startswith("لل"):
            w, s0, e0 = words[0]
            words[0] = ("ال" + w[2:], s0, e0)  # «للموظفين» names «الموظفين»; the span quotes the word as written
        while words and fold(words[0][0]) in honorifics() and not titles_an_institution([w for w, _, _ in words[:2]]):
            words = words[1:]
        if words and fold(words[0][0]).startswith("وال"):
            w, s0, e0 = words[0]
            words[0] = (w[1:], s0 + 1, e0)  # «والخبراء يحذرون»: the conjunction is not the speaker's
        if not words or len(words) > 12 or fold(words[0][0]) in _FUNCTION_WORDS:
            return None
        surface = [w for w, _, _ in words]
        start, end = words[0][1], words[-1][2]
        span = self.article.span(start, end, "speaker")
        if len(surface) == 1 and _honorific_pronoun(surface[0]):
            titled = self._honoured_before(surface[0], start)
            if titled is not None:  # «جلالته» after «جلالة الملك»: the one the article honoured so
                return self._resolve(titled[0], "PER", span, titled[1])
            named = self._person_before(start)
            if named is not None:  # «وأضاف معاليه»: the minister the article named before
                return self._resolve(named.name, "PER", span, named.roles[0] if named.roles else None)
        ner = [s for s in self.ner_ordered.overlapping(start, end) if s.label in ("PER", "ORG")]
        typ = head_type(surface[0])
        if typ == "ANON":
            # «أحد المقربين من أسرة الفنان سامر الحداد»: the one named in the description is not the source
            tie = next((s0 for w, s0, _ in words[1:] if fold(w) in ("في", "من")), end)
            # «مصادر مطلعة تحدثت لبلبريس»: a name behind لـ is the one the source spoke to
            ner = [s for s in ner if s.start < tie and not (s.start > start and fold(s.text)[:1] == "ل")]
        role_words, name_words = split_role(surface)
        if apposition and role_words and is_role_word(surface[0]):
            named = self._apposition(c, b)
            if named is not None:
                role = " ".join(surface)
                self.index.add_title(role, named.name)
                named.role = role
                named.span = self.article.span(start, named.span.end if named.span else end, "speaker")
                return named
        if ner:
            best = max(ner, key=lambda s: s.end - s.start)
            if best.label == "ORG" and best.start > start and is_role_word(surface[0]) and not any(
                    s.label == "PER" for s in ner):
                # «المتحدث الرسمي لوزارة الخارجية»، «رئيس مجلس النواب»: a title whose body the tagger
                # marked; the one who holds it speaks, not the body
                role_w, name_w = _title_body(*split_role(surface))
                if role_w and len(name_w) > 1:
                    name_w = self._name_after_title(name_w)  # not «… لشئون مجلس الشورى»
                if name_w and role_w:
                    return self._resolve(" ".join(trim_descriptors(name_w)), "PER", span, " ".join(role_w))
                title = " ".join(trim_descriptors(role_w or surface))
                return self._resolve(self.index.by_title(title) or title, "PER", span, title)
            name = " ".join(w for w, s0, _ in words if best.start <= s0 < best.end) or best.text
            label = best.label
            cut = title_words_before_name(name.split())
            if cut:  # «(شيخ قبيلة) النخيل والوادي صالح العمري»: the title's end, then a person's name
                name, label = " ".join(name.split()[cut:]), "PER"
            if label == "ORG" and typ == "ORG" and best.start == start:
                whole = _institution(surface)  # the tagger stopped at «لل…»: «الهيئة العامة» للإحصاء
                if len(whole) > len(name.split()):
                    name = " ".join(whole)
            role = " ".join(w for w, s0, _ in words if s0 < best.start) or None
            if role and " " not in role and fold(role)[:2] != "ال" and is_outlet(role):
                # «ذكرت صحيفة «ماركا» الإسبانية»: the outlet's noun, its name and the adjectives after it
                # are its fullest form («وكالة الأنباء العراقية», not «الوكالة»), which a later «الصحيفة»
                # then finds
                after = [w for w, s0, _ in words if s0 >= best.end]
                adjectives = list(takewhile(_nisba, after))
                return self._resolve(" ".join([role, name] + adjectives), "ORG", span, None)
            return self._resolve(name, label, span, role)
        if typ == "DOC":
            return self._resolve(" ".join(_doc_phrase(surface)), "DOC", span, None)
        if typ == "ORG":
            surface = _institution(surface)
        elif typ == "ANON":
            surface = _anon_phrase(surface)
        if len(name_words) == 1 and role_words and not self._known(name_words[0]):
            name_words = []  # «رئيس الدولة وجّه …», «الفنان يفكّر …»: a verb, not a name
        role_words, name_words = _title_body(role_words, name_words)  # «المتحدث الرسمي لوزارة الخارجية»
        if role_words and len(name_words) > 1:
            name_words = self._name_after_title(name_words)
        if role_words and name_words and not self._known(name_words[0]):
            # «وزير خارجية البحرين»: the whole phrase is a title the article already gave a name
            named = self._titled_exactly(surface)
            if named is not None:
                return self._resolve(named, "PER", span, " ".join(surface))
        if name_words and typ not in ("ANON", "ORG", "DOC"):
            if not role_words and len(name_words) > 1:
                name_words = self._subject_before_object(name_words)
            return self._resolve(" ".join(trim_descriptors(name_words)), "PER", span, " ".join(role_words) or None)
        if role_words and not name_words and typ != "ANON":  # «الشاب»، «الرجل»: a description, not a title
            role = " ".join(trim_descriptors(role_words))
            named = self.index.by_title(role)
            if named:
                return self._resolve(named, "PER", span, role)
            return self._resolve(role, "PER", span, role)
        text = " ".join(trim_descriptors(surface[:10] if typ == "ANON" else surface[:6]))
        return self._resolve(text, typ or "ANON", span, None)

    def _resolve(self, name: str, typ: str, span: Span, role: str | None) -> Mention:
        full = self._described(name, typ, span.start)
        full = full or (self.index.by_head(name) if fold(name.split()[0]).startswith("ال") else None)
        full = full or self.index.fullest(name)
        if typ in ("ORG", "DOC") and full == name:
            self.index.add(name, typ)  # so that «البيان» or «الوكالة» later finds it
        role = display_form(role) if role else role
        if role and full and role != full:
            self.index.add_title(role, full)
        entity = self._entity(full, typ, span, role)
        # the tagger may have taken a speech verb into the person's name («ويرد الدباغ قائلاً»): the speaker
        # is the name after it, whatever the entity layer calls it
        name = _without_cue(entity.name) if typ == "PER" else entity.name
        return Mention(name=name, type=typ, span=span, entity_id=entity.id, role=role)

    def _entity(self, name: str, typ: str, span: Span, role: str | None) -> Entity:
        """The article's entity for this speaker, created when the tagger did not know it, so that every
        speaker and addressee points into `article.entities`."""
        name = display_form(name)
        words = tuple(w for w in (fold(x) for x in name.split()) if w)
        entities = self.article.entities
        found = next(self._live(self._by_words.get(words, ())), None)
        if found is None and typ == "PER":
            rarest = min((self._by_word.get(w, []) for w in words), key=len, default=[])  # each fit has them all
            fits = list(islice((e for e in self._live(rarest)
                                if e.type == "PER" and contains(self._entity_words(e), words)), 2))
            found = fits[0] if len(fits) == 1 else None
        if found is None:
            found = Entity(f"e{len(entities) + 1}", name, typ if typ in ("PER", "ORG") else typ, [])
            entities.append(found)
            self._index_entity(len(entities) - 1, found)
        self._changing(found)
        if not any(m.start <= span.start and span.end <= m.end for m in found.mentions):
            found.mentions.append(span)
            found.mentions.sort(key=lambda m: m.start)
        if role and role not in found.roles and role != found.name:
            found.roles.append(role)
        if role and typ == "PER" and found.type in ("LOC", "MISC"):
            found.type = "PER"  # someone with a title who speaks is a person, whatever the tagger guessed
            self._index_person(found)
        return found

    def _entity_words(self, e: Entity) -> tuple[str, ...]:
        known = self._words_of.get(id(e)) if self._by_words_store is not None else None
        if known is not None and known[0] is e:
            return known[1]
        return tuple(w for w in (fold(x) for x in e.name.split()) if w)

    # The entities by their folded words and by each word, so that a speaker is found without reading every
    # entity (cost linear in the article). Entries are (position, entity); one whose position no longer holds
    # it was dropped when a trial reading was undone (`choice.LearnedResolver`), and is skipped.
    _by_words_store: dict[tuple[str, ...], list[tuple[int, Entity]]] | None = None
    _by_word: dict[str, list[tuple[int, Entity]]]  # the people only (or once people): what `fits` reads
    _words_of: dict[int, tuple[Entity, tuple[str, ...]]]  # id → (entity, its folded words): names never change

    @property
    def _by_words(self) -> dict[tuple[str, ...], list[tuple[int, Entity]]]:
        if self._by_words_store is None:
            self._by_words_store, self._by_word, self._words_of = {}, {}, {}
            for pos, e in enumerate(self.article.entities):
                self._index_entity(pos, e)
        return self._by_words_store

    def _index_entity(self, pos: int, e: Entity) -> None:
        words = self._entity_words(e)
        self._words_of[id(e)] = (e, words)
        self._by_words.setdefault(words, []).append((pos, e))
        if e.type == "PER":
            self._index_person(e, pos)

    def _index_person(self, e: Entity, pos: int | None = None) -> None:
        if pos is None:
            entities = self.article.entities
            pos = next((p for p, _ in self._by_words.get(self._entity_words(e), ()) if p < len(entities)
                        and entities[p] is e), None)
            if pos is None:
                return
        for w in dict.fromkeys(self._entity_words(e)):
            self._by_word.setdefault(w, []).append((pos, e))

    def _live(self, entries: list[tuple[int, Entity]]) -> Iterator[Entity]:
        entities = self.article.entities
        seen: set[int] = set()
        for pos, e in entries:
            if pos < len(entities) and entities[pos] is e and id(e) not in seen:
                seen.add(id(e))
                yield e

    def _changing(self, entity: Entity) -> None:
        """Called before an entity is changed (a trial reading may need to undo it)."""

    # ---- one candidate ----------------------------------------------------------------------------

    def before_cue(self, c: Candidate) -> tuple[int, int]:
        """SVO: the phrase between the last clause boundary and the cue."""
        toks = c.tokens
        j = c.cue_k
        i = j
        while i > 0:
            t = toks[i - 1]
            if t.text in _PUNCT or is_complementizer(t.text) or t.text in ("»", "”", '"'):
                break
            i -= 1
        # stacked cues, VSO: «وأضاف الحداد موضحاً:» — the finite speech verb before the subject is not a name
        cue = lookup_cue(toks[j].text) if j < len(toks) else None
        while cue is not None and cue.participle and i < j - 1 and lookup_cue(toks[i].text) is not None:
            i += 1
        return i, j

    def _stacked_subject(self, c: Candidate) -> Mention | None:
        """The subject a finite speech verb opening the participle's clause names («وختم المدير كلمته
        داعياً»), or None when the clause has no such verb of its own."""
        p0, p1 = self.before_cue(c)
        k = next((x for x in range(p1 - 1, max(p0 - 2, -1), -1) if (v := lookup_cue(c.tokens[x].text)) is not None
                  and not v.participle), None)
        if k is None or k + 1 >= p1:
            return None
        speaker, _ = self.phrase(c, k + 1, p1)
        if speaker is None or (self.last is not None and speaker.entity_id == self.last.entity_id):
            return speaker
        return speaker if speaker.type in ("PER", "ORG", "ANON", "DOC") else None

    def channel(self, c: Candidate) -> str | None:
        toks = c.tokens
        words = [t.folded for t in toks]
        lo = max(0, c.cue_k - 12)
        hi = c.region[1] if c.side != "before" else c.cue_k
        for i in range(lo, max(hi, c.cue_k + 1)):
            if i < len(toks) and not (c.start <= toks[i].start < c.end):
                hit = channel_at(words, i)
                if hit is None and words[i][:1] in "وفبل" and len(words[i]) > 4:
                    whole, words[i] = words[i], words[i][1:]  # «ببرنامج»، «وبيان»: the clitic is not the word
                    hit = channel_at(words, i)  # (read in place: a copy of the sentence per word was quadratic)
                    words[i] = whole
                if hit:
                    return hit[1]
        return None

    def _gender_sign(self, c: Candidate, speaker: Mention | None, relayed: bool) -> str | None:
        """What this cue shows of its speaker's gender: the cue agrees with the speaker unless it is a source
        phrase or an outlet relays («نقلت الوكالة عن …»); the title and name as written come next."""
        if speaker is None:
            return None
        cue = None if c.side == "source" or c.cue_start is None else self.article.text[c.cue_start:c.cue_end]
        words: list[str] = []
        if speaker.span is not None:
            before = [t for t in c.tokens if t.end <= speaker.span.start][-2:]
            while before and (before[0].text in _PUNCT or lookup_cue(before[0].text) is not None):
                before = before[1:]
            words = [t.text for t in before if t.text not in _PUNCT] + speaker.span.text.split()
        relay = [t.text for t in c.tokens[c.region[0]:c.region[1]]] if relayed else None
        return gender_sign(cue.split()[0] if cue else None, relay, words, speaker.name)

    def resolve(self, c: Candidate) -> Quote:
        article = self.article
        speaker = addressee = via = None
        implicit = relayed = False
        if c.side == "source":
            speaker, _ = self.phrase(c, *c.region)
            if speaker is not None and c.glued and speaker.span is not None:
                speaker = self._unglue(speaker)
            if speaker is not None and c.source_kind == "relay" and is_outlet(speaker.name):
                # «وتابع نقلاً عن رويترز “…”»: the outlet carried the words of the one speaking
                speaker, via = None, speaker
        elif c.cue is not None and c.cue.participle and (stacked := self._stacked_subject(c)) is not None:
            # «وختم المدير كلمته داعياً الحضور إلى …»: the participle's subject is the one its clause's
            # finite verb names, a new speaker; the noun after the participle is addressed
            speaker = stacked
            addressee, _ = self.phrase(c, *c.region)
        elif c.cue is not None and c.cue.participle and self.last is not None:
            # «…، مطالباً البلدية بـ…»: a participle agrees with the clause's subject; a noun after it is
            # the one addressed, never a new speaker
            a, b = c.region
            addressee, _ = self.phrase(c, a, b)
        elif c.cue_k > 1 and c.tokens[c.cue_k - 1].folded in _RELATIVES:
            # «… فوزي المهدي الذي طالب المواطنين بـ…»: the relative's antecedent speaks; the noun after the
            # cue is whom it addresses
            speaker = self.antecedent(c)
            addressee, _ = self.phrase(c, *c.region)
        else:
            a, b = c.region
            speaker, addressee = self.phrase(c, a, b)
            speaker, via = self._relayed(c, speaker)
            relayed = via is not None
            if speaker is None:
                p0, p1 = self.before_cue(c)
                short_after_comma = p0 > 0 and c.tokens[p0 - 1].text in ("،", ",") and p1 - p0 <= 2
                if p1 > p0 and (p0 == 0 or is_complementizer(c.tokens[p0 - 1].text) or short_after_comma) \
                        and p1 - p0 <= 6 and self._subject_like(c, p0, p1):
                    speaker, _ = self.phrase(c, p0, p1)
            if speaker is not None and via is None:
                speaker, via = self._relayed(c, speaker)  # «وكانت الوكالة نقلت عن مصدر أمني …»
                relayed = via is not None
            if speaker is None:
                speaker = self.sentence_subject(c)
                if speaker is not None and via is None:
                    speaker, via = self._relayed(c, speaker)  # «وكانت الوكالة نقلت عن مصدر أمني أن …»
                    relayed = via is not None
        if speaker is None and c.side != "source" and c.cue_k > 0 and c.tokens[c.cue_k - 1].folded in _QUANTIFIED:
            speaker = self.mention(c, c.cue_k - 1, c.cue_k)  # «… بعضهم يقولون:»
        if speaker is None and self.last is not None:
            speaker = Mention(self.last.name, self.last.type, None, self.last.entity_id, self.last.role)
            implicit = True
        if c.via_region is not None:
            via, _ = self.phrase(c, *c.via_region)
        channel = self.channel(c)
        same_speaker = speaker is not None and self.last is not None and speaker.entity_id == self.last.entity_id
        if channel is None and (implicit or same_speaker or self._takes_turn(c)):
            channel = self.last_channel
        if speaker is not None:
            self.last = speaker
            self.last_channel = channel
        self.signs.append(self._gender_sign(c, speaker, relayed))
        cue_span = article.span(c.cue_start, c.cue_end, "cue") if c.cue_start is not None else None
        content = article.span(c.start, c.end, "quote", kind=c.kind)
        return Quote(
            content=content,
            kind=c.kind,
            cue=cue_span,
            speaker=speaker,
            addressee=addressee,
            channel=channel,
            via=via,
            confidence=_confidence(c, speaker, implicit),
        )


def _nisba(word: str) -> bool:
    """«الإسبانية»، «الأمريكي»: a definite adjective of origin, the kind that ends an outlet's name."""
    f = fold(word)
    return f.startswith("ال") and len(f) > 4 and f.endswith(("ي", "يه"))


def _confidence(c: Candidate, speaker: Mention | None, implicit: bool) -> float:
    score = {"direct": 0.8, "mixed": 0.7, "indirect": 0.65}.get(c.kind, 0.6)
    if speaker is None:
        score -= 0.3
    elif implicit:
        score -= 0.1
    elif speaker.type in ("PER", "ORG", "DOC"):
        score += 0.1
    if c.cue is not None and "weak" in c.cue.flags:
        score -= 0.1
    if c.side == "source":
        score -= 0.05
    return max(0.05, min(0.99, score))
