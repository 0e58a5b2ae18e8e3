"""After an edit the table repaints only the rows whose settlement changed, and serves every cell
from texts prepared once per changed row (issue 14 §2). Typed key by key into the cell editor."""
from __future__ import annotations

from PySide6.QtWidgets import QApplication

import app.ui.visits_model as visits_model
from app.core.worksheet import PersonFields, Row, Worksheet
from app.ui.visits_model import COLUMN_INDEX

from .test_typing import TOTAL, type_in_cell

FUND, DEDUCTIBLE = COLUMN_INDEX["fund"], COLUMN_INDEX["deductible"]


def three_visits(make_window):
    """Jiangxi 2023, employed: annual deductible 600, level1 60 % (rules/jiangxi.yaml)."""
    w = make_window()
    rows = [Row("2023-01-10", "level1", "100"), Row("2023-03-01", "level1", "100"), Row("2023-06-01", "level1", "100")]
    w.load_sheet(Worksheet(PersonFields(region="jiangxi", year=2023), rows), None)
    QApplication.processEvents()
    repainted: list[int] = []
    w.model.dataChanged.connect(lambda top, bottom, *_: repainted.extend(range(top.row(), bottom.row() + 1)))
    return w, repainted


def shown(w, column: int) -> list[str]:
    return [w.model.index(r, column).data() for r in range(3)]


def test_an_edit_repaints_the_rows_whose_settlement_changed_and_no_other(make_window):
    w, repainted = three_visits(make_window)
    # 100, 100, 100: all within the deductible of 600 → deductible 100 each, fund 0
    assert shown(w, DEDUCTIBLE) == ["100.00", "100.00", "100.00"] and shown(w, FUND) == ["0.00"] * 3

    type_in_cell(w, 2, TOTAL, "200")  # the latest visit: nothing after it
    assert sorted(set(repainted)) == [2]
    assert shown(w, DEDUCTIBLE) == ["100.00", "100.00", "200.00"] and shown(w, FUND) == ["0.00"] * 3

    repainted.clear()
    type_in_cell(w, 0, TOTAL, "1000")  # the first: it meets the deductible, every later visit changes
    assert sorted(set(repainted)) == [0, 1, 2]
    # 1000: deductible 600, fund (1000 − 600) × 60 % = 240.00; then 100 × 60 % = 60.00, 200 × 60 % = 120.00
    assert shown(w, DEDUCTIBLE) == ["600.00", "0.00", "0.00"]
    assert shown(w, FUND) == ["240.00", "60.00", "120.00"]

    repainted.clear()
    type_in_cell(w, 1, TOTAL, "150")  # the middle one: the first is settled as before, not repainted
    assert 0 not in repainted and {1, 2} <= set(repainted)  # the third starts from other year-to-date sums
    assert shown(w, FUND) == ["240.00", "90.00", "120.00"]  # 150 × 60 % = 90.00


def test_a_repaint_serves_the_prepared_texts_without_rendering_notes_again(make_window, monkeypatch):
    w, _ = three_visits(make_window)
    w.view.viewport().repaint()  # every visible cell prepared
    rendered = []
    real = visits_model.note_texts
    monkeypatch.setattr(visits_model, "note_texts", lambda *a, **k: rendered.append(a) or real(*a, **k))
    before = [[w.model.index(r, c).data() for c in range(len(visits_model.COLUMNS))] for r in range(3)]
    w.view.viewport().repaint()
    assert rendered == []
    assert [[w.model.index(r, c).data() for c in range(len(visits_model.COLUMNS))] for r in range(3)] == before
    type_in_cell(w, 2, TOTAL, "200")
    w.view.viewport().repaint()
    assert len(rendered) == 1  # the edited row's note, once


def test_after_an_edit_the_columns_still_show_every_changed_cell_whole(make_window):
    from .test_typing import assert_cells_whole

    w, _ = three_visits(make_window)
    type_in_cell(w, 2, TOTAL, "88888.88")  # only this row's cells are measured again …
    type_in_cell(w, 0, TOTAL, "99999.99")  # … and here every row's figures change (the deductible is met)
    assert w.model.index(0, TOTAL).data() == "99999.99"
    assert_cells_whole(w)
