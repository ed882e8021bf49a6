"""A desk's house style for hashtags: names it always tags, names it never tags, and its own spellings.

The file is UTF-8 text, one rule a line, `#` starting a comment line, blank lines skipped:

    always  الحشد الشعبي          tag this name wherever the article writes it, ranked first
    never   البيت الأبيض          never tag this name, whatever the analysis finds
    prefer  أمريكا = أميركا       write the tag of the name on the left with the spelling on the right

Names are compared folded (hamza forms, ى/ي, ة/ه, harakat), with `_` read as a space and a leading `#`
ignored, so `never #البيت_الأبيض` works too. A line the parser cannot read is refused with its file and line
number, never skipped: a silently ignored «never» line would publish a tag the desk banned.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from khabar.arabic import MARKS, fold_text
from khabar.errors import InputError

DIRECTIVES = ("always", "never", "prefer")
_BODY_WORD = re.compile(rf"(?:[^\W_]|[{MARKS}])+")


def name_key(name: str) -> str:
    """The form two spellings of a hashtag name are compared by: folded, `#` and `_` dropped, spaces single."""
    return " ".join(fold_text(name.replace("_", " ").lstrip("#＃")).split())


def spell(name: str) -> str:
    """A name as a hashtag body: its words joined by underscores (`مصطفى الكاظمي` → `مصطفى_الكاظمي`); any
    other character (a hyphen, a dot) would end the tag where a reader stops, so it becomes one too."""
    return "_".join(_BODY_WORD.findall(name))


@dataclass(frozen=True, slots=True)
class HouseStyle:
    """The rules of one style file; `prefer` maps a name's key to the spelling the desk writes."""

    always: tuple[str, ...] = ()
    never: frozenset[str] = frozenset()
    prefer: dict[str, str] = field(default_factory=dict)

    def banned(self, name: str) -> bool:
        return name_key(name) in self.never

    def spelling(self, name: str) -> str:
        """The desk's spelling of `name` (with spaces), or `name` itself when the style has none."""
        return self.prefer.get(name_key(name), name)


def parse_style(text: str, source: str = "<style>") -> HouseStyle:
    """Read a style file's text; `source` names it in errors."""
    always: list[str] = []
    never: set[str] = set()
    prefer: dict[str, str] = {}
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        directive, _, rest = line.partition(" ")
        directive, rest = directive.strip().lower(), " ".join(rest.replace("\t", " ").split())
        where = f"{source}:{number}"
        if directive not in DIRECTIVES:
            raise InputError(where, f"unknown rule {directive!r}; a line starts with one of {', '.join(DIRECTIVES)}")
        if not rest:
            raise InputError(where, f"'{directive}' needs a name after it")
        if directive == "prefer":
            left, sep, right = rest.partition("=")
            if not sep or not left.strip() or not right.strip():
                raise InputError(where, "'prefer' is written «prefer NAME = SPELLING»")
            prefer[name_key(left)] = " ".join(right.replace("_", " ").lstrip("#＃").split())
        elif not name_key(rest):
            raise InputError(where, f"'{directive}' needs a name with letters in it")
        elif directive == "always":
            always.append(" ".join(rest.replace("_", " ").lstrip("#＃").split()))
        else:
            never.add(name_key(rest))
    return HouseStyle(tuple(dict.fromkeys(always)), frozenset(never), prefer)


def load_style(path: str | Path) -> HouseStyle:
    """Read a style file from disk; a missing or undecodable file is refused by name."""
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError(str(p), "style file not found") from None
    except UnicodeDecodeError as exc:
        raise InputError(str(p), f"style file is not UTF-8 text (byte {exc.start})") from None
    except OSError as exc:
        raise InputError(str(p), f"style file cannot be read: {exc.strerror}") from None
    return parse_style(text, str(p))
