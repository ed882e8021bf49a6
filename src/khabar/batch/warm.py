"""Everything a batch worker loads before its first record, loaded once in the pool's fork server.

`khabar batch` starts its workers with the `forkserver` method and names this module as the server's
preload: importing it runs one invented article through the whole pipeline, which loads the NER model,
the lexicons, the learned scorers and wordfreq's list, and then freezes the loaded objects out of the
garbage collector's reach. Every worker is then forked from that server with all of it already in memory
(shared copy-on-write until a worker writes a page) instead of loading it again itself, which each
`spawn` worker did. The server is a fresh process started before any pool thread, and it stays single-
threaded so that it forks safely: numpy's OpenBLAS would start a thread pool at import, so its thread count
is set to one here unless the environment already sets it (a worker per core wants no more anyway; nothing
in the pipeline multiplies matrices large enough for BLAS to split them).

`warm()` never raises: a worker whose server could not warm up loads what it needs on its first record,
exactly as a `spawn` worker does.
"""
from __future__ import annotations

import gc
import os

# An invented article (invented person, ministry and place) that takes every path that loads data: a
# tagged name, a titled speaker, a speech verb with a complementizer, quotation marks, a channel, a
# hashtag split by wordfreq and one split at its underscores.
WARM_TEXT = (
    "قال وزير الري في جمهورية ليساندا سامر الحداد في بيان صحفي اليوم إن «العمل في السد سيبدأ الشهر المقبل».\n"
    "وأضاف الحداد عبر حسابه على تويتر أن المشروع سيوفر المياه لسكان مدينة نوران. #مياهنوران #سد_ليساندا"
)

warmed = False


def warm() -> None:
    """Load the pipeline's models and lexicons in this process (once), then freeze them for forking."""
    global warmed
    if warmed:
        return
    warmed = True
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # before numpy's first import: no thread to fork across
    try:
        from khabar.pipeline import Options, process_record

        process_record({"id": "warm", "text": WARM_TEXT}, Options(max_seconds=0))
    except Exception:  # noqa: BLE001 - a worker then loads lazily on its first record, as under spawn
        return
    gc.collect()
    # objects loaded once and kept for the life of the process: out of the collector's passes, so a
    # collection in a forked worker neither walks them nor writes to (and so copies) their pages
    gc.freeze()


warm()
