"""The document model: one original text and layers of spans pointing into it.

Every annotation khabar produces is a `Span` whose `start`/`end` index `Article.text`, the input exactly as
given. Derived views (normalised or cleaned text) live beside the article with their own offset maps, so no
offset that leaves the library can ever point into a string the user did not give us.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

SCHEMA_VERSION = "1.0"

# The closed vocabularies of the output, as types: a user's `quote.kind == "quoted"` is a type error.
QuoteKind = Literal["direct", "indirect", "mixed"]
EntityType = Literal["PER", "ORG", "LOC", "MISC"]


@dataclass(slots=True)
class Span:
    """A half-open character range `[start, end)` of `Article.text`, with a label and free attributes.

    Not frozen: spans are made by the hundred per article and a frozen dataclass costs a `object.__setattr__`
    per field; nothing in khabar mutates a span after making it."""

    start: int
    end: int
    text: str
    label: str = ""
    attrs: dict[str, Any] = field(default_factory=dict, compare=False)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"start": self.start, "end": self.end, "text": self.text}
        if self.label:
            out["label"] = self.label
        out.update(self.attrs)
        return out

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "Span":
        attrs = {k: v for k, v in d.items() if k not in ("start", "end", "text", "label")}
        return cls(d["start"], d["end"], d.get("text", ""), d.get("label", ""), attrs)


@dataclass(slots=True)
class Mention:
    """A reference to a speaker, addressee or entity: where it is written and whom it names."""

    name: str
    type: str = ""
    span: Span | None = None
    entity_id: str | None = None
    role: str | None = None
    gender: str | None = None  # F or M for a person whose article shows it

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"name": self.name, "type": self.type}
        if self.gender:
            out["gender"] = self.gender
        if self.entity_id is not None:
            out["entity_id"] = self.entity_id
        if self.role:
            out["role"] = self.role
        if self.span is not None:
            out.update(start=self.span.start, end=self.span.end, text=self.span.text)
        return out

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "Mention":
        span = None
        if isinstance(d.get("start"), int) and isinstance(d.get("end"), int):
            span = Span(d["start"], d["end"], d.get("text", ""))
        return cls(d.get("name", ""), d.get("type", ""), span, d.get("entity_id"), d.get("role"), d.get("gender"))


@dataclass(slots=True)
class Quote:
    """One reported statement: its content span, the cue that introduces it, and who said it."""

    content: Span
    kind: QuoteKind
    cue: Span | None = None
    speaker: Mention | None = None
    addressee: Mention | None = None
    channel: str | None = None
    via: Mention | None = None
    confidence: float = 0.5
    statement_type: str | None = None  # claim, denial, warning … (quotes/statement_type.py)

    @property
    def text(self) -> str:
        return self.content.text

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "text": self.content.text,
            "start": self.content.start,
            "end": self.content.end,
            "kind": self.kind,
            "confidence": round(self.confidence, 3),
            "cue": self.cue.to_dict() if self.cue else None,
            "speaker": self.speaker.to_dict() if self.speaker else None,
        }
        if self.addressee is not None:
            out["addressee"] = self.addressee.to_dict()
        if self.channel:
            out["channel"] = self.channel
        if self.via is not None:
            out["via"] = self.via.to_dict()
        if self.statement_type:
            out["statement_type"] = self.statement_type
        return out

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "Quote":
        def mention(key: str) -> Mention | None:
            return Mention.from_dict(d[key]) if isinstance(d.get(key), dict) else None

        return cls(
            content=Span(d["start"], d["end"], d["text"], "quote", {"kind": d.get("kind", "")}),
            kind=d.get("kind", ""),
            cue=Span.from_dict(d["cue"]) if isinstance(d.get("cue"), dict) else None,
            speaker=mention("speaker"),
            addressee=mention("addressee"),
            channel=d.get("channel"),
            via=mention("via"),
            confidence=d.get("confidence", 0.5),
            statement_type=d.get("statement_type"),
        )


@dataclass(slots=True)
class Entity:
    """One real-world referent in an article: a canonical (fullest) name and every mention of it."""

    id: str
    name: str
    type: EntityType
    mentions: list[Span] = field(default_factory=list)
    roles: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "id": self.id,
            "name": self.name,
            "type": self.type,
            "mentions": [m.to_dict() for m in self.mentions],
        }
        if self.roles:
            out["roles"] = list(self.roles)
        return out

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "Entity":
        return cls(d["id"], d.get("name", ""), d.get("type", ""), [Span.from_dict(m) for m in d.get("mentions") or []],
                   list(d.get("roles") or []))


@dataclass(slots=True)
class Article:
    """The original text, its metadata, and the layers that pipeline stages add.

    `text` is never modified after construction. `layers` maps a layer name (`paragraphs`, `sentences`,
    `hashtags`, `boilerplate`, `tokens`, ...) to spans sorted by start. `views` holds derived strings
    (such as `clean_text`) together with their offset maps back into `text`.
    """

    text: str
    id: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)
    html: str | None = None
    layers: dict[str, list[Span]] = field(default_factory=dict)
    views: dict[str, Any] = field(default_factory=dict)
    entities: list[Entity] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)

    def span(self, start: int, end: int, label: str = "", **attrs: Any) -> Span:
        """Make a span of this article's text; refuses offsets outside it."""
        if not 0 <= start <= end <= len(self.text):
            raise ValueError(f"span [{start}, {end}) outside article of length {len(self.text)}")
        return Span(start, end, self.text[start:end], label, attrs)

    def add_layer(self, name: str, spans: list[Span]) -> None:
        self.layers[name] = sorted(spans, key=lambda s: (s.start, s.end))

    def layer(self, name: str) -> list[Span]:
        return self.layers.get(name, [])

    def all_spans(self) -> list[Span]:
        """Every span the article carries, for invariant checks."""
        out: list[Span] = [s for spans in self.layers.values() for s in spans]
        for ent in self.entities:
            out.extend(ent.mentions)
        for q in self.quotes:
            out.append(q.content)
            for part in (q.cue,):
                if part is not None:
                    out.append(part)
            for m in (q.speaker, q.addressee, q.via):
                if m is not None and m.span is not None:
                    out.append(m.span)
        return out

    def to_dict(self, *, include_text: bool = True, include_html: bool = False) -> dict[str, Any]:
        out: dict[str, Any] = {"schema_version": SCHEMA_VERSION, "id": self.id}
        if include_text:
            out["text"] = self.text
        out["meta"] = dict(self.meta)
        if include_html and self.html is not None:
            out["html"] = self.html
        clean = self.views.get("clean_text")
        if clean is not None:
            out["clean_text"] = clean.text
        for name in ("paragraphs", "sentences", "boilerplate", "hashtags"):
            out[name] = [s.to_dict() for s in self.layer(name)]
        out["entities"] = [e.to_dict() for e in self.entities]
        out["quotes"] = [q.to_dict() for q in self.quotes]
        return out

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "Article":
        """The article `to_dict` wrote, back as objects: `Article.from_dict(a.to_dict()).to_dict() ==
        a.to_dict()`. The clean text comes back as a `SavedView` (its text without the offset map, which
        JSON does not carry); keys other than those `to_dict` writes (`pipeline_version`) are ignored."""
        if not isinstance(d, dict) or not isinstance(d.get("text"), str):
            raise ValueError("an article dict needs its text (to_dict(include_text=True))")
        version = str(d.get("schema_version") or SCHEMA_VERSION)
        if version.split(".")[0] != SCHEMA_VERSION.split(".")[0]:
            raise ValueError(f"article schema_version {version} is not {SCHEMA_VERSION}: written by another khabar")
        article = cls(text=d["text"], id=d.get("id"), meta=dict(d.get("meta") or {}), html=d.get("html"))
        for name in ("paragraphs", "sentences", "boilerplate", "hashtags"):
            if name in d:
                article.layers[name] = [Span.from_dict(s) for s in d[name] or []]
        if isinstance(d.get("clean_text"), str):
            article.views["clean_text"] = SavedView(d["clean_text"])
        article.entities = [Entity.from_dict(e) for e in d.get("entities") or []]
        article.quotes = [Quote.from_dict(q) for q in d.get("quotes") or []]
        return article


@dataclass(frozen=True, slots=True)
class SavedView:
    """A derived text read back from JSON: the string only (the offset map is rebuilt by re-analysing)."""

    text: str
