"""Interface text in Arabic and English: page furniture, field names and code values.

A field or code the tables here do not know is shown in English as the name with ``_`` and ``-``
turned into spaces, and in Arabic as that same English text isolated (``<bdi>``), so another
package's site still reads; the project's own fields and codes have Arabic names below.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

UI: dict[str, dict[str, str]] = {
    "site_title": {"en": "Counter-terrorism cooperation: the data",
                   "ar": "التعاون في مكافحة الإرهاب: البيانات"},
    "home": {"en": "Home", "ar": "الرئيسية"},
    "tables": {"en": "Tables", "ar": "الجداول"},
    "site_nav": {"en": "Site", "ar": "الموقع"},
    "dictionary": {"en": "Data dictionary", "ar": "قاموس البيانات"},
    "errata": {"en": "What the sources got wrong", "ar": "ما أخطأت فيه المصادر"},
    "errata_short": {"en": "Errata", "ar": "التصويبات"},
    "search": {"en": "Search", "ar": "البحث"},
    "other_lang": {"en": "العربية", "ar": "English"},
    "skip": {"en": "Skip to content", "ar": "انتقل إلى المحتوى"},
    "rows": {"en": "rows", "ar": "صفوف"},
    "row_count": {"en": "Rows", "ar": "عدد الصفوف"},
    "table": {"en": "Table", "ar": "الجدول"},
    "facts": {"en": "Facts", "ar": "المعلومات"},
    "sources": {"en": "Sources", "ar": "المصادر"},
    "source": {"en": "Source", "ar": "المصدر"},
    "no_citations": {"en": "No citation is recorded for this row.", "ar": "لا يوجد استشهاد مسجل لهذا الصف."},
    "locator": {"en": "where", "ar": "الموضع"},
    "supports": {"en": "supports", "ar": "يسند"},
    "open_source": {"en": "open the source", "ar": "افتح المصدر"},
    "relations": {"en": "Relations", "ar": "العلاقات"},
    "referenced_by": {"en": "Linked from", "ar": "صفوف تشير إليه"},
    "erratum": {"en": "A source was corrected", "ar": "تصويب لمصدر"},
    "claim": {"en": "The source claimed", "ar": "ادّعى المصدر"},
    "correction": {"en": "The record shows", "ar": "والثابت"},
    "evidence": {"en": "Evidence", "ar": "الدليل"},
    "about_row": {"en": "About", "ar": "بشأن"},
    "cite_this": {"en": "Cite this", "ar": "استشهد بهذا"},
    "version": {"en": "version", "ar": "الإصدار"},
    "json": {"en": "This row as JSON", "ar": "هذا الصف بصيغة JSON"},
    "filter": {"en": "Filter the rows", "ar": "تصفية الصفوف"},
    "filter_hint": {"en": "Type to filter; click a column heading to sort.",
                    "ar": "اكتب للتصفية؛ وانقر عنوان عمود للترتيب."},
    "shown": {"en": "rows shown", "ar": "صفًا معروضًا"},
    "key": {"en": "Identifier", "ar": "المعرّف"},
    "name": {"en": "Name", "ar": "الاسم"},
    "field": {"en": "Field", "ar": "الحقل"},
    "type": {"en": "Type", "ar": "النوع"},
    "description": {"en": "Description", "ar": "الوصف"},
    "rules": {"en": "Rules", "ar": "القواعد"},
    "required": {"en": "required", "ar": "إلزامي"},
    "unique": {"en": "unique", "ar": "فريد"},
    "links_to": {"en": "links to", "ar": "يشير إلى"},
    "primary_key": {"en": "Primary key", "ar": "المفتاح الأساسي"},
    "timeline": {"en": "Timeline", "ar": "الخط الزمني"},
    "timeline_alt": {"en": "The timeline as a table", "ar": "الخط الزمني في جدول"},
    "year": {"en": "Year", "ar": "السنة"},
    "timeline_caption": {"en": "Rows per year, by table (the circle's size is the count).",
                         "ar": "عدد الصفوف في كل سنة بحسب الجدول (حجم الدائرة هو العدد)."},
    "search_label": {"en": "Search the data", "ar": "ابحث في البيانات"},
    "search_hint": {"en": "Names, acronyms, symbols, words of a description.",
                    "ar": "الأسماء والمختصرات والرموز وكلمات الوصف. لا تهم الحركات ولا صور الهمزة "
                          "ولا «ال» ولا الحروف المتصلة «و» و«ب» و«ل»."},
    "search_none": {"en": "No row matches.", "ar": "لا يطابق البحثَ أي صف."},
    "search_results": {"en": "results", "ar": "نتيجة"},
    "search_needs_server": {"en": "Search needs the site to be served over http(s), not opened as a file.",
                            "ar": "يتطلب البحث تقديم الموقع عبر http(s)؛ ولا يعمل من ملف محلي."},
    "yes": {"en": "yes", "ar": "نعم"},
    "no": {"en": "no", "ar": "لا"},
    "all_tables": {"en": "What the package holds", "ar": "محتوى الحزمة"},
    "downloads": {"en": "Data", "ar": "البيانات"},
    "descriptor": {"en": "The package descriptor (datapackage.json)", "ar": "واصف الحزمة (datapackage.json)"},
    "errata_count": {"en": "Corrections", "ar": "عدد التصويبات"},
    "link_table": {"en": "Links", "ar": "الروابط"},
    "errata_intro": {"en": "Where a source is wrong, outdated or unsupported: what it claimed, "
                           "what the data holds instead, and the evidence.",
                     "ar": "مواضع خطأ المصادر أو تقادمها أو افتقارها إلى سند: ما ادّعته، "
                           "وما تحمله البيانات بدلًا منه، والدليل."},
    "choose_language": {"en": "Choose a language", "ar": "اختر اللغة"},
    "row_timeline": {"en": "Over the years", "ar": "عبر السنين"},
    "row_timeline_caption": {"en": "The dated rows that point at this one, by year (one dot per row).",
                             "ar": "الصفوف المؤرخة التي تشير إلى هذا الصف، بحسب السنة (نقطة لكل صف)."},
    "row_timeline_alt": {"en": "The same rows as a list", "ar": "الصفوف نفسها في قائمة"},
    "date": {"en": "Date", "ar": "التاريخ"},
    "row": {"en": "Row", "ar": "الصف"},
    "graph_caption": {"en": "Arrows run from the subject of a relation to its object; the list below "
                            "gives every relation with its dates.",
                      "ar": "تتجه الأسهم من طرف العلاقة الأول إلى طرفها الثاني؛ والقائمة أدناه تذكر "
                            "كل علاقة وتواريخها."},
    "more_relations": {"en": "and {n} more (see the list)", "ar": "و{n} غيرها (انظر القائمة)"},
    "over_time": {"en": "{what} over time", "ar": "{what} عبر الزمن"},
    "stated_total": {"en": "stated total", "ar": "العدد المعلن"},
    "chart_alt": {"en": "The chart as a table", "ar": "الرسم في جدول"},
    "recorded": {"en": "Recorded here", "ar": "المسجل هنا"},
    "recorded_as_of": {"en": "as of", "ar": "حتى"},
    "undated": {"en": "without a date", "ar": "بلا تاريخ"},
    "stated": {"en": "Stated total", "ar": "العدد المعلن"},
    "coverage": {"en": "held at that date", "ar": "المسجل في ذلك التاريخ"},
    "no_stated": {"en": "No stated total is recorded.", "ar": "لا يوجد عدد معلن مسجل."},
    "source_supports": {"en": "What this source supports", "ar": "ما يسنده هذا المصدر"},
    "downloads_page": {"en": "Downloads", "ar": "التنزيلات"},
    "downloads_intro": {"en": "The files of this release, with their sizes and SHA-256 checksums.",
                        "ar": "ملفات هذا الإصدار مع أحجامها ومجاميعها الاختبارية SHA-256."},
    "downloads_none": {"en": "The release files (zip, SQLite, XLSX, Parquet, JSON) are built by "
                             "ctcoop export; this build was given none, so only the site's own copy "
                             "of the descriptor is listed.",
                       "ar": "يبني الأمر ctcoop export ملفات الإصدار (zip وSQLite وXLSX وParquet وJSON)؛ "
                             "ولم تُعطَ هذه النسخة من الموقع أيًّا منها، فلا يُذكر هنا إلا واصف الحزمة."},
    "downloads_check": {"en": "Check a download against the release's checksums:",
                        "ar": "للتحقق من ملف منزَّل بمقارنته بمجاميع الإصدار:"},
    "file": {"en": "File", "ar": "الملف"},
    "size": {"en": "Size", "ar": "الحجم"},
    "snippets": {"en": "Using the files", "ar": "استعمال الملفات"},
    "snippets_intro": {"en": "From the README: each snippet runs in the folder that holds the release files.",
                       "ar": "من ملف README: تعمل كل شيفرة في المجلد الذي يضم ملفات الإصدار."},
}

FIELDS_AR: dict[str, str] = {
    "id": "المعرّف", "name": "الاسم", "title": "العنوان", "acronym": "المختصر", "kind": "النوع",
    "description": "الوصف", "parent": "الهيئة الأم", "seat_city": "مدينة المقر", "seat_country": "دولة المقر",
    "founded": "التأسيس", "dissolved": "الحل", "founding_instrument": "الصك المنشئ", "website": "الموقع",
    "status_as_of": "المعلومة سارية في", "scope": "النطاق", "number": "الرقم", "symbol": "الرمز",
    "adopting_body": "الجهة المعتمِدة", "adopted": "الاعتماد", "place": "المكان",
    "entry_into_force": "بدء النفاذ", "depositary": "جهة الإيداع", "binding_force": "القوة الملزمة",
    "vote_for": "المؤيدون", "vote_against": "المعارضون", "vote_abstain": "الممتنعون",
    "adopted_without_vote": "اعتُمد دون تصويت", "chapter_vii": "الفصل السابع", "url": "الرابط",
    "operator": "الجهة المشغلة", "established_by": "أُنشئ بموجب", "launched": "الإطلاق", "ended": "الانتهاء",
    "start_date": "تاريخ البدء", "end_date": "تاريخ الانتهاء", "country": "الدولة",
    "organizer": "الجهة المنظمة",
    "inverse": "العكس", "subject_resources": "جداول الطرف الأول", "object_resources": "جداول الطرف الثاني",
    "subject": "الطرف الأول", "type": "النوع", "object": "الطرف الثاني", "note": "ملاحظة",
    "organization": "الهيئة", "member_country": "الدولة العضو", "member_organization": "المنظمة العضو",
    "role": "الصفة", "joined": "الانضمام", "left": "المغادرة", "about": "بشأن", "measure": "المقيس",
    "value": "القيمة", "value_max": "الحد الأعلى", "qualifier": "القيد", "unit": "الوحدة",
    "as_of": "في تاريخ",
    "verification": "التحقق", "concerns": "يخص", "source": "المصدر", "locator": "الموضع", "field": "الحقل",
    "claim": "الادعاء", "correction": "التصويب", "evidence": "الدليل", "fields": "الحقول",
    "language": "اللغة", "publisher": "الناشر", "author": "المؤلف", "published": "النشر",
    "published_certainty": "يقين تاريخ النشر", "accessed": "تاريخ الاطلاع", "reliability": "الموثوقية",
    "reliability_note": "ملاحظة الموثوقية", "alpha2": "الرمز الثنائي", "numeric": "الرمز الرقمي",
    "ratification": "التصديق", "parties": "الأطراف",
}

FIELDS_EN: dict[str, str] = {"id": "ID", "url": "URL", "alpha2": "Alpha-2 code", "numeric": "Numeric code",
                             "chapter_vii": "Chapter VII"}

CODES_AR: dict[str, str] = {
    # organizations.kind
    "un-principal-organ": "جهاز رئيسي للأمم المتحدة", "un-subsidiary-body": "هيئة فرعية للأمم المتحدة",
    "un-office": "مكتب للأمم المتحدة", "un-agency": "وكالة للأمم المتحدة",
    "intergovernmental-organization": "منظمة حكومية دولية", "regional-organization": "منظمة إقليمية",
    "coalition": "تحالف", "forum": "منتدى", "task-force": "فرقة عمل", "regional-centre": "مركز إقليمي",
    "research-centre": "مركز بحثي", "observatory": "مرصد", "national-agency": "جهاز وطني",
    "academic-institution": "مؤسسة أكاديمية", "commercial": "جهة تجارية", "network": "شبكة",
    # sources.kind
    "article": "مقال", "report": "تقرير", "un-document": "وثيقة للأمم المتحدة",
    "un-press-release": "بيان صحفي للأمم المتحدة", "un-meeting-coverage": "تغطية اجتماع للأمم المتحدة",
    "official-page": "صفحة رسمية", "treaty-text": "نص معاهدة", "news": "خبر", "dataset": "مجموعة بيانات",
    "book": "كتاب", "web-archive": "أرشيف ويب", "stated": "مذكور", "inferred": "مستنتج",
    "primary": "أولي", "secondary": "ثانوي", "low": "ضعيف",
    # events.kind
    "attack": "هجوم", "cyberattack": "هجوم إلكتروني", "conference": "مؤتمر", "meeting": "اجتماع",
    "workshop": "ورشة عمل", "launch": "إطلاق", "withdrawal": "انسحاب", "dissolution": "حل",
    "appointment": "تعيين", "statement": "بيان",
    # mechanisms.kind
    "database": "قاعدة بيانات", "information-system": "نظام معلومات", "notice-system": "نظام نشرات",
    "watch-list": "قائمة رصد", "referral-unit": "وحدة إحالة", "early-warning-system": "نظام إنذار مبكر",
    "programme": "برنامج", "portal": "بوابة", "platform": "منصة", "report-series": "سلسلة تقارير",
    "fund": "صندوق", "assessment-process": "عملية تقييم",
    # errata.kind
    "wrong": "خاطئ", "outdated": "متقادم", "mislabelled": "مسمّى خطأً", "misattributed": "منسوب خطأً",
    "reversed": "معكوس", "unsupported": "بلا سند", "imprecise": "غير دقيق",
    # figures
    "exact": "بالضبط", "about": "نحو", "more-than": "أكثر من", "at-least": "على الأقل",
    "fewer-than": "أقل من",
    "at-most": "على الأكثر", "range": "مدى", "count": "عدد", "percent": "نسبة مئوية",
    "percent-of-gdp": "نسبة من الناتج المحلي", "usd": "دولار أمريكي", "eur": "يورو", "years": "سنوات",
    "months": "أشهر", "confirmed": "مؤكد", "unverified": "غير مؤكد",
    # themes.kind
    "goal": "هدف", "pathway": "مسار", "challenge": "تحدٍّ", "recommendation": "توصية",
    # instruments
    "universal": "عالمي", "regional": "إقليمي", "bilateral": "ثنائي", "institutional": "مؤسسي",
    "binding": "ملزم", "non-binding": "غير ملزم", "depends": "بحسب الحال",
    "required": "مطلوب", "not-required": "غير مطلوب",
    # memberships.role
    "founding-member": "عضو مؤسس", "member": "عضو", "observer": "مراقب", "partner": "شريك",
    "associate-member": "عضو منتسب", "former-member": "عضو سابق",
}

TYPES_AR: dict[str, str] = {
    "string": "نص", "integer": "عدد صحيح", "number": "عدد", "boolean": "منطقي", "date": "تاريخ",
    "datetime": "تاريخ ووقت", "year": "سنة", "array": "قائمة", "object": "كائن",
}


#: the interface's own names, by kind of term and language; a term missing here is shown by its
#: kind's fallback (:data:`_FALLBACK`) and, in Arabic, isolated as untranslated
NAMES: dict[str, dict[str, dict[str, str]]] = {
    "field": {"ar": FIELDS_AR, "en": FIELDS_EN},
    "code": {"ar": CODES_AR, "en": {}},
    "type": {"ar": TYPES_AR, "en": {}},
}


def ui(key: str, lang: str) -> str:
    return UI[key][lang]


def humanize(name: str) -> str:
    text = name.replace("_", " ").replace("-", " ").strip()
    return text[:1].upper() + text[1:] if text else name


def field_stem(name: str) -> str:
    for suffix in ("_en", "_ar"):
        if name.endswith(suffix):
            return name[: -len(suffix)]
    return name


def _field_fallback(name: str, lang: str) -> str:
    return humanize(name)


def _code_fallback(value: str, lang: str) -> str:
    return value.replace("-", " ") if lang == "en" else value


def _as_is(value: str, lang: str) -> str:
    return value


#: how a term the interface does not name is shown: a field by its humanized name, a code in English
#: with spaces for hyphens (in Arabic as it is), a type as it is
_FALLBACK: dict[str, Callable[[str, str], str]] = {"field": _field_fallback, "code": _code_fallback,
                                                   "type": _as_is}


@cache
def term(kind: str, key: str, lang: str) -> tuple[str, bool]:
    """The interface's name in ``lang`` for a ``kind`` ("field", "code", "type") of term, and whether
    it is in that language (False: an Arabic page shows the fallback as is, isolated). A field is
    named by its stem (``name_ar`` and ``name_en`` are both "name")."""
    if kind == "field":
        key = field_stem(key)
    known = NAMES[kind][lang].get(key)
    if known:
        return known, True
    return _FALLBACK[kind](key, lang), lang == "en"


def field_label(name: str, lang: str) -> tuple[str, bool]:
    """The field's label in ``lang`` and whether it is a translation (False: shown as is, isolated)."""
    return term("field", name, lang)


def code_label(value: str, lang: str) -> str:
    return term("code", value, lang)[0]


def type_label(ftype: str, lang: str) -> str:
    return term("type", ftype, lang)[0]
