"""Certificates: 1,000 honour certificates with the embedded CJK font and a QR code each, into
one PDF, against a plain ReportLab loop drawing the same texts (same font, same positions,
no QR codes, no images) into one PDF, measured in the same run (issue 6: at most 3x, and under
2 s). Also shows the full batch through the register (serials, verification codes, font check)
on an in-memory programme, for information.

Both loops run in the same process with ReportLab's settings as the renderer leaves them
(compressed page streams without ASCII85). The machine is shared: figures vary with its load,
the ratio much less than the seconds.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from outreach.printing.certificates import (  # noqa: E402
    MM,
    CertificatePage,
    RenderFonts,
    TextElement,
    builtin_layouts,
    fill,
    render_certificates,
)
from outreach.printing.fonts import register_bundled_fonts  # noqa: E402

COUNT = 1000
TARGET_RATIO = 3.0
TARGET_SECONDS = 2.0
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
GIVEN = ["芳", "伟", "娜娜", "晓明", "雨涵", "子轩", "欣怡", "浩然", "思远", "梓萱"]


def pages() -> list[CertificatePage]:
    result = []
    for n in range(COUNT):
        name = SURNAMES[n % len(SURNAMES)] + GIVEN[n % len(GIVEN)]
        if n % 97 == 0:
            name = "阿依古丽·买买提"
        serial = f"2026-QZ-{n + 1:04d}"
        values = {
            "name": name,
            "class": f"金融23{n % 12 + 1:02d}班",
            "team": f"金融{n % 8 + 1}队",
            "award": ("一等奖", "二等奖", "三等奖", "优秀奖")[n % 4],
            "event": "2026年“保险知识进社区”保险知识竞赛",
            "date": "2026年5月20日",
            "serial": serial,
            "code": "K7QX2M",
            "hours": "",
            "reissue": "",
            "organiser": "金融学院保险协会",
        }
        result.append(CertificatePage(values, f"{serial} K7QX2M", f"{serial}_{name}"))
    return result


def plain_loop(target: Path, layout, items, fonts: RenderFonts) -> None:
    """The baseline: what a hand-written ReportLab script would do for the same texts."""
    from reportlab.pdfgen.canvas import Canvas

    width, height = layout.page_mm[0] * MM, layout.page_mm[1] * MM
    canvas = Canvas(str(target), pagesize=(width, height), invariant=1, pageCompression=1)
    texts = [e for e in layout.elements if isinstance(e, TextElement)]
    for page in items:
        for element in texts:
            font = fonts.bold if element.weight == "bold" else fonts.regular
            canvas.setFont(font, element.size)
            baseline = height - (element.y + element.height * 0.7) * MM
            text = fill(element.text, page.values)
            if element.align == "center":
                canvas.drawCentredString((element.x + element.width / 2) * MM, baseline, text)
            elif element.align == "right":
                canvas.drawRightString((element.x + element.width) * MM, baseline, text)
            else:
                canvas.drawString(element.x * MM, baseline, text)
        canvas.showPage()
    canvas.save()


def full_batch(work: Path) -> float:
    from outreach.awards.awards import Proposal, Recipient, grant, tier_by_name
    from outreach.awards.certificate_batch import BatchRequest, print_certificates
    from outreach.storage import memory_programme

    programme = memory_programme()
    db = programme.db
    tier = tier_by_name(db, "优秀奖")
    grant(
        db,
        [
            Proposal(Recipient(p.values["name"] + str(n), p.values["class"]), tier, "manual", None)
            for n, p in enumerate(pages())
        ],
    )
    start = time.perf_counter()
    print_certificates(db, BatchRequest("honour", work / "batch.pdf"))
    elapsed = time.perf_counter() - start
    programme.close()
    return elapsed


def main() -> int:
    fonts_ = register_bundled_fonts()
    fonts = RenderFonts(fonts_.regular, fonts_.bold)
    layout = next(x for x in builtin_layouts() if x.id == "honour")
    items = pages()
    work = Path(tempfile.mkdtemp(prefix="bench-certificates-"))
    # Warm up both paths once (font subsetting tables, image decoding caches).
    render_certificates(work / "warm.pdf", layout, items[:5], fonts)
    plain_loop(work / "warm-plain.pdf", layout, items[:5], fonts)
    ours, plain = [], []
    for _ in range(3):
        start = time.perf_counter()
        plain_loop(work / "plain.pdf", layout, items, fonts)
        plain.append(time.perf_counter() - start)
        start = time.perf_counter()
        render_certificates(work / "ours.pdf", layout, items, fonts)
        ours.append(time.perf_counter() - start)
    best_ours, best_plain = min(ours), min(plain)
    ratio = best_ours / best_plain
    size_mb = (work / "ours.pdf").stat().st_size / 1e6
    print(f"plain ReportLab loop, {COUNT} pages, texts only: {best_plain:.3f} s")
    print(
        f"certificates, {COUNT} pages, CJK font + QR + background + seal: {best_ours:.3f} s "
        f"({size_mb:.1f} MB)"
    )
    batch = full_batch(work)
    print(f"full batch through the register (serials, codes, font check): {batch:.3f} s")
    under = best_ours < TARGET_SECONDS
    print(
        f"absolute: {best_ours:.2f} s (target < {TARGET_SECONDS:g} s) {'PASS' if under else 'FAIL'}"
    )
    passed = ratio <= TARGET_RATIO and under
    print(
        f"certificates: {ratio:.2f}x (target <= {TARGET_RATIO:g}x) {'PASS' if passed else 'FAIL'}"
    )
    return 0 if passed else 1


if __name__ == "__main__":
    raise SystemExit(main())
