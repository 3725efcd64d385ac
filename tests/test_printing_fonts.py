"""Chinese PDFs embed the bundled TrueType font and the text extracts back."""

from __future__ import annotations

import shutil
import subprocess

import pypdfium2 as pdfium
import pytest
from reportlab.platypus import Paragraph

from outreach.printing.documents import build_pdf, styles
from outreach.printing.fonts import BUNDLED_FAMILY, font_covers, register_bundled_fonts

TEXT = "荣誉证书 阿依古丽·买买提 保险知识进社区"


def extract_text(path) -> str:
    pdf = pdfium.PdfDocument(str(path))
    try:
        return "\n".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
    finally:
        pdf.close()


def test_pdf_with_chinese_embeds_the_bundled_font(tmp_path):
    s = styles()
    target = build_pdf(
        tmp_path / "zh.pdf",
        [Paragraph(TEXT, s.title), Paragraph(TEXT * 10, s.body)],
        title="测试",
        header="保险知识进社区 2026",
    )
    data = target.read_bytes()
    assert b"STSong" not in data
    assert b"NotoSansSC" in data and b"/FontFile2" in data  # embedded TrueType subset
    text = extract_text(target)
    assert "阿依古丽·买买提" in text
    assert "第 1 页" in text


@pytest.mark.skipif(not shutil.which("pdffonts"), reason="poppler-utils not installed")
def test_pdffonts_lists_the_font_as_embedded(tmp_path):
    target = build_pdf(tmp_path / "zh.pdf", [Paragraph(TEXT, styles().body)], title="t")
    listing = subprocess.run(["pdffonts", str(target)], capture_output=True, text=True).stdout
    rows = [line for line in listing.splitlines() if "NotoSansSC" in line]
    assert rows and all(" yes " in row for row in rows)


def test_font_coverage_names_missing_characters():
    register_bundled_fonts()
    assert font_covers(BUNDLED_FAMILY, "张芳·李") == []
    assert font_covers(BUNDLED_FAMILY, "王😀") == ["😀"]


@pytest.mark.skipif(not shutil.which("pdffonts"), reason="poppler-utils not installed")
def test_a_chart_in_a_document_names_no_unembedded_font(tmp_path):
    from reportlab.graphics.charts.barcharts import VerticalBarChart
    from reportlab.graphics.shapes import Drawing

    fonts = register_bundled_fonts()
    drawing = Drawing(300, 150)
    chart = VerticalBarChart()
    chart.data = [[1, 2, 3]]
    chart.categoryAxis.categoryNames = ["海报", "传单", "奖品"]
    chart.categoryAxis.labels.fontName = fonts.regular
    chart.valueAxis.labels.fontName = fonts.regular
    drawing.add(chart)
    target = build_pdf(tmp_path / "chart.pdf", [drawing], title="图表")
    listing = subprocess.run(["pdffonts", str(target)], capture_output=True, text=True).stdout
    assert "Helvetica" not in listing
