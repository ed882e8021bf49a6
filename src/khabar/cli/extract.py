"""`khabar extract`: read inputs, run the pipeline on each, print JSON, JSONL or a readable summary.

Every bad input is reported on stderr as `khabar: <input>: <reason>` and the rest are still written, so
one broken file does not cost a whole night's batch; the exit code tells a script whether anything failed
(1) or nothing at all could be produced (2).
"""
from __future__ import annotations

import argparse
import json
import sys
from typing import IO, Any

from khabar.budget import DEFAULT_MAX_SECONDS
from khabar.cli.console import add_budget_argument, add_ner_model_argument, make_console, make_progress, ner_options, wants_progress
from khabar.errors import KhabarError
from khabar.fields import flatten, stored_fields
from khabar.pipeline import Options, process_record
from khabar.stage import DEFAULT_MAX_CHARS
from khabar.readers import ReadFailure, Record, iter_records

EXIT_OK = 0
EXIT_SOME_FAILED = 1
EXIT_NOTHING_READ = 2


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("extract", help="analyse articles and print their layers")
    p.add_argument("paths", nargs="+", help="files (.txt .html .htm .jsonl), folders, or - for stdin")
    p.add_argument("--format", choices=["json", "jsonl", "text", "conll"], default="json",
                   help="conll: token, BIO entity tag and entity id per line, for inspection")
    p.add_argument("--keep-html", action="store_true", help="keep the input HTML in the output")
    p.add_argument("--min-confidence", type=float, default=0.0)
    p.add_argument("--no-entities", action="store_true")
    p.add_argument("--no-quotes", action="store_true")
    add_ner_model_argument(p)
    p.add_argument("--max-chars", type=int, default=DEFAULT_MAX_CHARS, metavar="N",
                   help=f"refuse (and report) articles longer than N characters; 0: no limit (default {DEFAULT_MAX_CHARS:,})")
    add_budget_argument(p)
    p.set_defaults(func=run_extract)


def options_from_args(args: argparse.Namespace) -> Options:
    """The pipeline options the extract flags ask for."""
    return Options(
        keep_html=bool(getattr(args, "keep_html", False)),
        entities=not getattr(args, "no_entities", False),
        quotes=not getattr(args, "no_quotes", False),
        min_confidence=float(getattr(args, "min_confidence", 0.0) or 0.0),
        max_chars=int(getattr(args, "max_chars", DEFAULT_MAX_CHARS)),
        max_seconds=float(getattr(args, "max_seconds", DEFAULT_MAX_SECONDS)),
        **ner_options(args),
    )


def analyse(record: Record, options: Options) -> dict[str, Any]:
    """One record to its output dict; the input HTML is added back only when asked for."""
    out = process_record(record, options)
    if options.keep_html and record.get("html") is not None:
        out["html"] = record["html"]
    return out


def report(source: str, reason: str, err: IO[str]) -> None:
    print(f"khabar: {source}: {reason}", file=err, flush=True)


class _JsonWriter:
    """Writes one object for a single article and an array for several, without holding them all."""

    def __init__(self, out: IO[str]) -> None:
        self.out = out
        self.pending: dict[str, Any] | None = None
        self.count = 0

    def add(self, doc: dict[str, Any]) -> None:
        self.count += 1
        if self.count == 1:
            self.pending = doc
            return
        if self.count == 2:
            self.out.write("[\n" + _indent(_dumps(self.pending)))
            self.pending = None
        self.out.write(",\n" + _indent(_dumps(doc)))

    def close(self) -> None:
        if self.count == 1:
            self.out.write(_dumps(self.pending) + "\n")
        elif self.count > 1:
            self.out.write("\n]\n")
        self.out.flush()


def _dumps(doc: Any) -> str:
    return json.dumps(doc, ensure_ascii=False, indent=2)


def _indent(text: str) -> str:
    return "\n".join("  " + line for line in text.split("\n"))


_SPAN_KEYS = frozenset({"start", "end", "text", "label"})
# Attributes a hashtag span may carry for the name it stands for, most specific first.
_HASHTAG_NAME_KEYS = ("name", "resolved")  # the resolved words; `split` says how they were found, it is not a name


def _extras(span: dict[str, Any], skip: tuple[str, ...] = ()) -> str:
    parts = [f"{k}={v}" for k, v in span.items() if k not in _SPAN_KEYS and k not in skip and v not in (None, "")]
    return f" ({', '.join(parts)})" if parts else ""


def _hashtag_name(tag: dict[str, Any]) -> str | None:
    for key in _HASHTAG_NAME_KEYS:
        value = tag.get(key)
        if isinstance(value, list):
            value = " ".join(map(str, value))
        if isinstance(value, str) and value and value != str(tag.get("text", "")).lstrip("#"):
            return value
    return None


_HEAD_FIELDS = frozenset({"speaker", "speaker_gender", "cue", "kind", "confidence"})


def _details(quote: dict[str, Any]) -> Any:
    """The quotation's other declared fields that the article gave (type, role, addressee, channel, via …),
    from `khabar.fields`, so a new field shows here without a change to this renderer."""
    from rich.text import Text

    flat = flatten(quote)
    line = Text("   ")
    for f in stored_fields():
        value = flat.get(f.name)
        if f.label and f.name not in _HEAD_FIELDS and value not in (None, ""):
            line.append(f" {f.name}: ", style="dim").append(str(value))
    return line if len(line.plain.strip()) else None


def render_article(console: Any, doc: dict[str, Any]) -> None:
    """A summary a person can read: whatever layers the pipeline produced, empty ones said to be empty."""
    from rich.rule import Rule
    from rich.text import Text

    console.print(Rule(Text(f"{doc.get('id')}", style="bold")))
    meta = doc.get("meta") or {}
    for key, value in meta.items():
        console.print(Text.assemble((f"{key}: ", "dim"), str(value)))
    text = doc.get("text") or ""
    counts = [f"{len(text)} characters"]
    for layer in ("paragraphs", "sentences"):
        if doc.get(layer):
            counts.append(f"{len(doc[layer])} {layer}")
    console.print(Text(", ".join(counts), style="dim"))

    def section(title: str, items: list[Any]) -> bool:
        console.print(Text(f"{title} ({len(items)})", style="bold cyan"))
        return bool(items)

    hashtags = doc.get("hashtags") or []
    if section("hashtags", hashtags):
        for tag in hashtags:
            name = _hashtag_name(tag)
            line = Text("  " + str(tag.get("text", "")))
            if name:
                line.append(" → ", style="dim").append(name, style="green")
            console.print(line)
    boilerplate = doc.get("boilerplate") or []
    if section("boilerplate", boilerplate):
        for span in boilerplate:
            label = span.get("label")
            line = Text("  ")
            if label:
                line.append(f"[{label}] ", style="dim")
            line.append(str(span.get("text", "")).strip())
            console.print(line)
    entities = doc.get("entities") or []
    if section("entities", entities):
        for ent in entities:
            mentions = ent.get("mentions") or []
            line = Text.assemble("  ", (str(ent.get("name", "")), "bold"), (f"  {ent.get('type', '')}", "magenta"))
            line.append(f"  ×{len(mentions)}", style="dim")
            if ent.get("roles"):
                line.append("  " + "، ".join(map(str, ent["roles"])), style="dim")
            console.print(line)
    quotes = doc.get("quotes") or []
    if section("quotations", quotes):
        for q in quotes:
            speaker = (q.get("speaker") or {}).get("name") or "?"
            gender = (q.get("speaker") or {}).get("gender")
            cue = (q.get("cue") or {}).get("text") or "-"
            head = Text.assemble(
                "  ", (speaker, "bold yellow"), (f" ({gender})" if gender else "", "yellow"), ("  cue: ", "dim"), cue,
                ("  kind: ", "dim"), str(q.get("kind", "")),
                ("  confidence: ", "dim"), str(q.get("confidence", "")),
            )
            console.print(head)
            details = _details(q)
            if details:
                console.print(details)
            console.print(Text("    " + str(q.get("text", "")), style="italic"))
    console.print()


def run_extract(
    args: argparse.Namespace,
    stdin: IO[Any] | None = None,
    out: IO[str] | None = None,
    err: IO[str] | None = None,
) -> int:
    """Run `khabar extract`; returns 0 if all inputs were analysed, 1 if some failed, 2 if none worked."""
    out = out if out is not None else sys.stdout
    err = err if err is not None else sys.stderr
    options = options_from_args(args)
    if options.entities:
        from khabar.entities.ner import check_tagger

        check_tagger(options.ner)  # a broken --ner-model is one error, not one per article
    fmt = getattr(args, "format", "json")
    json_writer = _JsonWriter(out) if fmt == "json" else None
    console = None
    if fmt == "text":
        console = make_console(out)

    produced = failed = 0
    progress = _progress(list(args.paths), err)
    try:
        for item in iter_records(list(args.paths), stdin=stdin):
            ok = _extract_one(item, options, fmt, out, err, json_writer, console, progress)
            produced += ok
            failed += not ok
            if progress is not None:
                progress.advance(progress.task_ids[0])
    finally:
        if progress is not None:
            progress.stop()
    if json_writer is not None:
        json_writer.close()
    if produced == 0:
        if failed == 0:
            report("extract", "no input articles", err)
        return EXIT_NOTHING_READ
    return EXIT_SOME_FAILED if failed else EXIT_OK


def _progress(paths: list[str], err: IO[str]) -> Any:
    """A bar on a terminal when there are several articles to analyse (their number counted first)."""
    if not wants_progress(err) or paths == ["-"]:
        return None
    from khabar.readers import count_articles

    total = count_articles(paths)
    if total is not None and total < 2:
        return None
    progress = make_progress(err, "extract")
    progress.add_task("extract", total=total)
    progress.start()
    return progress


def _extract_one(item: Any, options: Options, fmt: str, out: IO[str], err: IO[str], json_writer: Any,
                 console: Any, progress: Any) -> bool:
    """Analyse and write one record, or report why it could not be (above the bar when there is one);
    True when it was written."""
    def fail(source: str, reason: str) -> bool:
        if progress is not None:
            progress.console.print(f"khabar: {source}: {reason}", markup=False, highlight=False)
        else:
            report(source, reason, err)
        return False

    if isinstance(item, ReadFailure):
        return fail(item.source, item.reason)
    try:
        doc = analyse(item, options)
    except KhabarError as exc:
        return fail(item.origin, getattr(exc, "reason", None) or str(exc))
    except Exception as exc:  # a stage bug must not lose the rest of the batch
        return fail(item.origin, f"internal error: {type(exc).__name__}: {exc}")
    if json_writer is not None:
        json_writer.add(doc)
    elif fmt == "conll":
        from khabar.entities.export import to_conll

        out.write(to_conll(doc))
    elif console is not None:
        render_article(console, doc)
    else:
        out.write(json.dumps(doc, ensure_ascii=False) + "\n")
        out.flush()
    return True
