"""visits_csv: encodings (UTF-8 with/without BOM, GB18030), booleans, defaults, and errors
that name the line and the field."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from app.core.visits_csv import (
    VisitsFileError,
    parse_bool,
    read_visits,
    read_visits_lenient,
    visits_to_csv,
)

CSV = (
    "date,tier,total,self_funded,class_b_copay,designated,emergency\n"
    "2023-01-05,level1,1000,50.5,100,true,false\n"
    "2023-02-05,level3,2000.25,,,,\n"
)


def write(tmp_path, data: bytes, name: str = "visits.csv"):
    path = tmp_path / name
    path.write_bytes(data)
    return path


def check_two_rows(rows):
    assert [r.line for r in rows] == [2, 3]
    a, b = rows[0].visit, rows[1].visit
    assert a.date == date(2023, 1, 5) and a.tier == "level1"
    assert (a.total, a.self_funded, a.class_b_copay) == (Decimal("1000.00"), Decimal("50.50"), Decimal("100.00"))
    assert a.designated is True and a.emergency is False
    # empty optional cells take the defaults: 0, 0, designated, not an emergency
    assert b.total == Decimal("2000.25")
    assert (b.self_funded, b.class_b_copay, b.designated, b.emergency) == (0, 0, True, False)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig"])
def test_utf8_with_and_without_bom(tmp_path, encoding):
    path = write(tmp_path, CSV.encode(encoding))
    if encoding == "utf-8-sig":
        assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    check_two_rows(read_visits(path))


def test_crlf_line_endings(tmp_path):
    check_two_rows(read_visits(write(tmp_path, CSV.replace("\n", "\r\n").encode("utf-8-sig"))))


def test_gb18030_file(tmp_path):
    text = (
        "date,tier,total,designated,emergency\n"
        "2023-03-01,level2,300,是,否\n"
        "2023-03-02,level2,400,否,是\n"
    )
    data = text.encode("gb18030")
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")  # really not UTF-8
    rows = read_visits(write(tmp_path, data))
    assert [(r.visit.designated, r.visit.emergency) for r in rows] == [(True, False), (False, True)]
    assert [r.visit.total for r in rows] == [Decimal("300"), Decimal("400")]


def test_header_is_case_and_space_insensitive_and_columns_any_order(tmp_path):
    text = " Total , Date ,TIER\n1200,2023-04-01,level1\n"
    rows = read_visits(write(tmp_path, text.encode("utf-8")))
    assert rows[0].visit.total == Decimal("1200") and rows[0].visit.tier == "level1"


@pytest.mark.parametrize("text, value", [
    ("true", True), ("TRUE", True), ("1", True), ("yes", True), ("y", True), ("是", True), ("√", True),
    ("false", False), ("False", False), ("0", False), ("no", False), ("n", False), ("否", False),
])
def test_booleans(text, value):
    assert parse_bool(text, "designated") is value


def test_bad_boolean_names_line_and_field(tmp_path):
    text = "date,tier,total,emergency\n2023-01-05,level1,100,true\n2023-01-06,level1,100,maybe\n"
    with pytest.raises(VisitsFileError) as info:
        read_visits(write(tmp_path, text.encode()))
    assert (info.value.line, info.value.field) == (3, "emergency")
    assert "maybe" in str(info.value)


def test_blank_lines_are_skipped_and_lines_still_counted(tmp_path):
    text = "date,tier,total\n\n2023-01-05,level1,100\n,,\n2023-01-06,level1,bad\n"
    with pytest.raises(VisitsFileError) as info:
        read_visits(write(tmp_path, text.encode()))
    assert info.value.line == 5  # physical line of the bad row, header = line 1


def test_missing_required_column(tmp_path):
    path = write(tmp_path, b"date,tier,self_funded\n2023-01-05,level1,0\n")
    with pytest.raises(VisitsFileError) as info:
        read_visits(path)
    err = info.value
    assert (err.line, err.field) == (1, "total")
    assert str(err).startswith(f"{path}:1: total:")


def test_unknown_column(tmp_path):
    with pytest.raises(VisitsFileError) as info:
        read_visits(write(tmp_path, b"date,tier,total,price\n2023-01-05,level1,1,2\n"))
    assert (info.value.line, info.value.field) == (1, "price")


def test_empty_file(tmp_path):
    with pytest.raises(VisitsFileError) as info:
        read_visits(write(tmp_path, b""))
    assert info.value.line == 1


@pytest.mark.parametrize("bad", ["2023-13-01", "2023/01/05", "05.01.2023", "2023-1-5", "2023-02-30", "yesterday"])
def test_bad_date(tmp_path, bad):
    path = write(tmp_path, f"date,tier,total\n2023-01-04,level1,10\n{bad},level1,100\n".encode())
    with pytest.raises(VisitsFileError) as info:
        read_visits(path)
    err = info.value
    assert (err.line, err.field) == (3, "date")
    assert str(err).startswith(f"{path}:3: date:")
    assert bad in str(err)


@pytest.mark.parametrize("column, bad", [
    ("total", "12.345"), ("total", "abc"), ("total", "-5"), ("total", ""),
    ("self_funded", "1.001"), ("class_b_copay", "x"), ("class_b_copay", "-1"),
])
def test_bad_amount(tmp_path, column, bad):
    values = {"total": "100", "self_funded": "0", "class_b_copay": "0"}
    values[column] = bad
    text = ("date,tier,total,self_funded,class_b_copay\n"
            f"2023-01-05,level1,{values['total']},{values['self_funded']},{values['class_b_copay']}\n")
    with pytest.raises(VisitsFileError) as info:
        read_visits(write(tmp_path, text.encode()))
    assert (info.value.line, info.value.field) == (2, column)


@pytest.mark.parametrize("self_funded, class_b", [
    ("80", "30"),  # 80 + 30 = 110 > total 100: policy scope would be −10
    ("150", "0"),  # self-funded alone above the total: −50
])
def test_negative_policy_scope(tmp_path, self_funded, class_b):
    path = write(tmp_path, b"date,tier,total,self_funded,class_b_copay\n2023-01-05,level1,10,0,0\n"
                           + f"2023-01-06,level1,100,{self_funded},{class_b}\n".encode())
    with pytest.raises(VisitsFileError) as info:
        read_visits(path)
    err = info.value
    assert (err.line, err.field) == (3, "self_funded")
    assert "negative" in str(err)


def test_lenient_reader_keeps_good_rows_and_lists_bad_ones(tmp_path):
    text = "date,tier,total\n2023-01-05,level1,100\n2023-13-01,level1,100\n2023-01-07,level1,1.234\n2023-01-08,level2,5\n"
    rows, errors = read_visits_lenient(write(tmp_path, text.encode()))
    assert [r.line for r in rows] == [2, 5]
    assert [(e.line, e.field) for e in errors] == [(3, "date"), (4, "total")]


def test_missing_file(tmp_path):
    with pytest.raises(VisitsFileError) as info:
        read_visits(tmp_path / "nope.csv")
    assert "nope.csv" in str(info.value)


def test_write_then_read_round_trip(tmp_path):
    rows = read_visits(write(tmp_path, CSV.encode()))
    again = read_visits(write(tmp_path, visits_to_csv([r.visit for r in rows]).encode(), "again.csv"))
    assert [r.visit for r in again] == [r.visit for r in rows]


def test_a_file_too_large_is_refused_before_it_is_read(tmp_path, monkeypatch):
    """The size is checked with stat(): the file's bytes are never read."""
    from pathlib import Path

    from app.core import visits_csv
    from app.core.exchange import read_table
    from app.core.tables import ImportFileError

    path = tmp_path / "huge.csv"
    path.write_text("date,tier,total\n" + "2023-01-01,level1,1\n" * 10, encoding="utf-8")
    monkeypatch.setattr(visits_csv, "MAX_FILE_BYTES", 100)
    monkeypatch.setattr("app.core.exchange.MAX_FILE_BYTES", 100)
    read = []
    monkeypatch.setattr(Path, "read_bytes", lambda self: read.append(self) or b"")
    with pytest.raises(visits_csv.VisitsFileError, match="too large"):
        visits_csv.read_visits(path)
    with pytest.raises(ImportFileError) as exc:
        read_table(path)
    assert exc.value.code == "too_large" and read == []
