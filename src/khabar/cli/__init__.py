"""The command line: `main` builds the parser from the command groups and maps library errors to exit codes.

Each group (`extract`, `hashtag`, `ner`, `speaker_model`, `eval`, `store`, `sources`, `batch`, `web`, `bench`) is a module with one `register`
function, so a new command is added in one place and the groups never reach into each other; they share
only `console`. The library never imports this package.
"""
from __future__ import annotations

import argparse
import sys

from khabar.errors import KhabarError, ParameterError

DESCRIPTION = """\
khabar turns Arabic news into structured facts: clean text, hashtags, named
entities, and who said what (each quotation with its speaker, cue and kind).
Analyse articles straight from files, store a corpus to search it and follow
quotations across outlets, or browse it in a web app with a JSON API."""

EPILOG = """\
examples:
  khabar extract article.html --format text   quotations, entities, hashtags
  khabar ingest news.jsonl --db news.db        store a corpus to search it
  khabar search "الميناء" --db news.db         who said what about the port
  khabar demo                                  the web app on a small corpus

Run `khabar COMMAND --help` for the options of a command."""


class _Help(argparse.RawDescriptionHelpFormatter):
    """Lists the commands as plain entries, without argparse's `COMMAND` heading line above them."""

    def _format_action(self, action: argparse.Action) -> str:
        if isinstance(action, argparse._SubParsersAction):
            return "".join(self._format_action(a) for a in action._get_subactions())
        return super()._format_action(action)


def version() -> str:
    """The installed distribution's version; the package's own when running from a source tree."""
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as dist_version

    try:
        return dist_version("khabar")
    except PackageNotFoundError:
        from khabar import __version__

        return __version__


def build_parser() -> argparse.ArgumentParser:
    from khabar.cli import batch, bench, extract, hashtag, ner, sources, speaker_model, store, web
    from khabar.cli import eval as eval_

    parser = argparse.ArgumentParser(prog="khabar", description=DESCRIPTION, epilog=EPILOG,
                                     formatter_class=_Help)
    parser.add_argument("--version", action="version", version=f"khabar {version()}")
    sub = parser.add_subparsers(dest="command", required=True, title="commands", metavar="COMMAND")
    for group in (extract, hashtag, ner, speaker_model, eval_, store, sources, batch, web, bench):  # the order `--help` lists them in
        group.register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except ParameterError as exc:  # the library's parameter is this command's option of the same name
        print(f"khabar: error: --{exc.name.replace('_', '-')}: {exc.reason}: {exc.value!r}", file=sys.stderr)
        return 2
    except KhabarError as exc:
        print(f"khabar: error: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        return 0
