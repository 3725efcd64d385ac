"""Small charts for printed reports, drawn with reportlab.graphics in the bundled CJK font."""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors

from outreach.printing.fonts import register_bundled_fonts

PALETTE = [colors.HexColor("#b3261e"), colors.HexColor("#3b6ea5"), colors.HexColor("#6b8e23")]


def _nice_max(value: float) -> float:
    if value <= 0:
        return 1
    step = 10 ** (len(str(int(value))) - 1)
    return ((int(value) // step) + 1) * step


def bar_chart(
    labels: Sequence[str],
    series: Sequence[Sequence[float]],
    *,
    series_names: Sequence[str] = (),
    width: float = 460,
    height: float = 200,
    title: str = "",
) -> Drawing:
    """Vertical bars, one group per label; several series side by side with a legend."""
    fonts = register_bundled_fonts()
    drawing = Drawing(width, height)
    chart = VerticalBarChart()
    chart.x, chart.y = 45, 45
    chart.width, chart.height = width - 60, height - 75
    chart.data = [list(s) for s in series]
    chart.categoryAxis.categoryNames = list(labels)
    chart.categoryAxis.labels.fontName = fonts.regular
    chart.categoryAxis.labels.fontSize = 7
    chart.categoryAxis.labels.angle = 30 if len(labels) > 6 else 0
    chart.categoryAxis.labels.boxAnchor = "ne" if len(labels) > 6 else "n"
    chart.valueAxis.labels.fontName = fonts.regular
    chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.valueMin = 0
    chart.valueAxis.valueMax = _nice_max(max((max(s) for s in series if len(s)), default=0))
    chart.bars.strokeWidth = 0
    for index in range(len(series)):
        chart.bars[index].fillColor = PALETTE[index % len(PALETTE)]
    chart.barLabels.fontName = fonts.regular
    chart.barLabels.fontSize = 6
    chart.barLabelFormat = "%d"
    chart.barLabels.nudge = 6
    drawing.add(chart)
    if title:
        drawing.add(String(45, height - 14, title, fontName=fonts.bold, fontSize=9))
    if len(series_names) > 1:
        legend = Legend()
        legend.x, legend.y = width - 150, height - 8
        legend.fontName = fonts.regular
        legend.fontSize = 7
        legend.columnMaximum = 1
        legend.alignment = "right"
        legend.dx = legend.dy = 7
        legend.deltax = 70
        legend.colorNamePairs = [
            (PALETTE[i % len(PALETTE)], name) for i, name in enumerate(series_names)
        ]
        drawing.add(legend)
    return drawing
