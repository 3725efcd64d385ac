"""The month grid paints every day cell plainly after an event chip (no brush left over)."""

from __future__ import annotations

from outreach.events.schedule import list_events
from ui.app import make_application
from ui.events_calendar import MonthGrid


def test_cells_after_a_chip_stay_unfilled(qtbot, demo_db):
    make_application([])
    event = next(e for e in list_events(demo_db) if e.date.startswith("2026-12"))
    grid = MonthGrid()
    qtbot.addWidget(grid)
    grid.resize(700, 380)
    grid.set_month(2026, 12)
    grid.set_events([event])
    image = grid.grab().toImage()
    # The last week's cells (well after the event's day) keep the base colour.
    colour = image.pixelColor(grid.width() // 2, grid.height() - 20)
    assert colour.blue() - colour.red() < 40, colour.name()
