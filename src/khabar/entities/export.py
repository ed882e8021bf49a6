"""CoNLL export of an analysed article, for reading its entities token by token.

Works from the JSON form (`Article.to_dict()`), so whatever produced the output — the CLI, a batch run —
can be inspected the same way: one `token<TAB>BIO-tag<TAB>entity id` line per token, a blank line between
sentences.
"""
from __future__ import annotations

from typing import Any

from khabar.arabic.tokens import tokenize


def to_conll(doc: dict[str, Any]) -> str:
    text = doc["text"]
    tag: dict[int, tuple[str, str]] = {}  # token start → (BIO tag, entity id)
    tokens = tokenize(text)
    starts = [s for s, _ in tokens]
    for ent in doc.get("entities", []):
        for m in ent.get("mentions", []):
            inside = [i for i, (s, e) in enumerate(tokens) if m["start"] <= s and e <= m["end"]]
            inside = [i for i in inside if text[tokens[i][0]:tokens[i][1]] not in ("#", "_")]
            for n, i in enumerate(inside):
                tag.setdefault(starts[i], (("B-" if n == 0 else "I-") + ent["type"], ent["id"]))
    sentence_ends = {s["end"] for s in doc.get("sentences", [])}
    lines = [f"# id = {doc.get('id')}"]
    for s, e in tokens:
        label, eid = tag.get(s, ("O", "_"))
        lines.append(f"{text[s:e]}\t{label}\t{eid}")
        if any(s < end <= e for end in sentence_ends) or e in sentence_ends:
            lines.append("")
    if lines[-1] != "":
        lines.append("")
    return "\n".join(lines) + "\n"
