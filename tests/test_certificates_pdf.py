"""Certificate batches read back: every name on its own page, the font embedded, each QR code
decoded to its serial, missing characters reported before anything is printed."""

from __future__ import annotations

import re
import shutil
import subprocess

import pypdfium2 as pdfium
import pytest

from outreach.awards.awards import Recipient, add_manual_award, list_awards, list_tiers
from outreach.awards.certificate_batch import (
    BatchRequest,
    MissingGlyphsError,
    print_certificates,
)
from outreach.awards.register import list_certificates, verify
from outreach.progress import Cancelled, Progress

NAMES = ["张芳", "阿依古丽·买买提", "欧阳娜娜", "李想", "Muhammad Abdullah bin Abdul Rahman"]


def page_texts(path) -> list[str]:
    pdf = pdfium.PdfDocument(str(path))
    try:
        return [pdf[i].get_textpage().get_text_range() for i in range(len(pdf))]
    finally:
        pdf.close()


@pytest.fixture
def awarded(db):
    tiers = list_tiers(db)
    for i, name in enumerate(NAMES):
        add_manual_award(db, tiers[i % 4].id, Recipient(name, "金融2301班", f"金融{i % 2 + 1}队"))
    return db


def test_one_page_per_recipient_with_every_name_and_the_font_embedded(awarded, tmp_path):
    target = tmp_path / "certificates.pdf"
    result = print_certificates(awarded, BatchRequest("honour", target))
    texts = page_texts(target)
    assert len(texts) == len(NAMES) == len(result.issued)
    for item, text in zip(result.issued, texts, strict=True):
        assert item.award.name in text  # each page carries its own recipient
        assert item.certificate.serial in text
        assert item.award.tier_name in text
    data = target.read_bytes()
    assert b"/FontFile2" in data and b"NotoSansSC" in data and b"STSong" not in data
    if shutil.which("pdffonts"):
        fonts = subprocess.run(["pdffonts", str(target)], capture_output=True, text=True).stdout
        rows = [line for line in fonts.splitlines() if "NotoSansSC" in line]
        assert rows and all(" yes " in row for row in rows)  # embedded (and subset)
    assert [c.serial for c in list_certificates(awarded)] == [
        f"{__import__('datetime').date.today().year}-QZ-{n:04d}" for n in range(1, 6)
    ]


def test_each_qr_code_decodes_to_its_serial_and_verifies(awarded, tmp_path):
    if not (shutil.which("zbarimg") and shutil.which("pdftoppm")):
        pytest.skip("zbarimg (zbar-tools) or pdftoppm (poppler-utils) not installed")
    target = tmp_path / "c.pdf"
    result = print_certificates(awarded, BatchRequest("honour", target))
    subprocess.run(["pdftoppm", "-png", "-r", "72", str(target), str(tmp_path / "p")], check=True)
    pages = sorted(tmp_path.glob("p-*.png"))
    assert len(pages) == len(NAMES)
    for item, png in zip(result.issued, pages, strict=True):
        out = subprocess.run(
            ["zbarimg", "-q", "--raw", str(png)], capture_output=True, text=True
        ).stdout.strip()
        certificate = item.certificate
        assert out == f"{certificate.serial} {certificate.verify_code}"
        assert verify(awarded, out).valid


def test_volunteer_design_prints_hours_on_a_portrait_page(db, tmp_path):
    tier = next(t for t in list_tiers(db) if t.layout_id == "volunteer")
    add_manual_award(db, tier.id, Recipient("王小明", "保险2202班", hours=12.5))
    target = tmp_path / "v.pdf"
    print_certificates(db, BatchRequest("volunteer", target))
    (text,) = page_texts(target)
    assert "王小明" in text and "12.5" in text and "ZY" in text
    pdf = pdfium.PdfDocument(str(target))
    width, height = pdf[0].get_size()
    pdf.close()
    assert height > width


def test_a_character_missing_from_the_font_is_reported_with_names_and_nothing_printed(
    awarded, tmp_path
):
    tier = list_tiers(awarded)[0]
    add_manual_award(awarded, tier.id, Recipient("王𠇔", "金融2301班"))
    add_manual_award(awarded, tier.id, Recipient("陈𠇔😀", "金融2302班"))
    target = tmp_path / "c.pdf"
    with pytest.raises(MissingGlyphsError) as caught:
        print_certificates(awarded, BatchRequest("honour", target))
    missing = {m.char: m.owners for m in caught.value.missing}
    assert missing == {"𠇔": ("王𠇔", "陈𠇔😀"), "😀": ("陈𠇔😀",)}
    lines = [line.render("en") for line in caught.value.lines()]
    assert any("U+201D4" in line and "王𠇔" in line for line in lines)
    assert not target.exists()
    assert list_certificates(awarded) == []


def test_split_gives_one_pdf_per_person_with_safe_names(awarded, tmp_path):
    tier = list_tiers(awarded)[0]
    add_manual_award(awarded, tier.id, Recipient('a/b:c?"d', "金融2301班"))
    folder = tmp_path / "each"
    result = print_certificates(awarded, BatchRequest("honour", None, split_dir=folder))
    files = sorted(folder.glob("*.pdf"))
    assert len(files) == len(NAMES) + 1 == len(result.render.split_files)
    for path in files:
        assert not re.search(r'[<>:"/\\|?*]', path.name)
        assert len(page_texts(path)) == 1
    assert any("阿依古丽·买买提" in p.name for p in files)


def test_reprint_keeps_the_serial_and_reissue_is_marked(awarded, tmp_path):
    first = print_certificates(awarded, BatchRequest("honour", tmp_path / "1.pdf"))
    award_id = first.issued[0].award.id
    serial = first.issued[0].certificate.serial
    again = print_certificates(
        awarded, BatchRequest("honour", tmp_path / "2.pdf", award_ids=[award_id], reissue=True)
    )
    assert again.issued[0].kind == "reissue"
    assert again.issued[0].certificate.serial == serial
    (text,) = page_texts(tmp_path / "2.pdf")
    assert "补发" in text and serial in text
    certificate = next(c for c in list_certificates(awarded) if c.serial == serial)
    assert certificate.prints == 2 and certificate.reissues == 1
    assert "补发" not in page_texts(tmp_path / "1.pdf")[0]


def test_cancel_leaves_no_file_and_no_register_entries(awarded, tmp_path):
    target = tmp_path / "c.pdf"

    def cancel_at_third(done, total, label):
        if done == 3:
            progress.cancel()

    progress = Progress(on_step=cancel_at_third)
    with pytest.raises(Cancelled):
        print_certificates(awarded, BatchRequest("honour", target), progress)
    assert not target.exists()
    assert list(tmp_path.iterdir()) == []
    assert list_certificates(awarded) == []
    assert len(list_awards(awarded)) == len(NAMES)


def _pdftotext(path) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler's pdftotext")
def test_volunteer_certificates_name_the_outreach_programme_not_the_competition(db, tmp_path):
    from outreach.awards.awards import (
        Band,
        event_name,
        grant,
        propose,
        set_setting,
        tier_by_name,
        volunteer_event_name,
    )

    volunteer = tier_by_name(db, "优秀志愿者")
    first = tier_by_name(db, "一等奖")
    competition = event_name(db)
    assert volunteer_event_name(db) != competition
    set_setting(db, "volunteer_event_name", "2026年社区保险宣传志愿服务")
    by_hand = add_manual_award(db, volunteer.id, Recipient("王小明", "保险2202班", hours=8))
    winner = add_manual_award(db, first.id, Recipient("张芳", "金融2301班", "一队"))
    served = propose(
        db, [Recipient("李想", hours=12.5, rank=1)], [Band(volunteer.id, 1)], "volunteer"
    )
    [from_hours] = grant(db, served)
    assert by_hand.event_name == from_hours.event_name == "2026年社区保险宣传志愿服务"
    assert winner.event_name == competition
    out = tmp_path / "c.pdf"
    print_certificates(db, BatchRequest(None, out))
    text = re.sub(r"\s+", "", _pdftotext(out))
    assert "自愿参加2026年社区保险宣传志愿服务" in text
    assert "自愿参加" + re.sub(r"\s+", "", competition) not in text
    assert re.sub(r"\s+", "", competition) in text  # the competition's certificate keeps it
    # granting the same volunteers again finds them under the programme's name: no duplicate
    assert propose(
        db, [Recipient("李想", hours=12.5, rank=1)], [Band(volunteer.id, 1)], "volunteer"
    )[0].duplicate


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler's pdftotext")
def test_volunteer_wording_breaks_lines_by_the_chinese_rules(db, tmp_path):
    """With the demo's event name and 7.5 hours the volunteer wording used to fill its box up
    to “, so a line ended on the opening quote (…荣获“ / 优秀志愿者”称号). The quote now moves
    down with the word it opens; no line starts with closing punctuation."""
    from outreach.awards.awards import set_setting, tier_by_name

    set_setting(db, "volunteer_event_name", "“保险知识进社区”社区保险宣传活动")
    add_manual_award(
        db, tier_by_name(db, "优秀志愿者").id, Recipient("韩雪", "保险2202班", hours=7.5)
    )
    out = tmp_path / "v.pdf"
    print_certificates(db, BatchRequest("volunteer", out))
    lines = [line.strip() for line in _pdftotext(out).splitlines() if line.strip()]
    start = next(i for i, line in enumerate(lines) if line.startswith("自愿参加"))
    body = lines[start : start + 3]
    assert "".join(body).replace(" ", "") == (
        "自愿参加“保险知识进社区”社区保险宣传活动，累计志愿服务7.5小时，"
        "热心公益，服务社区，表现突出，荣获“优秀志愿者”称号。"
    )
    assert body[1].endswith("荣获") and body[2].startswith("“优秀志愿者”")
    for line in body:
        assert line[-1] not in "“‘（《「『【" and line[0] not in "，。、；：？！”’）》」』】…"
