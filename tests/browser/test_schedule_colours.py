"""The schedule's time-zone cues read at a glance: each class of cell has its own background (Bootstrap's table
cell background no longer hides it), its own text label, and a border pattern that survives printing."""

from datetime import date, time

from playwright.sync_api import expect

from tests.scheduling.helpers import make_workshop

CELL = "table[data-testid='schedule-table'] td[data-place]"


def _cells(page):
    return page.eval_on_selector_all(CELL, """cells => cells.map(td => {
        const style = getComputedStyle(td);
        return {place: td.dataset.place, fit: td.querySelector('[data-fit]').dataset.fit,
                label: td.querySelector('[data-fit]').innerText, bg: style.backgroundColor,
                shadow: style.boxShadow, border: style.borderLeftStyle};
    })""")


def test_schedule_cells_of_different_classes_have_different_backgrounds(seeded, page):
    # Friday 29 Nov 2024, 07:00-09:00 in Bangkok: the edge of working hours in Bangkok and Jakarta, working hours in
    # Tokyo and Apia, the Iranian weekend in Tehran, midnight in London.
    workshop = make_workshop(invited=["TH", "ID", "IR", "WS", "JP"], days=[date(2024, 11, 29)], start=time(7),
                             minutes=120)
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(f"/workshops/{workshop.id}/schedule?zones=Europe/London")
    cells = _cells(page)
    by_fit = {}
    for cell in cells:
        by_fit.setdefault(cell["fit"], set()).add(cell["bg"])
    assert {"working", "edge", "non-working day", "outside"} <= set(by_fit), cells
    # One background per class, and a different one for each class; none is the table's white.
    assert all(len(backgrounds) == 1 for backgrounds in by_fit.values()), by_fit
    backgrounds = [next(iter(b)) for b in by_fit.values()]
    assert len(set(backgrounds)) == len(backgrounds), by_fit
    assert "rgb(255, 255, 255)" not in backgrounds
    # Bootstrap's inset shadow carries the same colour, so nothing paints white over the cell.
    for cell in cells:
        assert "255, 255, 255" not in cell["shadow"], cell
    # Colour is never alone: the class is written in the cell.
    for cell in cells:
        assert cell["fit"] in cell["label"], cell

    # On paper (no background printing assumed) the classes still differ by their border pattern.
    page.emulate_media(media="print")
    printed = _cells(page)
    borders = {}
    for cell in printed:
        borders.setdefault(cell["fit"], set()).add(cell["border"])
    assert all(len(b) == 1 for b in borders.values()), borders
    assert len({next(iter(b)) for b in borders.values()}) == len(borders), borders
    expect(page.get_by_test_id("schedule-table")).to_be_visible()
