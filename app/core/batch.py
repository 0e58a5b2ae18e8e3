"""Batch (批量测算): a claims file of many persons, each settled with the engine, summed.

The work is a pure function over a *partition* of persons — :func:`settle_partition`: columns of
text in (one list per column, one entry per row), columns of per-person results and refused rows
out; no Qt, no I/O, no global state. A partition must hold all the rows of each of its persons
(rows in any order); :func:`partitions` cuts a file that way, so the same function can be mapped
over the partitions by a process pool here, or by Dask/Spark for a province's year.

Rules of the batch (also in the JSON ``notes`` and the README):

- A row that cannot be read (a bad date, amount, tier, flag, a date outside the year, an unknown
  exclusion) is refused with its line and reason; the person is settled **without** it (their other
  rows still count), and the batch goes on.
- A person's attributes (category, birth date, contribution base, opening balance) come from the
  first row, in file order, that fills each of them; a later row that gives another value is
  refused. A person whose rows never give a category, or whose rules cannot be applied (no birth
  date where the ratios depend on age, a missing region parameter), has all rows refused.
- A person counts in ``persons`` when at least one of their visits is settled.
"""
from __future__ import annotations

import codecs
import csv
import gc
import zlib
from array import array
from collections import deque
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from datetime import date
from decimal import Decimal
from itertools import accumulate, compress, islice, repeat
from operator import add, eq, gt, is_, itemgetter, mod, ne, not_, sub
from pathlib import Path
from typing import Iterable, Sequence

from . import dates, kernel
from .case import Person
from .engine import CaseError, Settler, remaining_fen
from .kernel import checked_columns
from .money import MoneyError, fmt, from_fen, parse_amount
from .rules.schema import RuleFile
from .visits_csv import (COLUMNS as VISIT_COLUMNS, FIELD_ERRORS_EN, FieldError, amount_fen, parse_bool,
                         parse_date, parse_patient, visit_values)

PERSON_COLUMNS = ("person_id", "category", "birth_date", "contribution_base", "opening_balance")
MAX_CLAIMS_BYTES = 1_000_000_000  # a CSV claims file: some 10 million visits; larger files are cut up first
MAX_PERSON_ID = 64  # characters of a person id
MAX_XLSX_ROWS = 200_000  # app.core.xlsx_io reads at most this many rows of a workbook

NOTES = (
    "a refused row is left out and its person is settled with their other rows",
    "a person's category, birth date, contribution base and opening balance come from the first row that gives them; "
    "a row that gives another value is refused",
    "persons_deductible_met: an annual deductible fully met; where the deductible is per visit, "
    "at least one visit above its deductible",
)

_CATEGORIES = {"employed": "employed", "在职": "employed", "在职职工": "employed",
               "retired": "retired", "退休": "retired", "退休人员": "retired"}

# Header names besides the column keys themselves (Chinese titles as the window's import reads them).
_PERSON_ALIASES = {
    "person_id": ("人员编号", "个人编号", "psn_no", "person id"),
    "category": ("人员类别", "类别"),
    "birth_date": ("出生日期", "birth date"),
    "contribution_base": ("缴费基数", "contribution base"),
    "opening_balance": ("期初余额", "账户期初余额", "opening balance"),
}


class ClaimsFileError(Exception):
    """The claims file cannot be used at all (unreadable, no header, a required column missing)."""


@dataclass(frozen=True)
class Claims:
    """Columns in: ``columns[key][k]`` is the text of row *k*, ``lines[k]`` its line in the file."""

    lines: list[int]
    columns: dict[str, list[str]]

    def __len__(self) -> int:
        return len(self.lines)

    def take(self, rows: Sequence[int]) -> "Claims":
        return Claims([self.lines[k] for k in rows], {c: [v[k] for k in rows] for c, v in self.columns.items()})


@dataclass
class Refusal:
    line: int
    person_id: str
    field: str
    reason: str


@dataclass
class PartitionResult:
    """Columns out for one rule file: one entry per settled person, in order of their first row in
    the file (``first_line``); amounts in integer fen (compact to pass between processes)."""

    person_id: list[str] = field(default_factory=list)
    category: list[str] = field(default_factory=list)
    visits: list[int] = field(default_factory=list)
    total: array = field(default_factory=partial(array, "q"))
    policy_scope: array = field(default_factory=partial(array, "q"))
    deductible_met: array = field(default_factory=partial(array, "q"))
    fund: array = field(default_factory=partial(array, "q"))
    self_pay: array = field(default_factory=partial(array, "q"))
    reached_cap: list[bool] = field(default_factory=list)
    reached_deductible: list[bool] = field(default_factory=list)
    first_line: list[int] = field(default_factory=list)  # the line of the person's first row (any, refused or not)
    fund_by_tier: dict[str, int] = field(default_factory=dict)
    refused: list[Refusal] = field(default_factory=list)

    @classmethod
    def of(cls, region: RuleFile) -> "PartitionResult":
        return cls(fund_by_tier={t.id: 0 for t in region.tiers})

    def money(self, name: str) -> list[Decimal]:
        """An amount column (``total``, ``fund`` …) in yuan."""
        return [from_fen(x) for x in getattr(self, name)]


# --- reading ---------------------------------------------------------------------------

def _header_index() -> dict[str, str]:
    from .exchange import _header_index as visit_headers, _norm

    index = {k: v for k, v in visit_headers().items() if v in VISIT_COLUMNS or v == "family"}
    for key, aliases in _PERSON_ALIASES.items():
        for name in (key, *aliases):
            index[_norm(name)] = key
    return index


def _columns(header: list[str], shown: str) -> list[str | None]:
    from .exchange import _norm

    index = _header_index()
    keys: list[str | None] = []
    for cell in header:
        name = _norm(cell)
        if not name:
            keys.append(None)
            continue
        key = index.get(name)
        if key is None:
            raise ClaimsFileError(f"{shown}:1: {str(cell)[:40]!r}: unknown column (known: "
                                  f"{', '.join(PERSON_COLUMNS + VISIT_COLUMNS)})")
        if key in keys:
            raise ClaimsFileError(f"{shown}:1: {key}: column appears twice in the header")
        keys.append(key)
    missing = [c for c in ("person_id", "date", "tier", "total") if c not in keys]
    if missing:
        raise ClaimsFileError(f"{shown}:1: {missing[0]}: required column missing")
    return keys


SCAN_BYTES = 1 << 20  # bytes of a claims file looked at a time


def _scan(path: Path) -> tuple[str, bool]:
    """The file's encoding — ``utf-8-sig`` when the whole file is UTF-8 (BOM or not), else
    ``gb18030`` — and whether it is *plain*: no quote, no NUL and no line break but LF or CR LF,
    so that its records are its lines cut at the commas (:func:`_plain_blocks`). Read in chunks;
    the bytes looked for are never part of a multi-byte character in either encoding."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    encoding, plain = "utf-8-sig", True
    with path.open("rb") as fh:
        while chunk := fh.read(SCAN_BYTES):
            if chunk.endswith(b"\r"):  # keep a CR LF in one chunk
                chunk += fh.read(1)
            if plain and (b'"' in chunk or b"\0" in chunk or chunk.count(b"\r") != chunk.count(b"\r\n")):
                plain = False
            if encoding == "utf-8-sig":
                try:
                    decoder.decode(chunk)
                except UnicodeDecodeError:
                    encoding = "gb18030"
            if encoding == "gb18030" and not plain:
                break
        if encoding == "utf-8-sig":
            try:
                decoder.decode(b"", final=True)
            except UnicodeDecodeError:
                encoding = "gb18030"
    return encoding, plain


@dataclass(frozen=True)
class ClaimsSource:
    """A CSV claims file checked as far as can be without reading every row (size, encoding, header):
    each process of a parallel batch reads its own share of persons from it (:func:`read_share`).
    *plain*: no quote, NUL or lone CR in it (:func:`_scan`) — read by lines, not by the csv module."""

    path: Path
    encoding: str
    plain: bool = False


def open_claims(path: str | Path) -> "ClaimsSource | Claims":
    """The claims file ready to be read: a CSV as a :class:`ClaimsSource`, a workbook read whole
    (:class:`Claims`); raises :class:`ClaimsFileError` when it cannot be used."""
    path = Path(path)
    shown = str(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise ClaimsFileError(f"{shown}: cannot read: {exc.strerror or exc}") from None
    if not path.is_file():
        raise ClaimsFileError(f"{shown}: not a file")
    if size > MAX_CLAIMS_BYTES:  # checked before reading
        raise ClaimsFileError(f"{shown}: too large ({size:,} bytes; at most {MAX_CLAIMS_BYTES:,}): split it by person")
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        return _read_xlsx(path)
    try:
        source = ClaimsSource(path, *_scan(path))
        with path.open(encoding=source.encoding, newline="") as fh:  # the header: checked here, once
            _from_records(_csv_header(fh, shown), shown)
    except OSError as exc:
        raise ClaimsFileError(f"{shown}: cannot read: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise ClaimsFileError(f"{shown}: not a text file (neither UTF-8 nor GB18030)") from None
    return source


def read_claims(path: "str | Path | ClaimsSource") -> Claims:
    """The claims file as columns of text; raises :class:`ClaimsFileError` when it cannot be used."""
    source = path if isinstance(path, ClaimsSource) else open_claims(path)
    return source if isinstance(source, Claims) else read_share(source, 0, 1)


def read_share(source: ClaimsSource, k: int, n: int) -> Claims:
    """The rows of the persons that fall to share *k* of *n* (:func:`share_of`), all of each
    person's rows; the whole file when *n* is 1."""
    shown = str(source.path)
    keep = None if n == 1 else (k, n)
    try:
        if source.plain:
            with source.path.open(encoding=source.encoding, newline="") as fh:
                try:
                    return _from_plain(_plain_blocks(fh), shown, keep)
                except _NotPlain:  # a line longer than the csv module's field limit: the csv module says where
                    pass
        with source.path.open(encoding=source.encoding, newline="") as fh:
            return _from_chunks(_csv_chunks(fh, shown), shown, keep)
    except OSError as exc:
        raise ClaimsFileError(f"{shown}: cannot read: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise ClaimsFileError(f"{shown}: not a text file (neither UTF-8 nor GB18030)") from None


def share_of(person_id: str, n: int) -> int:
    """Which of *n* shares a person falls to: CRC-32 of the stripped id, the same in every process
    (``hash`` of a text differs from one process to the next where they are spawned, as on Windows)."""
    return next(_shares([person_id], n))


def _shares(person_ids: Iterable[str], n: int) -> Iterable[int]:
    """:func:`share_of` of each id, mapped in C."""
    encoded = map(str.encode, map(str.strip, person_ids), repeat("utf-8"), repeat("surrogatepass"))
    return map(mod, map(zlib.crc32, encoded), repeat(n))


CHUNK_RECORDS = 50_000  # records read at a time: a share keeps only its own rows of each


def _csv_chunks(fh, shown: str) -> Iterable[tuple[list[list[str]], Sequence[int]]]:
    """The CSV file's records, some at a time, with the line each ends on. Where every record of a
    chunk is one line (the common case) the lines are counted, not noted record by record; where a
    quoted cell spans lines, the rest of the file is read again noting each record's line."""
    reader = csv.reader(fh)
    done = 0  # records and lines before the chunk
    try:
        while chunk := list(islice(reader, CHUNK_RECORDS)):
            if reader.line_num - done != len(chunk):
                break
            yield chunk, range(done + 1, reader.line_num + 1)
            done = reader.line_num
        else:
            return
        fh.seek(0)
        reader = csv.reader(fh)
        deque(islice(reader, done), maxlen=0)  # the records already given
        while True:
            chunk, lines = [], []
            for record in islice(reader, CHUNK_RECORDS):
                chunk.append(record)
                lines.append(reader.line_num)
            if not chunk:
                return
            yield chunk, lines
    except csv.Error as exc:
        raise ClaimsFileError(f"{shown}:{reader.line_num}: bad CSV: {exc}") from None


PLAIN_BLOCK_CHARS = 1 << 22  # characters of a plain file read at a time (then to the end of the line)
# what str.strip() strips (the characters for which str.isspace() is true), and the comma: a line
# of a plain file made of these alone is a blank record
_BLANK = ("\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006"
          "\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000,")


class _NotPlain(Exception):
    """A plain file with a line longer than the csv module's field limit (read by the csv module instead)."""


def _plain_blocks(fh) -> Iterable[list[str]]:
    """The lines of a plain file (:func:`_scan`), without their line breaks, some at a time: each
    line is one record of the csv module's reading, so line *k* of the file is record *k*."""
    while block := fh.read(PLAIN_BLOCK_CHARS):
        if not block.endswith("\n"):
            block += fh.readline()
        if "\r" not in block:
            lines = block.split("\n")
        else:  # CR LF throughout (a plain file has no lone CR), else some lines end in CR LF, some in LF
            lines = block.split("\r\n")
            if block.count("\n") != len(lines) - 1:
                lines = block.replace("\r\n", "\n").split("\n")
        if not lines[-1]:  # after the block's last line break
            lines.pop()
        yield lines


def _from_plain(blocks: Iterable[list[str]], shown: str, keep: tuple | None = None) -> Claims:
    """:func:`_from_chunks` of a plain file's lines, the same columns, lines and refusals: a line
    is cut at its commas, a column at a time (no list per record); blank lines skipped, a line of
    too few cells filled, one of too many cut (refused where the cells beyond the header are not
    blank). :class:`_NotPlain` for a line longer than the csv module's field limit."""
    limit = csv.field_size_limit()
    keys: list[str | None] | None = None
    width = 0
    columns: dict[str, list[str]] = {}
    lines: list[int] = []
    extra: dict[int, str] = {}
    done = 0  # lines before the block
    for block in blocks:
        at: Sequence[int] = range(len(block))  # the block's lines still taken
        if keys is None:
            header = next(compress(at, map(str.strip, block, repeat(_BLANK))), None)  # the first not blank
            if max(map(len, block[:len(block) if header is None else header + 1]), default=0) > limit:
                raise _NotPlain
            if header is None:
                done += len(block)
                continue
            keys = _columns(block[header].split(","), shown)
            width = len(keys)
            columns = {key: [] for key in keys if key is not None}
            person = keys.index("person_id")
            at = range(header + 1, len(block))
        if keep is not None and person == 0:  # the rows of one share only, picked first: a line's first
            share, shares = keep               # cell is its person id whatever its width (a blank line's: share 0)
            ids = map(itemgetter(0), map(str.partition, map(block.__getitem__, at), repeat(",")))
            at = list(compress(at, map(share.__eq__, _shares(ids, shares))))
        rows = list(map(block.__getitem__, at))
        if max(map(len, rows), default=0) > limit:
            raise _NotPlain
        taken = list(map(bool, map(str.strip, rows, repeat(_BLANK))))  # not blank
        rows, at = list(compress(rows, taken)), list(compress(at, taken))
        refused: dict[int, str] = {}  # row of the block → the refusal of its cells beyond the header
        for k in compress(range(len(rows)), map((width - 1).__ne__, map(str.count, rows, repeat(",")))):
            cells = rows[k].split(",")
            rows[k] = ",".join((cells + [""] * width)[:width])
            if any(c.strip() for c in cells[width:]):
                refused[k] = FIELD_ERRORS_EN["extra_cells"].format(count=len(cells), columns=width)
        if keep is not None and person != 0:  # the rows of one share only, the person id cut from whole rows
            share, shares = keep
            ids = map(itemgetter(person), map(str.split, rows, repeat(","), repeat(person + 1)))
            mine = list(map(share.__eq__, _shares(ids, shares)))
            rows, at = list(compress(rows, mine)), list(compress(at, mine))
            if refused:
                kept = list(accumulate(mine))  # a kept row's place among the kept
                refused = {kept[k] - 1: reason for k, reason in refused.items() if mine[k]}
        cells = ",".join(rows).split(",") if rows else []
        cut = [cells[j::width] for j in range(width)]
        for k, reason in refused.items():
            extra[len(lines) + k] = reason
        lines += map(add, at, repeat(done + 1))
        for key, column in zip(keys, cut):
            if key is not None:
                columns[key] += column
        done += len(block)
    if keys is None:
        raise ClaimsFileError(f"{shown}:1: empty file: a header row is needed")
    if extra:  # as a pseudo-column
        columns["_extra"] = [extra.get(k, "") for k in range(len(lines))]
    return Claims(lines, columns)


def _csv_header(fh, shown: str) -> list[list[str]]:
    """The records up to the first that is not blank (the header)."""
    reader = csv.reader(fh)
    records = []
    try:
        for record in reader:
            records.append(record)
            if "".join(record).strip():
                break
    except csv.Error as exc:
        raise ClaimsFileError(f"{shown}:{reader.line_num}: bad CSV: {exc}") from None
    return records


def _read_xlsx(path: Path) -> Claims:
    from .tables import ImportFileError, cell_text
    from .xlsx_io import read_xlsx_table

    try:
        header_line, header, records = read_xlsx_table(path)
    except ImportFileError as exc:
        raise ClaimsFileError(str(exc)) from None
    if records and records[-1][0] >= MAX_XLSX_ROWS:
        raise ClaimsFileError(f"{path}: more than {MAX_XLSX_ROWS:,} rows in a workbook: save it as CSV")
    rows = [header] + [[cell_text(c) for c in cells] for _line, cells in records]
    return _from_records(rows, str(path), [header_line] + [line for line, _cells in records])


def _from_records(records: list[list[str]], shown: str, lines: Sequence[int] | None = None) -> Claims:
    """The records as columns, blank ones skipped; *lines*: the line of each (None: its index + 1)."""
    return _from_chunks([(records, range(1, len(records) + 1) if lines is None else lines)], shown)


def _from_chunks(chunks: Iterable[tuple[list[list[str]], Sequence[int]]], shown: str,
                 keep: tuple | None = None) -> Claims:
    """Chunks of records (with their lines) as columns, blank records skipped; *keep*: ``(k, n)``,
    only the rows of share *k* of *n* (:func:`share_of`). Done a column at a time (the maps and the
    transposition in C), not a step per record; a chunk's rows are dropped once in the columns."""
    keys: list[str | None] | None = None
    width = 0
    columns: dict[str, list[str]] = {}
    lines: list[int] = []
    extra: dict[int, str] = {}  # row → the refusal of a line with cells beyond the header
    for records, record_lines in chunks:
        at = list(compress(range(len(records)), map(str.strip, map("".join, records))))  # not blank
        if keys is None:
            if not at:
                continue
            keys = _columns(records[at[0]], shown)
            width = len(keys)
            columns = {key: [] for key in keys if key is not None}
            at = at[1:]
        rows = list(map(records.__getitem__, at))
        for k in compress(range(len(rows)), map(width.__ne__, map(len, rows))):  # too few or too many cells
            record = rows[k]
            rows[k] = (record + [""] * width)[:width]
            if any(c.strip() for c in record[width:]):  # a line with cells beyond the header is refused
                rows[k].append(FIELD_ERRORS_EN["extra_cells"].format(count=len(record), columns=width))
        if keep is not None:  # the rows of one share only
            share, shares = keep
            mine = list(map(share.__eq__, _shares(map(itemgetter(keys.index("person_id")), rows), shares)))
            rows, at = list(compress(rows, mine)), list(compress(at, mine))
        for k in compress(range(len(rows)), map(width.__lt__, map(len, rows))):
            extra[len(lines) + k] = rows[k][width]
        lines += map(record_lines.__getitem__, at)
        if rows:
            for key, column in zip(keys, zip(*rows)):
                if key is not None:
                    columns[key] += column
    if keys is None:
        raise ClaimsFileError(f"{shown}:1: empty file: a header row is needed")
    if extra:  # as a pseudo-column
        columns["_extra"] = [extra.get(k, "") for k in range(len(lines))]
    return Claims(lines, columns)


# --- partitions ------------------------------------------------------------------------

def person_rows(claims: Claims) -> dict[str, list[int]]:
    """Row indices of each person id (stripped), persons in order of their first row."""
    out: dict[str, list[int]] = {}
    for k, pid in enumerate(claims.columns["person_id"]):
        out.setdefault(pid.strip(), []).append(k)
    return out


def partitions(claims: Claims, rows_per_partition: int) -> list[Claims]:
    """*claims* cut into partitions of whole persons, about *rows_per_partition* rows each, in file order."""
    parts: list[Claims] = []
    current: list[int] = []
    for rows in person_rows(claims).values():
        current += rows
        if len(current) >= rows_per_partition:
            parts.append(claims.take(current))
            current = []
    if current or not parts:
        parts.append(claims.take(current))
    return parts


# --- settling --------------------------------------------------------------------------

def _person_value(key: str, text: str, year: int):
    """A person attribute parsed and bounded; ValueError with the reason."""
    if key == "category":
        value = _CATEGORIES.get(text.lower())
        if value is None:
            raise ValueError(f"expected employed or retired (在职/退休), got {text[:24]!r}")
        return value
    if key == "birth_date":
        try:
            born = dates.parse_iso(text)
        except dates.DateError as exc:
            raise ValueError(FIELD_ERRORS_EN[exc.code].format(value=exc.value[:24])) from None
        if not date(1900, 1, 1) <= born <= date(year, 12, 31):
            raise ValueError(f"birth date {born} is not between 1900-01-01 and {year}-12-31")
        return born
    try:
        return parse_amount(text, field=key)
    except MoneyError as exc:
        raise ValueError(str(exc).partition(": ")[2] or str(exc)) from None


# --- the rows read a column at a time ----------------------------------------------------

_NOT_READ = object()  # a person attribute's cell that cannot be read
_MAX_DISTINCT = 500_000  # distinct texts of one column remembered (beyond it, read again each time)


class _Parsed(dict):
    """A column's texts → their values, each distinct text read once by *read* (the readers
    :func:`visit_values` calls, :func:`_person_value`); a text *read* refuses maps to *bad*."""

    def __init__(self, read, bad) -> None:
        super().__init__()
        self.read, self.bad = read, bad

    def __missing__(self, text: str):
        try:
            value = self.read(text)
        except ValueError:  # FieldError, DateError, MoneyError …
            value = self.bad
        if len(self) < _MAX_DISTINCT:
            self[text] = value
        return value


class _Columns:
    """The visit cells of a partition read a column at a time (each distinct text once, the
    columns mapped in C), exactly as :func:`visit_values` reads them row by row, and the rows
    that are not plain (``odd``): a cell that cannot be read, a scope below zero, cells beyond
    the header, or a visit that is not the insured person's own plain designated one (an
    exclusion, a family member, not designated, an emergency). A person none of whose rows is
    odd, whose id is usable and whose attributes agree (:meth:`attributes`) is settled straight
    from these columns; any other person row by row (:func:`_read_person`), which refuses the
    rows that cannot be used with their reasons."""

    def __init__(self, claims: Claims, year: int, person_columns: Sequence[tuple[str, list[str]]]) -> None:
        n = len(claims)
        columns = claims.columns

        def read(key: str, reader, bad):
            return list(map(_Parsed(reader, bad).__getitem__, columns[key]))

        def amount(key: str) -> list[int]:  # an empty cell reads as 0 (visit_values); the total's is refused below
            if key not in columns:
                return [0] * n
            return list(map(_Parsed(partial(amount_fen, field=key), -1).__getitem__, map(str.strip, columns[key])))

        def day(text: str) -> int:
            text = text.strip()
            if not text:
                raise FieldError("date", "required")
            when = parse_date(text)
            if when.year != year:
                raise FieldError("date", "outside_year", value=when.isoformat(), year=str(year))
            return when.toordinal()

        def required(text: str) -> str:
            text = text.strip()
            if not text:
                raise FieldError("tier", "required")
            return text

        self.days = read("date", day, -1)
        self.tiers = read("tier", required, "")
        totals, funded, copay = amount("total"), amount("self_funded"), amount("class_b_copay")
        self.totals, self.funded = totals, funded  # lists: the kernel's record shares their int objects
        self.scopes = list(map(sub, map(sub, totals, funded), copay))
        rows = range(n)
        odd: set[int] = set()
        odd.update(compress(rows, map(gt, repeat(0), map(min, self.days, totals, funded, copay, self.scopes))))
        odd.update(compress(rows, map(not_, self.tiers)))
        odd.update(compress(rows, map(not_, map(str.strip, columns["total"]))))  # the total is required
        flags = (("designated", lambda t: parse_bool(t, "designated") if t.strip() else True, True),
                 ("emergency", lambda t: parse_bool(t, "emergency") if t.strip() else False, False),
                 ("exclusion", str.strip, ""),
                 ("patient", lambda t: parse_patient(t) if t else "self", "self"),
                 ("family", str.strip, ""))
        for key, reader, plain in flags:
            if key in columns:
                odd.update(compress(rows, map(ne, read(key, reader, None), repeat(plain))))
        if "_extra" in columns:
            odd.update(compress(rows, columns["_extra"]))
        self.odd = odd
        self.attribute_values = [
            (key, read(key, lambda text, key=key: _person_value(key, text.strip(), year) if text.strip() else None,
                       _NOT_READ))
            for key, _column in person_columns]
        self.specials = [None] * n
        self._tier_ids: dict[int, list[str | None]] = {}

    def attributes(self, rows: list[int]) -> dict[str, object] | None:
        """The person's attributes, each from the first of *rows* that gives it; None when a cell
        cannot be read, two rows give different values, or no row gives a category."""
        attrs: dict[str, object] = {}
        for key, values in self.attribute_values:
            given = set(map(values.__getitem__, rows))
            given.discard(None)
            if len(given) > 1 or _NOT_READ in given:
                return None
            if given:
                attrs[key] = given.pop()
        return attrs if "category" in attrs else None

    def tier_ids(self, region: RuleFile, tier_of: dict) -> list[str | None]:
        """Each row's tier id in *region* (None: no such tier)."""
        found = self._tier_ids.get(id(region))
        if found is None:
            def resolve(text: str) -> str | None:
                try:
                    return tier_of[text]
                except KeyError:
                    tier = tier_of[text] = region.resolve_tier(text)
                    return tier
            found = self._tier_ids[id(region)] = list(map(_Parsed(resolve, None).__getitem__, self.tiers))
        return found


def _cells_of(claims: Claims) -> tuple:
    """The columns :func:`_read_person` reads: the extra-cells refusals, the person's columns, the
    visit's in :func:`visit_values`' order (an absent column reads as empty), the family flag's, and
    a person attribute's value by (column, text), filled as they are read."""
    columns = claims.columns
    empty = [""] * len(claims)
    return (columns.get("_extra"), [(key, columns[key]) for key in PERSON_COLUMNS[1:] if key in columns],
            [columns.get(c, empty) for c in ("date", "tier", "total", "self_funded", "class_b_copay", "designated",
                                             "emergency", "exclusion", "patient")],
            columns.get("family"), {})


def _read_person(claims: Claims, cells_of: tuple, rows: list[int], pid: str, year: int,
                 out: Sequence[PartitionResult]) -> tuple | None:
    """One person's rows read: ``(pid, visits, attributes, first line)`` with *visits* the
    ``(row, visit_values)`` of each readable row, or None when no row is; a row that cannot be
    read is refused under every rule file of *out*."""
    def refuse_all(k: int, fieldname: str, reason: str) -> None:
        for res in out:
            res.refused.append(Refusal(claims.lines[k], pid, fieldname, reason))

    extra, person_columns, visit_cells, family, known = cells_of
    c_date, c_tier, c_total, c_funded, c_copay, c_designated, c_emergency, c_exclusion, c_patient = visit_cells
    attrs: dict[str, tuple[object, int]] = {}  # key -> (value, line that gave it)
    visits: list[tuple[int, tuple]] = []  # (row, visit_values of the row)
    for k in rows:
        if extra is not None and extra[k]:
            refuse_all(k, "", extra[k])
            continue
        if not pid:
            refuse_all(k, "person_id", FIELD_ERRORS_EN["required"])
            continue
        if len(pid) > MAX_PERSON_ID:
            refuse_all(k, "person_id", f"longer than {MAX_PERSON_ID} characters")
            continue
        bad = None
        given: dict[str, object] = {}
        for key, column in person_columns:
            text = column[k].strip()
            if not text:
                continue
            value = known.get((key, text))
            if value is None:
                if len(known) > 100_000:  # distinct birth dates and amounts: kept within bounds
                    known.clear()
                try:
                    value = known[key, text] = _person_value(key, text, year)
                except ValueError as exc:
                    bad = (key, str(exc))
                    break
            if key in attrs and attrs[key][0] != value:
                bad = (key, f"{text[:24]!r} differs from line {attrs[key][1]} of the same person")
                break
            given[key] = value
        if bad is None:
            try:
                patient = c_patient[k]
                if family is not None and family[k].strip():
                    patient = "family" if parse_bool(family[k], "family") else "self"
                values = visit_values(c_date[k], c_tier[k], c_total[k], c_funded[k], c_copay[k], c_designated[k],
                                      c_emergency[k], c_exclusion[k], patient)
                if values[0].year != year:
                    raise FieldError("date", "outside_year", value=values[0].isoformat(), year=str(year))
            except ValueError as exc:  # FieldError
                name, _, message = str(exc).partition(": ")
                bad = (getattr(exc, "field", name), message or str(exc))
        if bad is not None:
            refuse_all(k, *bad)
            continue
        for key, value in given.items():
            attrs.setdefault(key, (value, claims.lines[k]))
        visits.append((k, values))
    if not visits:
        return None
    if "category" not in attrs:
        for k, _ in visits:
            refuse_all(k, "category", "no row of this person gives a category (employed/retired, 在职/退休)")
        return None
    return pid, visits, {key: value for key, (value, _) in attrs.items()}, claims.lines[rows[0]]


def _settler(region: RuleFile, year: int, parameters: dict[str, Decimal], attrs: dict[str, object],
             settlers: dict) -> Settler:
    """A Settler for this person's category (and birth date, where the region's ratios depend on age).

    The engine's settlement reads only the person's region, year, category, birth date and the
    region parameters (the contribution base and opening balance are the account's, not settled
    here), and keeps the year's accumulators outside the Settler: persons alike in those share one,
    and with it the rule lookups it caches.
    """
    category = attrs["category"]
    by_age = settlers.get((id(region), category))
    if by_age is None:
        by_age = settlers[id(region), category] = region.needs_birth_date(category)
    key = (id(region), category, attrs.get("birth_date") if by_age else None)  # two rule files never share
    found = settlers.get(key)
    if found is None:
        person = Person(region=region.region, year=year, parameters=parameters, category=category, birth_date=key[2])
        found = settlers[key] = Settler(region, person)
    return found


def _settle_in(region: RuleFile, res: PartitionResult, claims: Claims, cells: tuple, fast: _Columns,
               persons: Sequence[tuple], year: int, parameters: dict[str, Decimal], settlers: dict) -> None:
    """The persons of a step under one rule file, in one run of the kernel: each person's rows in
    date order (as ``settle`` puts them), one stretch after another, every person's year from zero
    (``kernel.run``'s *persons*); the figures are then read off each person's stretch of the
    record. No Visit object per row: a plain person's rows go in straight from the columns read
    (:class:`_Columns`), any other person's as read and checked row by row, appended to them."""
    tier_of = settlers.setdefault(("tiers", id(region)), {})  # a tier's text → its id (None: no such tier)
    tier_ids = fast.tier_ids(region, tier_of)
    days = fast.days
    n = len(days)
    order: list[int] = []  # the kernel's input rows, person after person
    kept: list[tuple] = []  # the rows read row by row, as positions n, n + 1, … of the columns
    stretches: list[tuple] = []  # (first input row, settler, pid, category, rows kept, first line)
    lines = claims.lines
    for pid, visits, attrs, first_line, rows in persons:
        try:
            settler = _settler(region, year, parameters, attrs, settlers)
        except (CaseError, ValueError) as exc:
            res.refused += (Refusal(lines[k], pid, getattr(exc, "field", None) or "person", str(exc).splitlines()[0])
                            for k in rows)
            continue
        if visits is None:
            if None not in map(tier_ids.__getitem__, rows):  # plain rows, tiers of the region: straight in
                stretches.append((len(order), settler, pid, settler.person.category, rows, first_line))
                order += sorted(rows, key=days.__getitem__)  # date order; one day's visits in file order
                continue
            visits = _read_person(claims, cells, rows, pid, year, ())[1]  # plain: nothing refused

        def refuse(k: int, fieldname: str, reason: str) -> None:
            res.refused.append(Refusal(lines[k], pid, fieldname, reason))

        mine: list[tuple] = []
        good: list[int] = []
        for k, (when, text, total, self_funded, class_b_copay, designated, emergency, exclusion, patient) in visits:
            try:
                tier = tier_of[text]
            except KeyError:
                tier = tier_of[text] = region.resolve_tier(text)
            if tier is None:
                known = ", ".join(t.id for t in region.tiers)
                refuse(k, "tier", f"no tier {text[:24]!r} in {region.region} (tiers: {known})")
                continue
            if exclusion is not None:  # the tier is one of the region's and the date in the year: read above
                try:
                    settler.check_fields(tier, when, exclusion)
                except CaseError as exc:
                    refuse(k, exc.field or "", str(exc))
                    continue
            good.append(k)
            mine.append((when.toordinal(), tier, total, self_funded, class_b_copay, designated, emergency, patient,
                         exclusion))
        if mine:
            mine.sort(key=_day)  # date order; visits of one day in file order (a stable sort, as settle's)
            stretches.append((len(order), settler, pid, settler.person.category, good, first_line))
            order += range(n + len(kept), n + len(kept) + len(mine))
            kept += mine
    if not order:
        return
    columns = (days, tier_ids, fast.totals, fast.funded, fast.scopes, fast.specials)
    try:  # the kernel, columns in and out: the visits in date order, every person from a zero start
        if kept:
            for column, more in zip(columns, checked_columns(kept)):
                column.extend(more)
        rec, _after = kernel.run(stretches[0][1], (), None, order, (0, 0, 0, 0), year, frozenset(),
                                 columns=columns, persons=[(first, settler) for first, settler, *_ in stretches])
    except (CaseError, ArithmeticError, ValueError) as exc:  # never expected: the rows were checked
        for *_, pid, _category, good, _line in stretches:
            for k in good:
                res.refused.append(Refusal(claims.lines[k], pid, getattr(exc, "field", None) or "", str(exc)))
        return
    finally:
        for column in columns:  # the columns are the partition's, for the next step and rule file
            del column[n:]
    # the figures off each person's stretch of the record, a column at a time: its sums (running
    # sums), the accumulators after its last row (Record.states_after) and the limits the window's
    # totals show (Settler.limits_fen: of the version of the last visit with a rule), looked up
    # once per settler and version
    firsts = list(map(itemgetter(0), stretches))
    ends = firsts[1:] + [len(order)]
    lasts = list(map(sub, ends, repeat(1)))

    def per_person(column: list[int]) -> array:
        running = list(accumulate(column, initial=0))
        return array("q", map(sub, map(running.__getitem__, ends), map(running.__getitem__, firsts)))

    total, fund = per_person(rec.total), per_person(rec.fund)
    met, paid, counted = rec.states_after(lasts)
    res.person_id += map(itemgetter(2), stretches)
    res.category += map(itemgetter(3), stretches)
    res.visits += map(sub, ends, firsts)
    res.total += total
    res.policy_scope += per_person(rec.scope)
    res.deductible_met += array("q", met)
    res.fund += fund
    res.self_pay += array("q", map(sub, total, fund))
    res.first_line += map(itemgetter(5), stretches)
    settlers_of, last_versions = list(map(itemgetter(1), stretches)), list(map(rec.version.__getitem__, lasts))
    keys = list(zip(settlers_of, map(id, last_versions)))  # (settler, its last visit's version); versions don't hash
    limits = {key: settler.limits_fen([version], (0, 0, 0, 0))[:3]
              for key, (settler, version) in dict(zip(keys, zip(settlers_of, last_versions))).items()
              if version is not None}
    looked = list(map(limits.get, keys))
    for j in compress(range(len(keys)), map(is_, looked, repeat(None))):  # the last visit had no rule in force
        looked[j] = settlers_of[j].limits_fen(rec.version[firsts[j]:ends[j]], (0, 0, 0, 0))[:3]
    # nothing left of the limit: of the fund's payout, or of compliant cost (cap_basis: policy_scope)
    res.reached_cap += map(eq, map(_remaining, looked, paid, counted), repeat(0))
    for j, ((_version, _cap, annual_deductible), met_after) in enumerate(zip(looked, met)):
        if annual_deductible is not None:
            reached = met_after >= annual_deductible
        else:  # a per-visit deductible: some visit went beyond its deductible
            first, end = firsts[j], ends[j]
            reached = any(x is None and scope > applied for x, scope, applied in
                          zip(rec.excluded[first:end], rec.scope[first:end], rec.deductible[first:end]))
        res.reached_deductible.append(reached)
    for tier_id in res.fund_by_tier:
        res.fund_by_tier[tier_id] += sum(compress(rec.fund, map(tier_id.__eq__, rec.tier)))


def _remaining(limits: tuple, paid: int, counted: int) -> int | None:
    """What is left of a person's cap (None: no cap) from their limits ``(version, cap, annual deductible)``."""
    version, cap, _annual = limits
    return None if version is None else remaining_fen(version, cap, paid, counted)


def _day(row: tuple) -> int:
    return row[0]


def settle_partition(claims: Claims, regions: Sequence[RuleFile], year: int,
                     parameters: dict[str, Decimal] | None = None) -> list[PartitionResult]:
    """Settle every person of *claims* under each rule file of *regions* (one result per rule file).

    *claims* must hold all rows of each of its persons; rows in any order. Pure: the same input
    gives the same output, whatever else runs.
    """
    return settle_steps(claims, regions, year, parameters, step_rows=len(claims) + 1)


def _settle_groups(claims: Claims, cells: tuple, fast: _Columns, groups: Iterable[tuple[str, list[int]]],
                   regions: Sequence[RuleFile], year: int, parameters: dict[str, Decimal], settlers: dict,
                   out: Sequence[PartitionResult]) -> None:
    """The persons of *groups* (person id, their rows) read once and settled under each rule file,
    appended to *out* (one result per rule file)."""
    persons: list[tuple] = []  # (pid, visits read row by row or None, attributes, first line, rows)
    lines, odd = claims.lines, fast.odd
    for pid, rows in groups:
        if _PLAIN_FIRST and pid and len(pid) <= MAX_PERSON_ID and odd.isdisjoint(rows):
            attrs = fast.attributes(rows)
            if attrs is not None:
                persons.append((pid, None, attrs, lines[rows[0]], rows))
                continue
        read = _read_person(claims, cells, rows, pid, year, out)
        if read is not None:
            persons.append((*read, [k for k, _ in read[1]]))
    for region, res in zip(regions, out):
        _settle_in(region, res, claims, cells, fast, persons, year, parameters, settlers)


_PLAIN_FIRST = True  # False: every person read row by row (the tests compare the two ways)


def merge(parts: Sequence[PartitionResult]) -> PartitionResult:
    """The results of several partitions as one, persons in order of their first row in the file."""
    whole = PartitionResult()
    names = ("person_id", "category", "visits", "total", "policy_scope", "deductible_met", "fund", "self_pay",
             "reached_cap", "reached_deductible", "first_line")
    for p in parts:
        for name in names:
            getattr(whole, name).extend(getattr(p, name))
        for tier_id, amount in p.fund_by_tier.items():
            whole.fund_by_tier[tier_id] = whole.fund_by_tier.get(tier_id, 0) + amount
        whole.refused.extend(p.refused)
    lines = whole.first_line
    if any(a > b for a, b in zip(lines, lines[1:])):  # partitions not cut in file order (a share of each process)
        order = sorted(range(len(lines)), key=lines.__getitem__)
        for name in names:
            setattr(whole, name, _gathered(getattr(whole, name), order))
    whole.refused.sort(key=lambda r: r.line)
    return whole


def _gathered(column, order: list[int]):
    picked = itemgetter(*order)(column) if len(order) > 1 else [column[k] for k in order]  # in C
    return array(column.typecode, picked) if isinstance(column, array) else list(picked)


# --- the summary -----------------------------------------------------------------------

def summary(res: PartitionResult) -> dict:
    """The JSON block of the batch contract (money as two-decimal strings)."""
    return {
        "persons": len(res.person_id),
        "visits": sum(res.visits),
        "rows_refused": len(res.refused),
        "totals": {name: fmt(from_fen(sum(getattr(res, name))))
                   for name in ("total", "policy_scope", "fund", "self_pay")},
        "fund_by_tier": {k: fmt(from_fen(v)) for k, v in res.fund_by_tier.items()},
        "persons_at_cap": sum(res.reached_cap),
        "persons_deductible_met": sum(res.reached_deductible),
    }


def delta(base: dict, other: dict) -> dict:
    """*other* − *base*, block for block (money as signed two-decimal strings)."""
    def diff(a, b):
        if isinstance(a, dict):
            return {k: diff(a.get(k, "0.00"), b.get(k, "0.00")) for k in {**a, **b}}
        if isinstance(a, int):
            return b - a
        return fmt(Decimal(b) - Decimal(a))

    return {k: diff(base[k], other[k]) for k in base}


PERSONS_HEADER = ("person_id", "category", "visits", "total", "policy_scope", "deductible_met", "fund",
                  "self_pay", "reached_cap")


def persons_rows(base: PartitionResult, compare: PartitionResult | None = None) -> list[list[str]]:
    """Rows of the persons file: the header, then one row per person settled under the base rules."""
    head = list(PERSONS_HEADER) + (["fund_compare", "delta"] if compare is not None else [])
    other = dict(zip(compare.person_id, compare.fund)) if compare is not None else {}
    rows = [head]
    for j, pid in enumerate(base.person_id):
        row = [pid, base.category[j], str(base.visits[j]), *(fmt(from_fen(getattr(base, n)[j])) for n in
               ("total", "policy_scope", "deductible_met", "fund", "self_pay")),
               "true" if base.reached_cap[j] else "false"]
        if compare is not None:
            theirs = other.get(pid)
            row += ["", ""] if theirs is None else [fmt(from_fen(theirs)), fmt(from_fen(theirs - base.fund[j]))]
        rows.append(row)
    return rows


# --- running over the machine's cores ---------------------------------------------------

PARALLEL_FROM_ROWS = 20_000  # fewer rows are settled in this process (starting workers costs more)
PARALLEL_FROM_BYTES = 1_000_000  # the same for a CSV file not read yet (some 20,000 rows)
STEP_ROWS = 20_000  # persons are settled in steps of about this many rows, progress said after each
_worker_args: tuple = ()


def settle_steps(claims: Claims, regions: Sequence[RuleFile], year: int, parameters: dict[str, Decimal] | None = None,
                 step_rows: int = STEP_ROWS, done=None) -> list[PartitionResult]:
    """:func:`settle_partition` of *claims*, persons taken in steps of about *step_rows* rows;
    *done(rows)* after each step. The result is the same."""
    parameters = dict(parameters or {})
    out = [PartitionResult.of(r) for r in regions]
    settlers: dict = {}
    cells = _cells_of(claims)
    fast = _Columns(claims, year, cells[1])
    step: list[tuple[str, list[int]]] = []
    rows = 0
    groups = list(person_rows(claims).items())
    for j, group in enumerate(groups):
        step.append(group)
        rows += len(group[1])
        if rows >= step_rows or j == len(groups) - 1:
            _settle_groups(claims, cells, fast, step, regions, year, parameters, settlers, out)
            if done is not None:
                done(rows)
            step, rows = [], 0
    for res in out:
        res.refused.sort(key=lambda r: r.line)
    return out


@contextmanager
def _collector_paused():
    """Python's cycle collector paused: reading and settling a file makes millions of small lists
    and tuples (none in a cycle), over which it would otherwise run again and again — half the
    time of reading a large file."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def _init_worker(regions: Sequence[RuleFile], year: int, parameters: dict[str, Decimal], queue) -> None:
    global _worker_args
    _worker_args = (list(regions), year, parameters, queue)
    gc.disable()  # as _collector_paused, for the life of the worker


def _work(j: int, task: "Claims | tuple[ClaimsSource, int, int]") -> tuple[int, list[PartitionResult]]:
    """Task *j* in a worker process: a partition of claims already read, or a share of a CSV file
    read here; its rows settled in steps, each step's rows put on the progress queue."""
    regions, year, parameters, queue = _worker_args
    claims = task if isinstance(task, Claims) else read_share(*task)
    queue.put((j, "rows", len(claims)))
    result = settle_steps(claims, regions, year, parameters, done=lambda rows: queue.put((j, "done", rows)))
    return len(claims), result


def run_batch(claims: "Claims | ClaimsSource", regions: Sequence[RuleFile], year: int,
              parameters: dict[str, Decimal] | None = None, *, workers: int | None = None,
              progress=None) -> list[PartitionResult]:
    """The whole claims file settled: in this process for a small file, else over the machine's
    cores — each process reads its own share of persons from a CSV file (:func:`read_share`: the
    file is not read, cut and sent by this process first), or takes partitions of whole persons
    of claims already read. The result is the same either way (persons in order of their first
    row). *progress(done_rows, all_rows)* is called as steps finish. ClaimsFileError when a share
    of the file turns out unreadable (a bad CSV line)."""
    import os

    parameters = dict(parameters or {})
    workers = max(1, min(workers or os.cpu_count() or 1, 64))
    if isinstance(claims, ClaimsSource):
        small = claims.path.stat().st_size < PARALLEL_FROM_BYTES
    else:
        small = len(claims) < PARALLEL_FROM_ROWS
    if workers == 1 or small:
        with _collector_paused():
            whole = claims if isinstance(claims, Claims) else read_claims(claims)
        seen = [0]

        def done(rows: int) -> None:
            seen[0] += rows
            if progress is not None:
                progress(seen[0], len(whole))

        with _collector_paused():
            result = settle_steps(whole, regions, year, parameters, done=done)
        if progress is not None and not len(whole):
            progress(0, 0)
        return result
    import multiprocessing
    from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
    from queue import Empty

    if isinstance(claims, ClaimsSource):
        tasks: list = [(claims, k, workers) for k in range(workers)]
    else:
        tasks = partitions(claims, min(max(len(claims) // (workers * 8), 2_000), 50_000))
    context = multiprocessing.get_context()
    queue = context.Queue()
    sizes: dict[int, int] = {}
    done_rows = 0
    results: dict[int, tuple[int, list[PartitionResult]]] = {}

    def drain() -> None:
        nonlocal done_rows
        while True:
            try:
                j, kind, rows = queue.get_nowait()
            except Empty:
                return
            if kind == "rows":
                sizes[j] = rows
            else:
                done_rows += rows

    with ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_init_worker,
                             initargs=(list(regions), year, parameters, queue)) as pool:
        futures = {pool.submit(_work, j, task): j for j, task in enumerate(tasks)}
        pending = set(futures)
        while pending:
            finished, pending = wait(pending, timeout=0.1, return_when=FIRST_COMPLETED)
            drain()
            for future in finished:
                results[futures[future]] = future.result()  # a worker's ClaimsFileError is raised here
            if progress is not None and len(sizes) == len(tasks) and pending:
                progress(done_rows, sum(sizes.values()))
    total = sum(rows for rows, _ in results.values())
    if progress is not None:
        progress(total, total)
    return [merge([results[j][1][r] for j in range(len(tasks))]) for r in range(len(regions))]


# --- files out ----------------------------------------------------------------------------

def errors_rows(results: Sequence[PartitionResult]) -> list[list[str]]:
    """Rows of the errors file: each refused row with its line and reason, under which rule file."""
    rows = [["line", "person_id", "field", "reason", "rules"]]
    for label, res in zip(("base", "compare"), results):
        rows += [[str(r.line), r.person_id, r.field, r.reason, label] for r in res.refused]
    return rows


def write_rows(path: str | Path, rows: list[list[str]]) -> None:
    """A CSV file (UTF-8), written atomically; OSError when it cannot be."""
    import io

    from .case import write_atomic

    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    write_atomic(path, out.getvalue())


def rule_file_from(rules, region: str, directory: Path) -> RuleFile | None:
    """The rule file of *region* in *rules* when it was loaded from *directory* (a candidate folder)."""
    origin = rules.origins.get(region)
    if origin is None or Path(origin).resolve().parent != Path(directory).resolve():
        return None
    return rules.regions[region]
