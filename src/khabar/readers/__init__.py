"""Inputs to records: files, folders, JSONL and stdin, with encoding detection and errors as values."""
from __future__ import annotations

from khabar.readers.files import count_articles, iter_records, read_file, read_stream, sniff
from khabar.readers.records import ReadFailure, Record

__all__ = ["ReadFailure", "Record", "count_articles", "iter_records", "read_file", "read_stream", "sniff"]
