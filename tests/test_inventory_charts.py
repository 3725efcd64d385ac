"""The QPainter chart widgets draw bars, lines and an empty notice (grabbed as images)."""

from __future__ import annotations

from PySide6.QtGui import QColor

from ui.app import make_application
from ui.charts import PALETTE, BarChart, LineChart, nice_top


def colour_count(widget, colour: str) -> int:
    image = widget.grab().toImage()
    target = QColor(colour).rgb()
    return sum(
        1
        for x in range(0, image.width(), 2)
        for y in range(0, image.height(), 2)
        if image.pixel(x, y) == target
    )


def test_axis_tops_are_round():
    assert nice_top(0) == (1.0, 0.25)
    assert nice_top(7) == (8, 2)
    assert nice_top(824) == (1000, 200)
    top, step = nice_top(2_400)
    assert top >= 2_400 and step in (500, 1000)


def test_bar_chart_draws_both_series_and_an_empty_notice(qtbot):
    make_application([])
    chart = BarChart()
    qtbot.addWidget(chart)
    chart.resize(480, 260)
    chart.set_data(["宣传海报", "制作传单"], [[600, 1200], [480, 995]], ["预算", "实际支出"])
    assert colour_count(chart, PALETTE[0]) > 100 and colour_count(chart, PALETTE[1]) > 100
    chart.set_empty_text("暂无数据")
    chart.set_data([], [])
    assert colour_count(chart, PALETTE[0]) == 0


def test_line_chart_draws_the_stock_line(qtbot):
    make_application([])
    chart = LineChart()
    qtbot.addWidget(chart)
    chart.resize(480, 260)
    chart.set_data([("2026-09-02", 24), ("2026-09-12", 20), ("2026-11-14", 7)], threshold=8)
    assert colour_count(chart, PALETTE[0]) > 20
