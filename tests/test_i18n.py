"""Every catalog entry has both languages with the same placeholders; every key in code exists."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from outreach import i18n
from outreach.i18n import LANGUAGES, Message, catalog, load_catalog, placeholders, tr, tr_in

ROOT = Path(__file__).resolve().parent.parent
# tr("key"…), tr_in(lang, "key"…), msg("key"…), Message("key"…), bind(setter, "key"…),
# and class attributes ending in _key = "…".
KEY_PATTERNS = [
    re.compile(r'\b(?:tr|msg|Message)\(\s*"([a-z][a-z0-9_]*(?:\.[a-z0-9_]+)+)"'),
    re.compile(r'\btr_in\(\s*[^,()]+,\s*"([a-z][a-z0-9_]*(?:\.[a-z0-9_]+)+)"'),
    re.compile(r'\.bind\(\s*[^,()]+,\s*"([a-z][a-z0-9_]*(?:\.[a-z0-9_]+)+)"'),
    re.compile(r'_key\s*=\s*"([a-z][a-z0-9_]*(?:\.[a-z0-9_]+)+)"'),
]


def keys_used_in_code() -> dict[str, str]:
    used: dict[str, str] = {}
    for folder in ("outreach", "ui"):
        for path in (ROOT / folder).rglob("*.py"):
            text = path.read_text(encoding="utf-8")
            for pattern in KEY_PATTERNS:
                for key in pattern.findall(text):
                    used.setdefault(key, str(path.relative_to(ROOT)))
    return used


def test_every_entry_has_every_language_with_the_same_placeholders():
    problems = []
    for key, texts in catalog().items():
        for language in LANGUAGES:
            if not texts.get(language, "").strip():
                problems.append(f"{key}: no {language} text")
        if all(texts.get(lang) for lang in LANGUAGES):
            sets = {lang: placeholders(texts[lang]) for lang in LANGUAGES}
            if sets["zh_CN"] != sets["en"]:
                problems.append(f"{key}: placeholders differ {sets}")
    assert problems == []


def test_every_key_used_in_code_is_in_the_catalog():
    known = catalog()
    missing = {key: where for key, where in keys_used_in_code().items() if key not in known}
    assert missing == {}


def test_the_key_scanner_finds_keys():
    assert "nav.home" in keys_used_in_code()


def test_duplicate_keys_across_files_are_rejected(tmp_path):
    (tmp_path / "a.json").write_text('{"x.y": {"zh_CN": "甲", "en": "a"}}', encoding="utf-8")
    (tmp_path / "b.json").write_text('{"x.y": {"zh_CN": "乙", "en": "b"}}', encoding="utf-8")
    with pytest.raises(i18n.CatalogError, match=r"x\.y"):
        load_catalog(tmp_path)


def test_switching_language_changes_texts_and_messages():
    message = Message("print.page_number", {"page": 3})
    i18n.set_language("en")
    assert tr("nav.home") == "Home"
    assert str(message) == "Page 3"
    i18n.set_language("zh_CN")
    assert tr("nav.home") == "首页"
    assert str(message) == "第 3 页"
    assert tr_in("en", "nav.home") == "Home"


def test_locale_names_map_to_supported_languages(monkeypatch):
    assert i18n.normalise_language("zh_CN.UTF-8") == "zh_CN"
    assert i18n.normalise_language("zh-Hans-CN") == "zh_CN"
    assert i18n.normalise_language("en_GB") == "en"
    assert i18n.normalise_language(None) == "en"
    monkeypatch.setenv("LC_ALL", "zh_TW.UTF-8")
    assert i18n.system_language() == "zh_CN"
    with pytest.raises(ValueError):
        i18n.set_language("fr")


def test_the_first_catalogs_exist_and_keys_of_the_others_still_resolve():
    for name in i18n.FIRST_CATALOGS:
        assert (i18n.I18N_DIR / name).is_file(), name
    i18n.reload_catalog()
    try:
        assert tr_in("en", "nav.home") == "Home"  # from the first files alone
        assert i18n._catalog is None
        outside = next(k for k in catalog() if k.startswith("exam."))
        i18n.reload_catalog()
        assert tr_in("en", outside) == catalog()[outside]["en"]
        assert tr_in("en", "no.such.key") == "no.such.key"
    finally:
        i18n.reload_catalog()


def test_lists_and_details_take_the_punctuation_of_the_language():
    from outreach.i18n import join_clauses, join_list, join_phrases, with_detail

    assert join_list(["甲", "乙"], "zh_CN") == "甲、乙" and join_list(["A", "B"], "en") == "A, B"
    assert join_phrases(["海报 ¥1.00", "传单 ¥2.00"], "zh_CN") == "海报 ¥1.00，传单 ¥2.00"
    assert join_phrases(["a", "b"], "en") == "a, b"
    assert join_clauses(["x", "y"], "zh_CN") == "x；y" and join_clauses(["x", "y"], "en") == "x; y"
    assert with_detail("活动", "09:00–11:30", "zh_CN") == "活动（09:00–11:30）"
    assert with_detail("Event", "09:00–11:30", "en") == "Event (09:00–11:30)"
    # The interface's language by default; braces in the texts are kept as typed.
    i18n.set_language("en")
    assert with_detail("{a}", "{b}") == "{a} ({b})" and join_list(["x", "y"]) == "x, y"


def test_a_stored_message_reads_in_the_language_asked_and_a_plain_text_as_it_stands():
    from outreach.i18n import from_stored, render_stored, stored_message

    inner = stored_message("final.preset.extra")
    stored = stored_message("final.usage.label", round=inner, number=2)
    assert render_stored(stored, "zh_CN") == "附加赛（抢答） · 2"
    assert render_stored(stored, "en") == "Tie-break (buzz-in) · 2"
    assert isinstance(from_stored(stored), Message)
    for plain in ("初赛 #3", "必答题 · 1", "@msg:{broken", '@msg:{"key":"no.such.key"}', ""):
        assert from_stored(plain) == plain


# Chinese punctuation (the full-width forms and the CJK symbols block: （），。：；、！？《》【】…)
# and curly quotes in the English texts. English quotes with straight "…": the curly “…” are
# the very characters Chinese uses, and beside a Chinese name (an event, an exam) the window
# and the PDFs draw them from the Chinese font, full-width, so they read as Chinese quotes.
CHINESE_PUNCTUATION = re.compile(
    "[\u3000-\u303f\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65“”‘’]"
)
# What the organiser types in the Chinese question bank format, quoted as written.
QUOTED_LITERALS = ('"【答案】"', '"1、"')


def chinese_punctuation_in_english(texts: dict[str, dict[str, str]]) -> list[str]:
    found = []
    for key, entry in texts.items():
        text = re.sub(r"\{[^{}]*\}", "", entry.get("en", ""))  # data goes into placeholders
        for literal in QUOTED_LITERALS:
            text = text.replace(literal, "")
        found += [f"{key}: {char!r}" for char in CHINESE_PUNCTUATION.findall(text)]
    return found


def test_english_texts_use_no_chinese_punctuation():
    assert chinese_punctuation_in_english(catalog()) == []


def test_the_punctuation_check_catches_chinese_marks_and_lets_data_through():
    texts = {
        "a.b": {"en": "{item}: {balance} left"},
        "a.c": {"en": 'runs out before "{event}"'},
        "a.d": {"en": "Saved（{count}）。"},
        "a.e": {"en": "runs out before “{event}”; reorder"},
        "a.f": {"en": 'A second "【答案】" marker, and a bare 【解析】'},
    }
    assert chinese_punctuation_in_english(texts) == [
        "a.d: '（'",
        "a.d: '）'",
        "a.d: '。'",
        "a.e: '“'",
        "a.e: '”'",
        "a.f: '【'",
        "a.f: '】'",
    ]
