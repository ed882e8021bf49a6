"""A small invented corpus for the store tests: outlets carrying the same statements with light edits,
people named in full, by title and by surname alone, and two people who share a surname.

Everything here is made up (names, outlets, places). `corpus()` returns JSONL-ready records with ids,
dates and sources; the same call always returns the same records.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

OUTLETS = ["صحيفة الأفق", "وكالة النهار الجديد", "موقع المرصد", "إذاعة الوادي", "جريدة الضفة"]

# (statement, a lightly edited version other outlets carry); statement k is said by PEOPLE[k % 3]
STATEMENTS = [
    ("الحكومة ستعلن خطة شاملة لإصلاح شبكة الكهرباء قبل نهاية الصيف",
     "الحكومة ستعلن قريبا خطة شاملة لإصلاح شبكة الكهرباء قبل نهاية فصل الصيف"),
    ("لن نسمح بارتفاع أسعار الخبز مهما كانت الظروف في الأسواق",
     "لن نسمح أبدا بارتفاع أسعار الخبز مهما كانت الظروف في الأسواق المحلية"),
    ("المفاوضات مع النقابات وصلت إلى مرحلة حاسمة هذا الأسبوع",
     "المفاوضات مع النقابات وصلت الى مرحلة حاسمة خلال هذا الأسبوع"),
    ("سنفتتح ثلاث مدارس جديدة في القرى الجبلية مطلع العام الدراسي",
     "سنفتتح ثلاث مدارس جديدة في القرى الجبلية مع مطلع العام الدراسي المقبل"),
    ("الموازنة الجديدة تضع الصحة والتعليم على رأس الأولويات الوطنية",
     "إن الموازنة الجديدة تضع الصحة والتعليم على رأس الأولويات"),
    ("محطة التحلية الثانية ستدخل الخدمة في غضون ستة أشهر",
     "محطة التحلية الثانية ستدخل الخدمة فعليا في غضون ستة أشهر فقط"),
]

# (speaker as first introduced, how other articles name the same person)
PEOPLE = [
    ("وزير المالية رامي الشهابي", ["رامي الشهابي", "الشهابي"]),
    ("رئيسة بلدية النخيل دينا الحلبي", ["دينا الحلبي", "الحلبي"]),
    ("مدير هيئة الكهرباء ناصر العبيدي", ["ناصر العبيدي", "العبيدي"]),
]
FEMALE = {"دينا", "هالة", "رئيسة"}
# two different people sharing the surname النجار: never merged, and «النجار» alone joins neither
NAJJAR = [("سامر النجار", "القرار الأخير يحتاج إلى مراجعة دقيقة من اللجنة القانونية"),
          ("هالة النجار", "المستشفى الجامعي سيستقبل المرضى من كل المحافظات دون استثناء"),
          ("سامر النجار", "عقود الشركات الأجنبية ستخضع لتدقيق مالي مستقل"),
          ("هالة النجار", "الممرضات يستحققن زيادة عادلة في الرواتب والحوافز"),
          ("النجار", "الاجتماع المقبل سيحسم كل الخلافات العالقة بين الطرفين")]
# quotations said once only, by the people above
SINGLES = [
    "البلدية ستزرع آلاف الأشجار على ضفاف النهر قبل الشتاء",
    "مكتبة الحي ستبقى مفتوحة حتى منتصف الليل طوال شهر رمضان",
    "ملعب كرة القدم الجديد جاهز لاستقبال البطولة المدرسية",
    "الطريق الساحلي سيغلق ليلا لأعمال الصيانة العاجلة",
    "سوق السمك سينتقل إلى مبنى حديث قرب الميناء",
    "حافلات كهربائية صغيرة ستربط الأحياء الشرقية بالمركز",
    "نحتاج إلى متطوعين لتنظيف الشاطئ صباح كل جمعة",
    "المتحف الوطني يعرض مخطوطات نادرة للمرة الأولى",
    "أسعار تذاكر القطار لن تتغير حتى نهاية العام",
    "مركز الإطفاء الجديد يغطي القرى المحيطة بالبحيرة",
]
UNIQUE_LINES = [
    "وشهدت المدينة أمس ازدحاما كبيرا في الشوارع الرئيسية بسبب أعمال الصيانة.",
    "وتأتي هذه التصريحات بعد أسابيع من الجدل في البرلمان حول الموازنة.",
    "ويتابع السكان التطورات باهتمام بالغ منذ مطلع الشهر.",
]
NO_QUOTE = "تواصل فرق البلدية أعمال تنظيف قنوات تصريف المياه في الأحياء المنخفضة استعدادا لموسم الأمطار."


def _article(i: int, speaker: str, statement: str, outlet: str, day: int) -> dict[str, Any]:
    cue = "وقالت" if FEMALE & set(speaker.split()) else "وقال"
    text = f"{UNIQUE_LINES[i % len(UNIQUE_LINES)]}\n\n{cue} {speaker} في تصريح صحفي: «{statement}»."
    return {"id": f"art-{i:03d}", "text": text, "date": f"2024-03-{day:02d}", "source": outlet,
            "title": f"تصريحات {speaker.split()[-1]}"}


def corpus() -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    i = 0
    # each statement carried by three outlets: the original on day d, edited copies on d+2 and d+3; the
    # first copy ingested is a later one, so ingest order is not date order
    for k, (original, edited) in enumerate(STATEMENTS):
        intro, others = PEOPLE[k % len(PEOPLE)]
        names = [intro] + others
        day = 1 + 4 * k
        for c, (text, d) in enumerate([(edited, day + 2), (original, day), (edited, day + 3)]):
            out.append(_article(i, names[(c + k) % len(names)], text, OUTLETS[(i + c) % len(OUTLETS)], d))
            i += 1
    for k, (name, statement) in enumerate(NAJJAR):
        out.append(_article(i, name, statement, OUTLETS[k % len(OUTLETS)], 20 + k))
        i += 1
    # diacritics, alef forms and alef maqsura for the search tests
    out.append(_article(i, "دينا الحلبي", "إنّ الحُكومةَ لن تتراجع عن قرار الإصلاح الإداري", OUTLETS[1], 28))
    i += 1
    out.append(_article(i, "ناصر العبيدي", "نثق بقرارات الكاظمي في ملف الطاقة والمياه", OUTLETS[2], 28))
    i += 1
    for k, statement in enumerate(SINGLES):
        intro, others = PEOPLE[k % len(PEOPLE)]
        out.append(_article(i, others[0], statement, OUTLETS[k % len(OUTLETS)], 1 + k))
        i += 1
    while len(out) < 55:  # news without quotations
        out.append({"id": f"art-{i:03d}", "text": f"{UNIQUE_LINES[i % 3]}\n\n{NO_QUOTE}",
                    "date": f"2024-04-{1 + i % 28:02d}", "source": OUTLETS[i % len(OUTLETS)]})
        i += 1
    return out


def write_jsonl(path: Path, records: list[dict[str, Any]], bad_lines: list[str] = ()) -> Path:
    lines = [json.dumps(r, ensure_ascii=False) for r in records]
    for j, line in enumerate(bad_lines):
        lines.insert(min(len(lines), 3 + 7 * j), line)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


BAD_LINES = ["{not json", '{"id": "no-text", "title": "بلا نص"}']


def build_store(folder: Path) -> tuple[Path, Path, Any]:
    """Ingest the corpus (with two bad lines) into a new store under `folder`; (db, jsonl, stats)."""
    from khabar.store import Ingester, connect
    from khabar.readers import iter_records

    src = write_jsonl(folder / "corpus.jsonl", corpus(), BAD_LINES)
    db = folder / "corpus.db"
    conn = connect(db)
    stats = Ingester(conn, batch_size=10).run(iter_records([str(src)]))
    conn.close()
    return db, src, stats
