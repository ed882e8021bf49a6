"""Benchmarks and the synthetic corpus they run on: an outer room, beside the doors, never shipped into them.

`pipeline` times the pipeline (`khabar bench`) and generates the corpus of invented articles every
benchmark and several tests use; `ingest` times `khabar ingest` (`khabar bench-ingest`); `web` load-tests the
API on loopback (`khabar bench-web`). The store and the web app never import this room, so measuring them
adds nothing to what they load.
"""
from __future__ import annotations

from khabar.bench.pipeline import generate_corpus, machine_info

__all__ = ["generate_corpus", "machine_info"]
