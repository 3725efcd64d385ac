"""Every ``print`` command on the demo programme, in both print languages, read back: the
fonts are all embedded, the printout's own labels are in the chosen language, and the page
counts are what a person expects (the run-sheet fits one page)."""

from __future__ import annotations

import contextlib
import io
import re
import shutil
import subprocess
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from outreach.cli import build_parser, main
from outreach.i18n import LANGUAGES, set_language

# The extra arguments each print command needs on the demo programme ({event}: its first
# event). A new print command must be added here, so that it is checked too.
PRINT_ARGS = {
    "roster": [],
    "registration-form": [],
    "exam": ["--exam", "初赛"],
    "answer-key": ["--exam", "初赛"],
    "final-scoresheet": [],
    "final-results": [],
    "signin": ["--event", "{event}"],
    "schedule": [],
    "duty": [],
    "runsheet": ["--event", "{event}"],
    "stock": ["--today", "2026-12-01"],
    "budget": ["--today", "2026-12-01"],
    "certificates": ["--date", "2026-12-20", "--reprint"],  # printed in both languages
    "prize-sheet": [],
    "report": [],
}

# Labels the printout itself prints (not the user's data): English ones that must be there in
# English, and Chinese ones that must then be gone (and the other way round).
LABELS = {
    "exam": (
        ["Name", "Class", "Student no.", "Version A", "answer sheet", "Score:", "Single choice"],
        ["姓名", "班级", "学号", "A 卷", "答题卡", "得分", "单项选择题"],
    ),
    "answer-key": (
        ["answer key (version A)", "Points", "Question", "As an answer string"],
        ["参考答案", "分值", "录入用答案串"],
    ),
    "runsheet": (
        ["Event run-sheet", "Timeline", "Preparation checklist", "(T−14)"],
        ["活动执行单", "活动流程", "准备清单", "（T−14）"],
    ),
    "stock": (["Stock report"], ["物资库存报告"]),
    "budget": (["Budget report"], ["活动经费报告"]),
    "prize-sheet": (["Prize sign-off sheet"], ["奖金签领表"]),
}

# Pages on the demo programme, the same in both languages.
PAGES = {"exam": 8, "answer-key": 2, "runsheet": 1, "signin": 1, "stock": 1}


def _run(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(argv, stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory):
    folder = tmp_path_factory.mktemp("printouts")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("OUTREACH_DATA_DIR", str(folder / "userdata"))
        path = folder / "demo.db"
        assert _run(["--db", str(path), "demo"])[0] == 0
    return path


@pytest.fixture(scope="module")
def event_id(demo_file):
    from outreach.events.schedule import list_events
    from outreach.storage import open_programme

    programme = open_programme(demo_file)
    try:
        return list_events(programme.db)[0].id
    finally:
        programme.close()


@pytest.fixture(scope="module")
def printed(demo_file, event_id, tmp_path_factory):
    """``printed(command, language)`` → the PDF, made once per module."""
    folder = tmp_path_factory.mktemp("pdfs")
    made: dict[tuple[str, str], Path] = {}

    def make(command: str, language: str) -> Path:
        if (command, language) not in made:
            target = folder / f"{command}-{language}.pdf"
            extra = [a.replace("{event}", event_id) for a in PRINT_ARGS[command]]
            argv = ["--db", str(demo_file), "print", command, "--out", str(target)]
            code, _out, err = _run([*argv, *extra, "--lang", language])
            assert code == 0, err
            made[command, language] = target
        return made[command, language]

    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("OUTREACH_DATA_DIR", str(folder / "userdata"))
        yield make


def pdf_text(path: Path) -> list[str]:
    document = pdfium.PdfDocument(str(path))
    try:
        return [document[i].get_textpage().get_text_range() for i in range(len(document))]
    finally:
        document.close()


def test_the_list_covers_every_print_command():
    parser, _ = build_parser()
    group = next(
        action
        for action in parser._subparsers._group_actions[0].choices["print"]._actions
        if hasattr(action, "choices") and action.choices
    )
    assert set(group.choices) == set(PRINT_ARGS)


@pytest.mark.skipif(not shutil.which("pdffonts"), reason="poppler-utils not installed")
@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("command", sorted(PRINT_ARGS))
def test_every_printout_embeds_every_font_it_lists(printed, command, language):
    listing = subprocess.run(
        ["pdffonts", str(printed(command, language))], capture_output=True, text=True, check=True
    ).stdout.splitlines()[2:]
    assert listing, "no fonts at all"
    for line in listing:
        # name type encoding emb sub uni object ID: "emb" is the fourth column from the end
        # of the flags, whatever spaces the type name holds.
        flags = line.split()[-5:]
        assert flags[0] == "yes", f"{command} ({language}) does not embed: {line}"
    assert not any("Helvetica" in line for line in listing)


@pytest.mark.parametrize("command", sorted(LABELS))
def test_english_printouts_print_english_labels(printed, command):
    english, chinese = LABELS[command]
    text_en = "\n".join(pdf_text(printed(command, "en")))
    text_zh = "\n".join(pdf_text(printed(command, "zh_CN")))
    for label in english:
        assert label in text_en, f"{command}: {label!r} missing in English"
    for label in chinese:
        assert label not in text_en, f"{command}: {label!r} still printed in English"
        assert label in text_zh, f"{command}: {label!r} missing in Chinese"


def test_english_exam_keeps_the_questions_as_typed(printed):
    """Only the printout's labels change language: the question bank is the user's data."""
    text = "\n".join(pdf_text(printed("exam", "en")))
    assert "保险" in text
    assert "I. Single choice" in text


@pytest.mark.parametrize("command", sorted(PAGES))
@pytest.mark.parametrize("language", LANGUAGES)
def test_page_counts(printed, command, language):
    assert len(pdf_text(printed(command, language))) == PAGES[command]


def test_every_print_command_documents_the_language_option():
    set_language("en")
    for command in PRINT_ARGS:
        out = io.StringIO()
        with contextlib.redirect_stdout(out), pytest.raises(SystemExit):
            build_parser()[0].parse_args(["print", command, "--help"])
        assert "--lang {zh_CN,en}, --language {zh_CN,en}" in out.getvalue(), command
        assert "language of the printout" in out.getvalue(), command


def test_an_unknown_print_language_is_a_usage_error(demo_file, tmp_path):
    target = tmp_path / "x.pdf"
    code, _out, _err = _run(
        ["--db", str(demo_file), "print", "stock", "--out", str(target), "--lang", "fr"]
    )
    assert code == 2
    assert not target.exists()


def test_the_older_language_spelling_still_works(printed, demo_file, tmp_path):
    target = tmp_path / "key.pdf"
    argv = ["--db", str(demo_file), "print", "answer-key", "--exam", "初赛", "--out", str(target)]
    assert _run([*argv, "--language", "en"])[0] == 0
    assert "Points" in "\n".join(pdf_text(target))
    target.unlink()
    assert _run(argv)[0] == 0
    assert "分值" in "\n".join(pdf_text(target)), "Chinese is the default"


def _body_font_sizes(path: Path, page_index: int) -> list[float]:
    """Font sizes of the characters between the header and footer lines of one page."""
    document = pdfium.PdfDocument(str(path))
    try:
        page = document[page_index]
        height = page.get_height()
        text = page.get_textpage()
        sizes = []
        for index in range(text.count_chars()):
            if text.get_text_range(index, 1).isspace():
                continue  # line breaks pdfium adds between text runs have no size
            _left, bottom, _right, top = text.get_charbox(index)
            if bottom > 16 * 72 / 25.4 and top < height - 16 * 72 / 25.4:
                sizes.append(pdfium.raw.FPDFText_GetFontSize(text.raw, index))
        return sizes
    finally:
        document.close()


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_demo_run_sheet_fits_one_page_in_readable_type(demo_db, tmp_path, language):
    from outreach.events.events_print import print_runsheet
    from outreach.events.schedule import list_events

    for event in list_events(demo_db):
        target = tmp_path / f"{event.id}.pdf"
        assert print_runsheet(demo_db, event.id, target, language=language) == 1, event.title
        sizes = _body_font_sizes(target, 0)
        assert sizes and min(sizes) >= 9, (event.title, min(sizes))


def test_a_long_checklist_flows_on_to_the_next_page(demo_db, tmp_path):
    from outreach.events.checklists import add_checklist_item
    from outreach.events.events_print import print_runsheet
    from outreach.events.schedule import list_events

    event = list_events(demo_db)[-1]
    for n in range(45):
        add_checklist_item(demo_db, event.id, f"Extra task number {n:02d}", 30 - n % 30)
    target = tmp_path / "long.pdf"
    assert print_runsheet(demo_db, event.id, target, language="en") == 2
    first, second = pdf_text(target)
    # The checklist splits between the pages with its header row repeated; every task is
    # printed once, and the rules come after it.
    assert "Preparation checklist" in first and "Preparation checklist" not in second
    assert "Due" in second and "Task" in second
    printed = [f"Extra task number {n:02d}" for n in range(45)]
    assert all((first + second).count(task) == 1 for task in printed)
    assert "Activity rules" in second
    assert second.index("Activity rules") > max(second.find(task) for task in printed)


def test_a_certificate_date_follows_its_layout_wording_unless_asked(demo_db, tmp_path):
    """Certificates are worded by their layout (the user's design): the date is written in
    that language, so a Chinese certificate never carries an English date by accident."""
    import datetime as dt
    from dataclasses import replace

    from outreach.awards.awards import list_awards
    from outreach.awards.certificate_batch import (
        BatchRequest,
        builtin_layout,
        print_certificates,
        save_layout,
        wording_language,
    )

    honour = builtin_layout("honour")
    assert wording_language(honour) == "zh_CN"
    english_texts = {
        "title": "Certificate of Honour",
        "name": "Awarded to {name}",
        "body": "for outstanding results in {event}:",
        "closing": "Congratulations.",
    }

    def in_english(element):
        """English text for the worded elements; other Chinese texts dropped; fields kept."""
        if element.id in english_texts:
            return replace(element, text=english_texts[element.id])
        fixed = re.sub(r"\{[^}]*\}", "", getattr(element, "text", ""))
        return None if any("\u3000" <= c <= "\u9fff" for c in fixed) else element

    english = replace(
        honour,
        id="honour_en",
        name={"zh_CN": "英文荣誉证书", "en": "Honour (English)"},
        elements=tuple(e for e in map(in_english, honour.elements) if e is not None),
    )
    save_layout(demo_db, english)
    assert wording_language(english) == "en"
    award_id = list_awards(demo_db)[0].id
    day = dt.date(2026, 12, 20)

    def date_printed(layout_id: str, language: str | None) -> str:
        target = tmp_path / f"{layout_id}-{language}.pdf"
        request = BatchRequest(
            layout_id, target, award_ids=[award_id], issued_on=day, language=language
        )
        print_certificates(demo_db, request)
        return pdf_text(target)[0]

    assert "2026年12月20日" in date_printed("honour", None)
    assert "20 December 2026" in date_printed("honour_en", None)
    assert "20 December 2026" in date_printed("honour", "en"), "--lang en asks for it"


def test_a_section_heading_never_ends_a_page_alone(tmp_path):
    # The budget report's "Expense entries" heading ended page 1, its table on page 2.
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, Spacer

    from outreach.printing.documents import build_pdf, font_table, styles

    st = styles()
    frame_height = A4[1] - (18 + 4) * mm - (18 + 2) * mm  # build_pdf's default margins
    story = [
        Paragraph("Opening text", st.body),
        Spacer(1, frame_height - 30 * mm),
        Paragraph("Section heading", st.heading),
        font_table([["row", "cell"]] * 8),
    ]
    target = build_pdf(tmp_path / "heading.pdf", story, title="t")
    first, second = pdf_text(target)
    assert "Section heading" not in first
    assert second.index("Section heading") < second.index("row")
    # A heading with room below it stays where it is.
    story[1] = Spacer(1, 20 * mm)
    assert len(pdf_text(build_pdf(tmp_path / "room.pdf", story, title="t"))) == 1
