"""The indexes and per-word caches the quotation stages use for speed answer exactly what the scans they
replaced answered: each is compared here with the plain scan over the same data file, on an invented text."""
from __future__ import annotations

from khabar.entities import names
from khabar.quotes import extract, lexicon, via
from khabar.quotes.extract import _PRONOUN_ENDINGS, Token

# invented people, places and outlets; a few real agency names only as the outlet a report credits
TEXT = ("وقال سامر الحداد لوكالة الأنباء الفرنسية إن مدينة الواحة الخضراء ستفتح أبوابها، ونقلت صحيفة «نجمة الصباح» "
        "عن مصدر مطلع قوله إن البلدية لم تقرر بعد. وجاء فيها أن الأمطار ستتوقف، كما ورد فيه أن وكالة رويترز "
        "والعربية وبي بي سي تابعت الخبر. وكتب الوزير وليد الصايغ في تغريدة على حسابه في تويتر: «سنعمل بلا توقف». "
        "ومن جهته أوضح المتحدث باسم الهيئة، في مقابلة مع قناة الريف، أنه لن يعلق.")


def _scan_known_at(toks: list[tuple[int, int, str]], i: int, loose: bool = False) -> via.Outlet | None:
    """`via._known_at` as it was: every outlet name of the table tried at every token."""
    best = None
    for cut, first in via._bare(toks[i][2]):
        for words, (kind, host, set_off) in via.known_outlets().items():
            n = len(words)
            if words[0] != first or i + n > len(toks) or (best and best.end >= toks[i + n - 1][1]):
                continue
            if any(via.fold(toks[i + k][2]) != words[k] for k in range(1, n)):
                continue
            if set_off and not loose and not (i > 0 and toks[i - 1][2] in via._OPEN and cut == 0
                                              and i + n < len(toks) and toks[i + n][2] in via._CLOSE):
                continue
            start = toks[i][0] + via._offset(toks[i][2], cut)
            best = via.Outlet(start, toks[i + n - 1][1], "", host, via.fold("وكالة") if kind == "agency" else None)
    return best


def _texts() -> list[str]:
    """The invented text, and each outlet name of the table written in a sentence of its own, bare, behind
    a clitic and set off by marks, so that every group of the index is asked."""
    out = [TEXT]
    for words in via.known_outlets():
        name = " ".join(words)
        out.append(f"وقال مصدر ل{name} إن «{name}» و{name} نقلت الخبر.")
    return out


def test_known_outlets_by_first_word_finds_what_the_whole_table_scan_found() -> None:
    for text in _texts():
        toks = via._tokens(text, 0, len(text))
        for i in range(len(toks)):
            for loose in (False, True):
                assert via._known_at(toks, i, loose) == _scan_known_at(toks, i, loose), (text, i, loose)


def test_a_word_that_may_start_no_outlet_starts_none() -> None:
    starting = 0
    for text in _texts():
        toks = via._tokens(text, 0, len(text))
        for i in range(len(toks)):
            may = via._may_start_outlet(toks[i][2])
            starting += may
            if not may:
                assert via._known_at(toks, i) is None and via._known_at(toks, i, loose=True) is None, (text, i)
    assert starting >= len(via.known_outlets())  # each name of the table starts somewhere in its own sentence


def test_the_outlet_index_holds_every_name_of_the_table_once_in_order() -> None:
    flat = [words for group in via._outlets_by_first().values() for words, _ in group]
    assert sorted(flat) == sorted(via.known_outlets())
    for first, group in via._outlets_by_first().items():
        assert [w for w, _ in group] == [w for w in via.known_outlets() if w[0] == first]


def test_document_phrase_index_answers_as_the_scan_over_source_phrases() -> None:
    def scan(toks: list[Token], k: int) -> bool:
        first = toks[k].folded
        if first[:1] in "وف" and len(first) > 3:
            first = first[1:]
        second = toks[k + 1].folded
        return any(len(p) == 2 and p[0] == first and kind == "document" and second.startswith(p[1])
                   and second[len(p[1]):] in _PRONOUN_ENDINGS for p, kind in lexicon.source_phrases().items())

    toks = [Token(a, b, w, lexicon.fold(w)) for a, b, w in via._tokens(TEXT, 0, len(TEXT))]
    answers = [extract._document_says_in_it(toks, k) for k in range(len(toks) - 1)]
    assert answers == [scan(toks, k) for k in range(len(toks) - 1)]
    assert any(answers)  # «وجاء فيها»، «ورد فيه» are in the text


def test_patterns_starting_with_a_word_match_as_the_whole_lists() -> None:
    words = [lexicon.fold(w) for _, _, w in via._tokens(TEXT, 0, len(TEXT))] + ["تغريدات", "تغريدة", "بيان"]
    for name in ("channels.tsv", "speakers.tsv", "statement_signs.tsv", "speaker_words.tsv"):
        exact, whole = lexicon._patterns(name)
        for word in words:
            expected = list(exact.get(word, [])) + [p for p in whole if word.startswith(p[0][0][:-1])]
            assert list(lexicon._starting_with(name, word)) == expected
    assert lexicon._starting_with("channels.tsv", "تغريدات")  # a prefix pattern (تغريد*) is found


def test_remembered_word_lookups_answer_as_a_fresh_lookup() -> None:
    for _, _, word in via._tokens(TEXT, 0, len(TEXT)):
        assert lexicon.lookup_cue(word) == lexicon.lookup_cue.__wrapped__(word)
        assert lexicon.head_type(word) == lexicon.head_type.__wrapped__(word)
        assert via._head(word) == via._head.__wrapped__(word)
        assert via._bare(word) == via._bare.__wrapped__(word)
        assert lexicon.is_complementizer(word) == lexicon.is_complementizer.__wrapped__(word)
        assert names.fold(word) == names.fold.__wrapped__(word)
    assert lexicon.lookup_cue("وقال") is not None and lexicon.lookup_cue.cache_info().maxsize == lexicon.WORD_CACHE_SIZE


# ---- the scans that step over dead tokens -------------------------------------------------------------------
# Each reader below asks a cheap per-word question first and skips, by bisection, every token it rules out.
# Reading every token instead (the helper patched to let every token through) must give the same article.

# invented: more clitics, sources, owned speech nouns, documents, channels, places and repeated names
MORE = ("بحسب مصدر في بلدية السنديان، فإن المياه ستعود غداً. وبيّن الحداد أن الخطة جاهزة، وأشار بقوله: «سنبدأ الآن». "
        "وقالت ليلى العطار في مؤتمر صحفي بالقاهرة وفي لبنان إن الاتفاق «خطوة أولى نحو حل شامل»، مضيفة أن العطار "
        "ستزور بغداد. وبين الوزير أن البيان الصادر عن الوزارة جاء فيه أن العمل مستمر. وفقاً لوكالة أنباء الساحل، "
        "تحدث سامر الحداد لقناة الريف عبر الهاتف عن «مشاريع كثيرة ستنطلق قريباً في المدينة».\n"
        "#سامر_الحداد يكتب في صحيفة «صدى الواحة» تغريدات عن سوريا والعراق وللعراق.")


def _every(items: list) -> list[int]:
    return list(range(len(items)))


def test_stepping_over_dead_tokens_gives_what_reading_every_token_gives(monkeypatch) -> None:
    from khabar.entities import grouping
    from khabar.pipeline import extract as run
    from khabar.quotes import channel_choice

    texts = _texts()[:40] + [MORE]
    fast = [run(t).to_dict() for t in texts]
    monkeypatch.setattr(extract, "_live_tokens", _every)
    monkeypatch.setattr(via, "_outlet_tokens", _every)
    monkeypatch.setattr(channel_choice, "_channel_tokens", _every)
    monkeypatch.setattr(grouping, "_starting", lambda folded, table: _every(folded))
    slow = [run(t).to_dict() for t in texts]
    assert fast == slow
    assert sum(len(a["quotes"]) for a in fast) >= 40 and any(q.get("via") for a in fast for q in a["quotes"])
    assert any(q.get("channel") for a in fast for q in a["quotes"])
    assert {"LOC", "PER"} <= {e["type"] for a in fast for e in a["entities"]}


def test_a_word_that_opens_no_reading_is_skipped_only_where_nothing_is_read() -> None:
    """Every token `_live_tokens` leaves out reads as nothing in `_read_sentence` (no cue, no source)."""
    for text in (TEXT, MORE):
        toks = [Token(a, b, w, lexicon.fold(w)) for a, b, w in via._tokens(text, 0, len(text))]
        live = set(extract._live_tokens(toks))
        reader = extract.SentenceReader(text, toks, {}, len(text))
        for k, t in enumerate(toks):
            if k in live:
                continue
            assert lexicon.lookup_cue(t.text) is None and reader.source_at(k) is None, t.text
            assert lexicon.lookup_owned_speech_noun(t.text) is None and t.folded not in ("وبين", "فبين")
            assert k + 2 >= len(toks) or not extract._document_says_in_it(toks, k)
        assert len(live) < len(toks) / 2  # most words open nothing


def test_an_outlet_noun_is_found_as_the_loop_over_prefixes_finds_it() -> None:
    def scan(word: str):  # `via._head` without its first check on the word's ending
        f = lexicon.fold(word)
        for p in ("", "و", "ف", "ل", "ب", "ول", "وب", "فل"):
            if not f.startswith(p):
                continue
            rest = f[len(p):]
            if rest in via.outlet_heads():
                return len(p), rest, False
            if rest.startswith("ال") and rest[2:] in via.outlet_heads():
                return len(p), rest[2:], True
            if p == "ل" and rest.startswith("ل") and rest[1:] in via.outlet_heads():
                return 1, rest[1:], True
        return None

    words = [w for text in (TEXT, MORE) for _, _, w in via._tokens(text, 0, len(text))]
    words += [p + h for h in via.outlet_heads() for p in ("", "و", "لل", "بال", "ول", "فال")]
    assert [via._head.__wrapped__(w) for w in words] == [scan(w) for w in words]
    assert sum(scan(w) is not None for w in words) > len(via.outlet_heads())
