"""Bar charts for the stock and budget printouts (reportlab.graphics), labelled with the
bundled CJK font so Chinese item and category names print instead of boxes."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth

from outreach.printing.fonts import register_bundled_fonts

PALETTE = [colors.HexColor("#2f6db5"), colors.HexColor("#e0893a"), colors.HexColor("#4a9b5f")]


def bar_chart(
    labels: Sequence[str],
    series: Sequence[Sequence[float]],
    series_names: Sequence[str],
    *,
    title: str = "",
    width: float = 460,
    height: float = 210,
    value_label: Callable[[float], str] | None = None,
) -> Drawing:
    """Grouped vertical bars, one group per label; long labels are shortened to fit."""
    font = register_bundled_fonts().regular
    drawing = Drawing(width, height)
    chart = VerticalBarChart()
    chart.x, chart.y = 44, 46
    chart.width, chart.height = width - 60, height - 84
    chart.data = [list(values) for values in series] or [[0]]
    chart.categoryAxis.categoryNames = [_shorten(label, len(labels)) for label in labels]
    chart.categoryAxis.labels.fontName = font
    chart.categoryAxis.labels.fontSize = 7
    chart.categoryAxis.labels.angle = 0 if len(labels) <= 6 else 30
    chart.categoryAxis.labels.boxAnchor = "n" if len(labels) <= 6 else "ne"
    chart.valueAxis.labels.fontName = font
    chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.valueMin = 0
    top = max((max(values) for values in series if values), default=0)
    if top <= 0:
        chart.valueAxis.valueMax = 1
    if value_label:
        chart.valueAxis.labelTextFormat = value_label
    chart.barSpacing = 1
    chart.groupSpacing = 8
    for index in range(len(series)):
        chart.bars[index].fillColor = PALETTE[index % len(PALETTE)]
        chart.bars[index].strokeColor = None
    drawing.add(chart)
    if title:
        drawing.add(String(4, height - 14, title, fontName=font, fontSize=10))
    if len(series_names) > 1:
        legend = Legend()
        legend.fontName = font
        legend.fontSize = 8
        widest = max(stringWidth(name, font, 8) for name in series_names)
        legend.alignment = "right"  # swatch first, then its name
        legend.columnMaximum = 1
        legend.dx = legend.dy = 7
        legend.deltax = widest + 22
        legend.x, legend.y = width - len(series_names) * legend.deltax, height - 8
        legend.colorNamePairs = [
            (PALETTE[i % len(PALETTE)], name) for i, name in enumerate(series_names)
        ]
        drawing.add(legend)
    return drawing


def _shorten(label: str, count: int) -> str:
    limit = 14 if count <= 4 else 9 if count <= 8 else 6
    return label if len(label) <= limit else label[: limit - 1] + "…"
