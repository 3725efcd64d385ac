"""PDF pages as images (pypdfium2) for the designer's preview, and direct printing: the real
PDF's pages rendered onto a QPrinter, so paper and screen show exactly what the PDF holds."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QImage, QPainter

from outreach.progress import NO_PROGRESS, Progress

if TYPE_CHECKING:
    from PySide6.QtPrintSupport import QPrinter


def _to_qimage(page, scale: float) -> QImage:
    bitmap = page.render(scale=scale, rev_byteorder=True, may_draw_forms=True)
    width, height = bitmap.width, bitmap.height
    image = QImage(bitmap.buffer, width, height, bitmap.stride, _format(bitmap))
    return image.copy()  # own the pixels: the bitmap's buffer goes away with it


def _format(bitmap) -> QImage.Format:
    channels = bitmap.n_channels
    if channels == 4:
        return QImage.Format.Format_RGBA8888
    if channels == 1:
        return QImage.Format.Format_Grayscale8
    return QImage.Format.Format_RGB888


def pdf_page_image(data: bytes | str | Path, page_index: int = 0, width_px: int = 900) -> QImage:
    """One page of a PDF (bytes or file) as an image ``width_px`` wide."""
    import pypdfium2 as pdfium

    source = data if isinstance(data, bytes) else str(data)
    pdf = pdfium.PdfDocument(source)
    try:
        page = pdf[page_index]
        width_pt, _height_pt = page.get_size()
        return _to_qimage(page, width_px / width_pt)
    finally:
        pdf.close()


def print_pdf(printer: QPrinter, path: str | Path, progress: Progress = NO_PROGRESS) -> int:
    """Paint every page of the PDF onto the printer at its resolution; returns pages."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(path))
    painter = QPainter()
    try:
        total = len(pdf)
        if not painter.begin(printer):
            raise OSError("the printer could not be started")
        dpi = min(printer.resolution(), 300)  # 300 dpi is plenty for text and QR codes
        for index in range(total):
            progress.step(index, total)
            if index:
                printer.newPage()
            page = pdf[index]
            image = _to_qimage(page, dpi / 72)
            target = painter.viewport()
            # Fit the page into the printable area keeping its proportions.
            scaled = image.size().scaled(target.size(), Qt.AspectRatioMode.KeepAspectRatio)
            painter.drawImage(QRect(target.topLeft(), scaled), image)
        progress.step(total, total)
        return total
    finally:
        if painter.isActive():
            painter.end()
        pdf.close()
