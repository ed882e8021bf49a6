"""Throughput of the pipeline on a synthetic or real corpus, with the machine it was measured on.

The synthetic corpus exists so anyone can reproduce a figure without a licensed news dump: articles are
assembled from templates and invented names, places and organisations, and carry what real Arabic news
carries and what costs time — hashtags (some merged, `#سامرالحداد`), «» and “” quotations, agency
attributions, colon-introduced speech, newsletter and share tails. The same seed always gives the same
corpus, so two runs differ only by the code and the machine.
"""
from __future__ import annotations

import os
import platform
import random
import resource
import statistics
import sys
import time
from collections.abc import Callable, Iterable
from typing import Any

FIRST_NAMES = [
    "سامر", "ليلى", "نبيل", "هدى", "مروان", "سعاد", "عادل", "رنا", "سليم", "منى", "جواد", "نسرين", "طارق",
    "وفاء", "كريم", "دعاء", "فراس", "سلمى", "بشير", "غادة", "يزن", "ريم", "أنور", "لمى", "حسام", "نادية",
]
FAMILY_NAMES = [
    "الحداد", "العطار", "الجزراوي", "القباني", "الصافي", "الملا", "النمر", "الخطيب", "البرغوثي", "الزين",
    "الشامي", "الكحال", "الدباغ", "السراج", "العلوان", "المنصوري", "الحلاق", "الفاخوري", "الشريف", "الطحان",
]
PLACES = [
    "السنديان", "تل الورد", "رأس الفنار", "وادي الصفصاف", "عين الريحان", "المرجة الخضراء", "برج القمر",
    "سهل النخيل", "الجرف الأبيض", "قرية الزعرور", "جزيرة المرجان", "ضاحية الياسمين",
]
ORG_KINDS = ["هيئة", "شركة", "نقابة", "جمعية", "مجلس", "مؤسسة", "اتحاد"]
ORG_TOPICS = [
    "موانئ الساحل", "الفنار للملاحة", "صيادي السنديان", "أصدقاء الكتاب", "مزارعي الزيتون", "الطاقة النظيفة",
    "النقل العام", "مياه الواحة", "تجار السوق القديم", "المعلمين المستقلين",
]
AGENCIES = ["وكالة أنباء الواحة", "وكالة الساحل للأنباء", "وكالة أنباء السهل", "الساحل اليوم"]
ROLES = {  # masculine -> feminine
    "رئيس": "رئيسة", "مدير": "مديرة", "المتحدث باسم": "المتحدثة باسم", "نائب رئيس": "نائبة رئيس",
    "عضو مجلس إدارة": "عضو مجلس إدارة",
}
VERBS_DIRECT = ["قال", "أكد", "أضاف", "شدد", "أوضح", "صرّح"]
VERBS_FEM = {"قال": "قالت", "أكد": "أكدت", "أضاف": "أضافت", "شدد": "شددت", "أوضح": "أوضحت", "صرّح": "صرّحت"}
FEMALE = {"ليلى", "هدى", "سعاد", "رنا", "منى", "نسرين", "وفاء", "دعاء", "سلمى", "غادة", "ريم", "لمى", "نادية"}
STATEMENTS = [
    "العمل في المشروع سيبدأ قبل نهاية الربيع",
    "لن نقبل أن تبقى الأمور على حالها بعد اليوم",
    "الأولوية اليوم هي حماية الأسر محدودة الدخل",
    "الدراسات الفنية اكتملت ووقعنا العقود مع المقاولين",
    "الحوار هو الطريق الوحيد لحل هذا الخلاف",
    "الميزانية المرصودة تكفي للمرحلة الأولى فقط",
    "أبواب المجلس مفتوحة أمام كل من لديه شكوى",
    "الأسعار ستعود إلى مستواها الطبيعي خلال أسابيع",
    "سنعلن النتائج كاملة في مؤتمر صحفي الأسبوع المقبل",
    "السلامة العامة تأتي قبل أي اعتبار آخر",
]
REPORTED = [  # third person, for indirect speech after أن
    "المشروع سيكتمل قبل نهاية العام",
    "الأسعار ستعود إلى مستواها الطبيعي خلال أسابيع",
    "البلدية ستدفع التعويضات للمتضررين كاملة",
    "اللجنة ستعلن نتائج التحقيق قريباً",
    "المفاوضات مع النقابة وصلت إلى مراحل متقدمة",
    "الميزانية المرصودة لا تكفي إلا للمرحلة الأولى",
]
EVENTS = [
    "افتتاح محطة جديدة لتحلية المياه", "توسعة الميناء التجاري", "إضراب عمال النقل", "موسم قطاف الزيتون",
    "تأجيل الانتخابات البلدية", "ارتفاع أسعار الخبز", "إطلاق خط حافلات جديد", "ترميم السوق القديم",
    "افتتاح مكتبة عامة", "مهرجان التمور السنوي",
]
TAILS = [
    "اشترك في نشرتنا البريدية لتصلك أهم الأخبار كل صباح.",
    "شارك الخبر: فيسبوك | تويتر | واتساب",
    "تابعونا على قناتنا في تلغرام لمزيد من الأخبار العاجلة.",
    "جميع الحقوق محفوظة لموقع الساحل اليوم.",
    "اقرأ أيضاً: أسعار الخضار في أسواق المدينة",
]


def _tag(words: str, merged: bool = False) -> str:
    return "#" + words.replace(" ", "" if merged else "_")


def generate_corpus(n: int = 1000, seed: int = 0) -> list[dict[str, Any]]:
    """`n` invented Arabic news records `{"id", "text", "title", "date", "source"}`, the same for a seed."""
    rng = random.Random(seed)
    return [_article(rng, i) for i in range(n)]


def _person(rng: random.Random) -> tuple[str, str, str]:
    first, family = rng.choice(FIRST_NAMES), rng.choice(FAMILY_NAMES)
    return first, family, f"{first} {family}"


def _article(rng: random.Random, index: int) -> dict[str, Any]:
    place = rng.choice(PLACES)
    org = f"{rng.choice(ORG_KINDS)} {rng.choice(ORG_TOPICS)}"
    agency = rng.choice(AGENCIES)
    event = rng.choice(EVENTS)
    people = [_person(rng) for _ in range(rng.randint(1, 3))]
    paragraphs: list[str] = []

    first, family, full = people[0]
    female = first in FEMALE
    role = rng.choice(list(ROLES))
    day = rng.choice(["الأحد", "الاثنين", "الثلاثاء", "الأربعاء", "الخميس"])
    paragraphs.append(
        f"{'أكدت' if female else 'أكد'} {ROLES[role] if female else role} {_tag(org)}، {_tag(full)}، "
        f"في حديث عن {event} في {_tag(place)} يوم {day}، أن «{rng.choice(STATEMENTS)}»."
    )
    for _ in range(rng.randint(2, 8)):
        first, family, full = rng.choice(people)
        female = first in FEMALE
        v = rng.choice(VERBS_DIRECT)
        v = VERBS_FEM[v] if female else v
        statement = rng.choice(STATEMENTS)
        kind = rng.randrange(7)
        if kind == 0:
            paragraphs.append(f"و{v} “{family}” في تصريح خاص: «{statement}، وهذا ما وعدنا به أهالي {place}».")
        elif kind == 1:
            paragraphs.append(f"ونقلت {_tag(agency)} عن {full} {'قولها' if female else 'قوله'} إن «{statement}».")
        elif kind == 2:
            paragraphs.append(
                f"و{v} {_tag(full, merged=True)} لـ“{agency}” أن {rng.choice(REPORTED)}، "
                f"دون أن {'تحدد' if female else 'يحدد'} موعداً."
            )
        elif kind == 3:
            count = rng.randint(2, 900)
            paragraphs.append(
                f"وبحسب أرقام {org}، فإن {count} أسرة في {place} تأثرت بـ{event}، "
                f"فيما بلغت الكلفة نحو {rng.randint(1, 90)} مليون دينار."
            )
        elif kind == 4:
            paragraphs.append(f"وفي السياق نفسه، {v} {full} عبر {'حسابها' if female else 'حسابه'} على #تويتر: “{statement}”.")
        elif kind == 5:
            paragraphs.append(f"من {'جهتها' if female else 'جهته'}، {v} {family}: «{statement}، ونحن مستعدون لكل الاحتمالات».")
        else:
            paragraphs.append(
                f"وتشهد {place} منذ أسابيع نقاشاً واسعاً حول {event}، وسط مطالب من {_tag(org)} بمزيد من الشفافية."
            )
    text = "\n\n".join(paragraphs)
    tails = rng.sample(TAILS, rng.randint(0, 2))
    if tails:
        text += "\n\n" + "\n".join(tails)
    return {
        "id": f"bench-{index:06d}",
        "text": text,
        "title": f"{event} في {place}",
        "date": f"2024-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
        "source": agency,
    }


def load_corpus(path: str, limit: int | None = None) -> tuple[list[dict[str, Any]], int]:
    """Records from a real corpus (JSONL, folder or file) and how many inputs could not be read."""
    from khabar.readers import ReadFailure, iter_records

    records: list[dict[str, Any]] = []
    failures = 0
    for item in iter_records([path]):
        if isinstance(item, ReadFailure):
            failures += 1
            continue
        records.append(item)
        if limit is not None and len(records) >= limit:
            break
    return records, failures


def peak_rss_mb() -> float:
    """Peak resident memory of this process so far; Linux reports KiB, macOS bytes."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def machine_info() -> dict[str, Any]:
    return {
        "platform": platform.platform(),
        "machine": platform.machine(),
        "processor": platform.processor() or None,
        "cpu_count": os.cpu_count(),
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
    }


def time_run(
    records: Iterable[dict[str, Any]], process: Callable[[dict[str, Any]], dict[str, Any]], label: str
) -> dict[str, Any]:
    """Time `process` over every record, one at a time; failing records are counted, not raised.

    The first article pays for lazy model and lexicon loading, which would swamp a small corpus, so it is
    reported apart (`first_article_ms`) and the rates are over the warm articles after it; `seconds` is
    the whole run including it.
    """
    from khabar.arabic.tokens import tokenize

    latencies: list[float] = []
    tokens = chars = failures = first_tokens = 0
    first_error: str | None = None
    for record in records:
        t0 = time.perf_counter()
        try:
            out = process(record)
        except Exception as exc:  # a benchmark reports a failing stage, it does not stop at it
            failures += 1
            first_error = first_error or f"{record.get('id')}: {type(exc).__name__}: {exc}"
            continue
        latencies.append(time.perf_counter() - t0)
        text = out.get("text") or ""
        chars += len(text)
        tokens += len(tokenize(text))
        if len(latencies) == 1:
            first_tokens = tokens
    total = sum(latencies)
    done = len(latencies)
    ordered = sorted(latencies)
    warm = latencies[1:] if done > 1 else latencies
    warm_seconds = sum(warm)
    warm_tokens = tokens - first_tokens if done > 1 else tokens

    def pct(q: float) -> float | None:
        return round(ordered[min(done - 1, int(q * done))] * 1000, 3) if done else None

    return {
        "run": label,
        "articles": done,
        "failures": failures,
        "seconds": round(total, 4),
        "articles_per_s": round(len(warm) / warm_seconds, 2) if warm_seconds else None,
        "tokens": tokens,
        "tokens_per_s": round(warm_tokens / warm_seconds, 1) if warm_seconds else None,
        "chars": chars,
        "first_article_ms": round(latencies[0] * 1000, 3) if done else None,
        "median_ms": round(statistics.median(latencies) * 1000, 3) if done else None,
        "p95_ms": pct(0.95),
        "max_ms": round(ordered[-1] * 1000, 3) if done else None,
        "peak_rss_mb": round(peak_rss_mb(), 1),
        "first_error": first_error,
    }


def run_benchmark(records: list[dict[str, Any]], text_layer: bool = True) -> dict[str, Any]:
    """Time the text layer alone (when asked), then the full pipeline, on the same records.

    The text layer runs first so its peak memory is not hidden under the full pipeline's models.
    """
    from khabar.pipeline import PIPELINE_VERSION, Options, process_record

    runs = []
    if text_layer:
        text_only = Options(entities=False, quotes=False)
        runs.append(time_run(records, lambda r: process_record(r, text_only), "text"))
    full = Options()
    runs.append(time_run(records, lambda r: process_record(r, full), "full"))
    return {
        "pipeline_version": PIPELINE_VERSION,
        "machine": machine_info(),
        "runs": runs,
        "peak_rss_mb": round(peak_rss_mb(), 1),
    }


# --- the floor, stages, scaling and profile (issue 7) --------------------------------------------------
#
# A figure alone ("280 articles/s") says little; against a floor measured in the same run on the same texts
# it says how much of the time is the analysis and how much is unavoidable. The floor is what any tool that
# reads these articles must pay: parsing each record from its JSON line and one pass of a compiled regular
# expression over its text (`\w+`, the cheapest tokenisation).

_FLOOR_PATTERN = r"\w+"


def load_tabular_corpus(path: str, limit: int | None = None, text_column: str = "text",
                        html_column: str = "html", id_column: str = "id") -> tuple[list[dict[str, Any]], int]:
    """Records from the inputs `khabar batch` reads (JSONL[.gz|.zst], JSON, zip of JSON, Parquet, WARC,
    folders of them), e.g. a folder of daily zips each holding a JSON list of articles."""
    from khabar.batch.shards import plan_shards, read_shard
    from khabar.readers import Record
    from khabar.readers.tabular import Columns

    columns = Columns(id=id_column, text=text_column, html=html_column)
    shards, _, failures = plan_shards([path], shard_size=5000)
    records: list[dict[str, Any]] = []
    unreadable = len(failures)
    for shard in shards:
        for item in read_shard(shard, columns):
            if not isinstance(item, Record):
                unreadable += 1
                continue
            records.append(dict(item))
            if limit is not None and len(records) >= limit:
                return records, unreadable
    return records, unreadable


def floor_run(records: list[dict[str, Any]]) -> dict[str, Any]:
    """Time the floor: `json.loads` of each record's line and one compiled-regex pass over its text."""
    import json
    import re

    lines = [json.dumps(r, ensure_ascii=False) for r in records]  # serialised before the clock starts
    pattern = re.compile(_FLOOR_PATTERN)
    t0 = time.perf_counter()
    words = 0
    for line in lines:
        record = json.loads(line)
        words += len(pattern.findall(record.get("text") or record.get("html") or ""))
    seconds = time.perf_counter() - t0
    return {
        "run": "floor",
        "articles": len(records),
        "seconds": round(seconds, 4),
        "articles_per_s": round(len(records) / seconds, 1) if seconds else None,
        "words": words,
        "what": "json.loads of each JSONL line + re.compile(r'\\w+').findall over its text",
    }


def stage_run(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Seconds spent in each stage of the full pipeline (stage by stage, as `pipeline.run` calls them)."""
    from khabar.article import Article
    from khabar.pipeline import Options, check_order, collector_paused, default_stages, extract

    options = Options()
    stages = default_stages(options)
    check_order(stages)
    extract("قال سامر الحداد إن «العمل سيبدأ».", options=options)  # load models outside the clock
    spent = {getattr(st, "__name__", str(st)): 0.0 for st in stages}
    failures = 0
    for record in records:
        if record.get("text") is None:
            continue  # HTML goes through trafilatura first; the stage table is over plain-text records
        article = Article(text=record["text"], id=record.get("id"))
        try:
            with collector_paused():  # as `pipeline.run` holds the collector off for an article
                for st in stages:
                    t0 = time.perf_counter()
                    st(article, options)
                    spent[getattr(st, "__name__", str(st))] += time.perf_counter() - t0
        except Exception:  # a failing stage is counted; the benchmark goes on
            failures += 1
    total = sum(spent.values()) or 1e-12
    n = len(records)
    return [
        {"stage": name, "seconds": round(sec, 4), "share": round(sec / total, 3),
         "articles_per_s": round(n / sec, 1) if sec else None, "failures": failures}
        for name, sec in spent.items()
    ]


def add_floor_ratios(result: dict[str, Any]) -> None:
    """`floor_ratio`: how many times the floor's time a run or a stage takes on the same articles."""
    floor = result.get("floor") or {}
    floor_seconds = floor.get("seconds")
    floor_rate = floor.get("articles_per_s")
    if not floor_seconds or not floor_rate:
        return
    for run in result.get("runs", []):
        rate = run.get("articles_per_s")
        run["floor_ratio"] = round(floor_rate / rate, 1) if rate else None
    for st in result.get("stages", []):
        st["floor_ratio"] = round(st["seconds"] / floor_seconds, 2)


def scaling_run(records: list[dict[str, Any]], workers: list[int], shard_size: int | None = None) -> list[dict[str, Any]]:
    """Throughput of `khabar batch` (the local process pool) with each number of workers, wall clock.

    The wall clock includes starting the workers and loading the models in each (paid once per worker
    per run); `speedup` is against one worker.
    """
    import json
    import tempfile
    from pathlib import Path

    from khabar.batch import BatchConfig, run_local

    out: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory(prefix="khabar-bench-") as tmp:
        corpus = Path(tmp) / "corpus.jsonl"
        with open(corpus, "w", encoding="utf-8") as fh:
            for r in records:
                fh.write(json.dumps(r, ensure_ascii=False) + "\n")
        size = shard_size or max(10, -(-len(records) // (4 * max(workers))))
        for w in workers:
            t0 = time.perf_counter()
            manifest = run_local(BatchConfig([str(corpus)], str(Path(tmp) / f"out-{w}"), workers=w,
                                             shard_size=size))
            seconds = time.perf_counter() - t0
            done = manifest["totals"]["records"]
            out.append({
                "workers": w, "articles": done, "failures": manifest["totals"]["failures"],
                "shard_size": size, "seconds": round(seconds, 3),
                "articles_per_s": round(done / seconds, 1) if seconds else None,
                "worker_peak_rss_mb": round(_children_peak_rss_mb(), 1),
            })
    base = out[0]["articles_per_s"] if out and out[0]["workers"] == 1 else None
    for row in out:
        row["speedup"] = round(row["articles_per_s"] / base, 2) if base and row["articles_per_s"] else None
        row["per_worker_articles_per_s"] = round(row["articles_per_s"] / row["workers"], 1) \
            if row["articles_per_s"] else None
    return out


def _children_peak_rss_mb() -> float:
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def profile_run(records: list[dict[str, Any]], top: int = 10) -> list[dict[str, Any]]:
    """cProfile over the full pipeline on `records`; the `top` functions by own time (tottime)."""
    import cProfile
    import pstats

    from khabar.pipeline import Options, process_record

    options = Options()
    process_record({"id": "warm", "text": "قال سامر الحداد إن «العمل سيبدأ»."}, options)
    profiler = cProfile.Profile()
    profiler.enable()
    for record in records:
        try:
            process_record(record, options)
        except Exception:  # noqa: BLE001 - profiled, not judged
            pass
    profiler.disable()
    stats = pstats.Stats(profiler)
    total = stats.total_tt or 1e-12
    rows = []
    for (filename, line, func), (_cc, ncalls, tottime, cumtime, _callers) in sorted(
        stats.stats.items(), key=lambda kv: -kv[1][2]
    )[:top]:
        short = filename.split("/site-packages/")[-1].split("/src/")[-1]
        rows.append({"function": f"{short}:{line}({func})", "calls": ncalls, "tottime_s": round(tottime, 3),
                     "share": round(tottime / total, 3), "cumtime_s": round(cumtime, 3)})
    return rows


def cpu_model() -> str | None:
    """The CPU's model name (Linux /proc/cpuinfo, else platform.processor())."""
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as fh:
            for line in fh:
                if line.lower().startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or None
