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
