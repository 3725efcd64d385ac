"""Reading a PDF back: does a text run over other text on its page?"""

from __future__ import annotations

import re
from pathlib import Path

import pypdfium2 as pdfium


def clashes_with(pdf_path: Path, words: str, page_index: int = 0) -> list[str]:
    """The characters of other text on the page whose boxes overlap ``words`` (found with any
    line breaks between its characters). An empty list: ``words`` overlaps nothing."""
    pdf = pdfium.PdfDocument(str(pdf_path))
    try:
        textpage = pdf[page_index].get_textpage()
        text = textpage.get_text_range()
        chars = [c for c in words if not c.isspace()]  # a wrapped line breaks at a space
        found = re.search(r"\s*".join(map(re.escape, chars)), text)
        assert found is not None, f"{words!r} is not on the page"
        mine, i = [], found.start()
        for char in chars:
            while text[i] != char:
                i += 1
            mine.append(i)
            i += 1
        boxes = [textpage.get_charbox(j) for j in mine]

        def overlap(a, b) -> bool:
            (l1, b1, r1, t1), (l2, b2, r2, t2) = a, b
            return min(r1, r2) - max(l1, l2) > 0.5 and min(t1, t2) - max(b1, b2) > 0.5

        return [
            char
            for j, char in enumerate(text)
            if j not in mine
            and not char.isspace()
            and any(overlap(textpage.get_charbox(j), box) for box in boxes)
        ]
    finally:
        pdf.close()


def vertical_extent(pdf_path: Path, words: str, page_index: int = 0) -> tuple[float, float]:
    """(bottom, top) of ``words`` on the page, in points (PDF y grows upwards)."""
    pdf = pdfium.PdfDocument(str(pdf_path))
    try:
        textpage = pdf[page_index].get_textpage()
        text = textpage.get_text_range()
        chars = [c for c in words if not c.isspace()]
        found = re.search(r"\s*".join(map(re.escape, chars)), text)
        assert found is not None, f"{words!r} is not on the page"
        boxes = [
            textpage.get_charbox(j)
            for j in range(found.start(), found.end())
            if not text[j].isspace()
        ]
        return min(b[1] for b in boxes), max(b[3] for b in boxes)
    finally:
        pdf.close()
