"""Command line: ``python -m app.cli estimate | regions | check-rules``.

Bad input exits with status 2 and one line on stderr naming file, line and field.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
import unicodedata
from dataclasses import replace
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import NoReturn, Sequence

from app.core import freshness
from app.core.case import Case, Person
from app.core.engine import CaseError, settle
from app.core.messages import category_label
from app.core.money import MoneyError, fmt_grouped, parse_amount, parse_number
from app.core.report import estimate_to_dict
from app.core.rules.examples import run_examples
from app.core.rules.loader import RuleFileError, RuleSet, load_rule_file, load_rules, rule_files_in
from app.core.exchange import read_visits_file
from app.core.reconcile import Actual, reconcile
from app.core.visits_csv import VisitsFileError, parse_date

EXIT_BAD_INPUT = 2


class BadInput(Exception):
    """One line for stderr; exit status 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # one line, status 2, no usage dump
        raise BadInput(f"{self.prog}: {message} (see --help)")


def _add_rules_dir(p: argparse.ArgumentParser) -> None:
    p.add_argument("--rules-dir", action="append", default=[], metavar="DIR",
                   help="also load the rule files in DIR (repeatable; a region found again replaces the bundled one)")


def build_parser() -> argparse.ArgumentParser:
    # `mzcalc`: the pip entry point, or the bundle's second program (build.spec)
    prog = "mzcalc" if Path(sys.argv[0]).stem == "mzcalc" else "python -m app.cli"
    parser = _Parser(prog=prog, description="Outpatient pooling (门诊统筹) reimbursement estimator")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    est = sub.add_parser("estimate", help="settle a year of visits from a CSV file")
    est.add_argument("--region", required=True)
    est.add_argument("--year", required=True)
    est.add_argument("--category", required=True, help="employed or retired")
    est.add_argument("--birth-date", help="YYYY-MM-DD, where ratios depend on age")
    est.add_argument("--set", action="append", default=[], metavar="NAME=VALUE", help="a region parameter")
    est.add_argument("--contribution-base", metavar="YUAN",
                     help="monthly contribution base (缴费基数) of an employed person, for the personal account")
    est.add_argument("--opening-balance", metavar="YUAN", default="0",
                     help="personal account balance on 1 January (default 0)")
    est.add_argument("--pooling-only", action="store_true",
                     help="insured for pooling only (单建统筹): no personal account, the patient share is cash")
    est.add_argument("--carry", action="append", default=[], metavar="NAME=AMOUNT",
                     help="carry-in (此前已累计) from the insurance record, before the first visit of the file: "
                          "deductible_met, fund_paid, above_deductible, policy_scope (compliant cost counted toward a "
                          "limit on it) (repeatable; the names the region uses)")
    est.add_argument("--format", choices=("json", "table"), default="json")
    est.add_argument("--lang", choices=("zh", "en"), default="zh", help="language of notes and the table")
    _add_rules_dir(est)
    est.add_argument("visits", help="visits: the visits CSV (date,tier,total,…), the window's export (CSV/XLSX) or settlement "
                                    "records (the platform's field names or the slip's labels, plus a tier column)")

    bat = sub.add_parser("batch", help="settle a claims file of many persons and sum it up (JSON)")
    bat.add_argument("--region", required=True)
    bat.add_argument("--year", required=True)
    bat.add_argument("--set", action="append", default=[], metavar="NAME=VALUE",
                     help="a region parameter, the same for every person")
    bat.add_argument("--out", metavar="PERSONS.csv", help="write one row per person")
    bat.add_argument("--errors", metavar="ERRORS.csv", help="write each refused row with its line and reason")
    bat.add_argument("--compare-rules-dir", metavar="DIR",
                     help="also settle under the rule file for the region in DIR: adds compare and delta")
    bat.add_argument("--workers", metavar="N", help="processes for a large file (default: the CPU count)")
    _add_rules_dir(bat)
    bat.add_argument("claims", help="claims CSV or XLSX: person_id, category, … and the visit columns")

    reg = sub.add_parser("regions", help="list regions, tiers and rule versions")
    reg.add_argument("--lang", choices=("zh", "en"), default="zh")
    _add_rules_dir(reg)

    chk = sub.add_parser("check-rules", help="validate rule files and run their example cases")
    chk.add_argument("directory", nargs="?", help="a folder of rule files (default: bundled rules and --rules-dir)")
    _add_rules_dir(chk)
    return parser


# --- helpers -------------------------------------------------------------------------

def _region(rules: RuleSet, region_id: str):
    rf = rules.regions.get(region_id)
    if rf is not None:
        return rf
    known = ", ".join(sorted(rules.regions)) or "none"
    msg = f"--region: unknown region {region_id!r} (regions: {known})"
    if rules.errors:
        msg += "; rule files that failed to load: " + "; ".join(str(e) for e in rules.errors)
    raise BadInput(msg)


def _parameters(pairs: Sequence[str]) -> dict[str, Decimal]:
    out: dict[str, Decimal] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise BadInput(f"--set: expected NAME=VALUE, got {pair!r}")
        try:
            number = parse_number(value, field=f"--set {name.strip()}")
        except MoneyError as exc:
            raise BadInput(str(exc)) from None
        out[name.strip()] = number
    return out


def _carry(pairs: Sequence[str], region) -> dict[str, Decimal]:
    """``--carry NAME=AMOUNT`` options: known names the region uses, each once, amounts in yuan."""
    from app.core.case import CARRY_NAMES

    out: dict[str, Decimal] = {}
    used = region.carry_names()
    for pair in pairs:
        name, sep, value = pair.partition("=")
        name = name.strip()
        if not sep or not name:
            raise BadInput(f"--carry: expected NAME=AMOUNT, got {pair!r}")
        if name not in CARRY_NAMES:
            raise BadInput(f"--carry: unknown name {name!r} (names: {', '.join(CARRY_NAMES)})")
        if name not in used:
            raise BadInput(f"--carry: region {region.region} does not use {name} (it uses: {', '.join(used)})")
        if name in out:
            raise BadInput(f"--carry: {name} is given twice")
        out[name] = _amount(value, f"--carry {name}")
    return out


def _amount(text: str | None, flag: str) -> Decimal | None:
    if text is None:
        return None
    try:
        return parse_amount(text, field=flag)
    except MoneyError as exc:
        raise BadInput(str(exc)) from None


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int, right: bool) -> str:
    space = " " * max(width - _width(text), 0)
    return space + text if right else text + space


def format_table(rows: list[list[str]], numeric: set[int]) -> str:
    widths = [max(_width(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = []
    for n, row in enumerate(rows):
        lines.append("  ".join(_pad(cell, widths[i], i in numeric and n > 0) for i, cell in enumerate(row)).rstrip())
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


# --- commands ------------------------------------------------------------------------

def _user_rule_errors(rules: RuleSet) -> list[RuleFileError]:
    """Errors of the rule files the user named with --rules-dir (not of the bundled folder)."""
    from app.paths import rules_dir

    bundled = rules_dir().resolve()
    return [e for e in rules.errors if bundled not in (Path(e.path).resolve(), Path(e.path).resolve().parent)]


def _may_define(error: RuleFileError, region: str) -> bool:
    """Whether the broken rule file of *error* may be the file of *region* (by its name or a ``region:`` key)."""
    path = Path(error.path)
    if path.stem == region or not path.is_file():
        return True
    try:
        with open(path, "rb") as fh:
            head = fh.read(2_000_000).decode("utf-8", "replace")
    except OSError:
        return True
    return re.search(rf"\bregion\s*:\s*[\"']?{re.escape(region)}\b", head) is not None


def cmd_estimate(args: argparse.Namespace) -> int:
    rules = load_rules(args.rules_dir)
    broken = _user_rule_errors(rules)
    mine = [e for e in broken if _may_define(e, args.region)]
    if mine:  # never fall back silently to the bundled rules when the user's own file is broken
        more = f" (and {len(mine) - 1} more broken rule file(s))" if len(mine) > 1 else ""
        raise BadInput(f"{mine[0]}{more}")
    rf = _region(rules, args.region)
    for err in broken:  # another region's file: it does not stop this estimate, but it is said
        print(f"warning: rule file not loaded: {err}", file=sys.stderr)
    try:
        year = int(args.year)
    except ValueError:
        raise BadInput(f"--year: not a year: {args.year!r}") from None
    if not 1990 <= year <= 2100:
        raise BadInput(f"--year: {year} is out of range 1990–2100")
    if args.category not in ("employed", "retired"):
        raise BadInput(f"--category: expected employed or retired, got {args.category!r}")
    birth = None
    if args.birth_date:
        try:
            birth = parse_date(args.birth_date, "--birth-date")
        except ValueError as exc:
            raise BadInput(str(exc)) from None
    person = Person(region=rf.region, year=year, category=args.category, birth_date=birth,
                    parameters=_parameters(args.set),
                    contribution_base=_amount(args.contribution_base, "--contribution-base"),
                    opening_balance=_amount(args.opening_balance, "--opening-balance") or Decimal(0),
                    pooling_only=args.pooling_only, carry=_carry(args.carry, rf))
    try:  # DOMAIN.md's CSV, the window's export (CSV/XLSX) or a settlement record: one reader
        rows, actual, ignored = read_visits_file(args.visits, rf, year)
    except VisitsFileError as exc:
        raise BadInput(str(exc)) from None
    if ignored:  # said, never dropped silently
        print(f"warning: {args.visits}: columns not read: {', '.join(ignored)}", file=sys.stderr)
    # a tier may be written by its id, its label or an alias the rule file declares (三级, 三甲, 一类 …)
    rows = [replace(r, visit=r.visit.model_copy(update={"tier": rf.resolve_tier(r.visit.tier)}))
            if rf.resolve_tier(r.visit.tier) not in (None, r.visit.tier) else r for r in rows]
    for row in rows:
        if row.visit.date.year != year:
            raise BadInput(f"{args.visits}:{row.line}: date: visit on {row.visit.date} is outside the year {year}")
    case = Case(person=person, visits=tuple(r.visit for r in rows))
    try:
        est = settle(case, rf)
    except CaseError as exc:
        if exc.visit is not None:
            raise BadInput(f"{args.visits}:{rows[exc.visit].line}: {exc.field}: {exc}") from None
        flag = {"birth_date": "--birth-date", "region": "--region", "carry": "--carry"}.get(exc.field or "", f"--set {exc.field}")
        raise BadInput(f"{flag}: {exc}") from None
    actuals = {i: Actual.of(actual[r.line]) for i, r in enumerate(rows) if r.line in actual}
    result = estimate_to_dict(est, lang=args.lang, lines={i: r.line for i, r in enumerate(rows)},
                              reconciliation=reconcile(est, actuals) if actuals else None)
    if args.format == "json":
        print(json.dumps(result, ensure_ascii=False, indent=2))
    else:
        print(_estimate_table(result, rf, args.lang))
    return 0


def _estimate_table(result: dict, rf, lang: str) -> str:
    en = lang == "en"
    head = (["Date", "Tier", "Total", "Policy scope", "Deductible", "Fund", "Patient", "Notes"] if en
            else ["日期", "等级", "总费用", "政策范围内", "起付", "统筹支付", "个人负担", "说明"])
    tier_label = {t.id: t.label.get(lang) for t in rf.tiers}
    rows = [head]
    for v in result["visits"]:
        rows.append([v["date"], tier_label.get(v["tier"], v["tier"]),
                     *(fmt_grouped(Decimal(v[k])) for k in ("total", "policy_scope", "deductible", "fund", "self_pay")),
                     "; ".join(v["notes"])])
    t = result["totals"]
    rows.append(["Total" if en else "合计", "", *(fmt_grouped(Decimal(t[k])) for k in
                 ("total", "policy_scope", "deductible_met", "fund", "self_pay")), ""])
    out = [f"{rf.name.get(lang)}  {result['year']}  {category_label(result['category'], lang)}"]
    if rf.verification == "bounds":
        out.append("!! " + ("Estimated from provincial bounds; the city's own rules prevail" if en else
                            "按省级指导意见的上下限估算，以所在城市的规则为准"))
    elif not rf.verified:
        out.append("!! " + (rf.verification_note.get(lang) if rf.verification_note else
                            ("unverified rules" if en else "规则未经核实")))
    out.extend("!! " + w for w in t["warning_texts"])  # the rules may be out of date for this year
    out.append(format_table(rows, numeric={2, 3, 4, 5, 6}))
    cap = t["annual_cap"]
    if cap is not None:
        out.append(("Annual cap {cap}, remaining {left}" if en else "年度限额 {cap}，剩余额度 {left}").format(
            cap=fmt_grouped(Decimal(cap)), left=fmt_grouped(Decimal(t["remaining_allowance"]))))
    else:
        out.append("No annual cap" if en else "未设年度限额")
    by_tier = ", ".join(f"{tier_label[k]} {fmt_grouped(Decimal(v))}" for k, v in t["fund_by_tier"].items())
    out.append(("Fund by tier: " if en else "分等级统筹支付：") + by_tier)
    if t["account_credit"] is not None:
        out.append(("Personal account: credited {c}, paid {p}, balance {b}; cash out of pocket {x}" if en else
                    "个人账户：本年划入 {c}，支付 {p}，年末余额 {b}；现金支付 {x}").format(
            c=fmt_grouped(Decimal(t["account_credit"])), p=fmt_grouped(Decimal(t["account_paid"])),
            b=fmt_grouped(Decimal(t["account_balance"])), x=fmt_grouped(Decimal(t["cash_paid"]))))
    elif result["account"] and result["account"]["missing"] and not result["account"]["unknown_months"]:
        out.append(("Personal account: needs " if en else "个人账户：需要 ") + ", ".join(result["account"]["missing"]))
    for note in result["account"]["notes"] if result["account"] else ():
        out.append(("Personal account: " if en else "个人账户：") + note)
    out.extend("* " + n for n in t["notes"])
    out.extend("* " + n for n in t["assumption_texts"])
    return "\n".join(out)


def cmd_regions(args: argparse.Namespace) -> int:
    rules = load_rules(args.rules_dir)
    today = date.today()
    for rid, rf in sorted(rules.regions.items()):
        flag = {"verified": "verified", "unverified": "UNVERIFIED", "bounds": "BOUNDS"}[rf.verification]
        print(f"{rid}\t{rf.name.get(args.lang)}\t{flag}\t{rules.origins[rid]}")
        print("  tiers: " + ", ".join(f"{t.id} ({t.label.get(args.lang)})" for t in rf.tiers))
        for v in rf.versions:
            now = " (in force today)" if v.in_force(today) else ""
            print(f"  version {v.id}: {v.effective_from} – {v.effective_to or 'open'}{now}")
        if rf.parameters:
            print("  parameters: " + ", ".join(f"{p.id} ({p.unit})" for p in rf.parameters))
    for err in rules.errors:
        print(f"error: {err}", file=sys.stderr)
    return EXIT_BAD_INPUT if rules.errors else 0


def cmd_check_rules(args: argparse.Namespace) -> int:
    if args.directory:
        directory = Path(args.directory)
        if not directory.is_dir():
            raise BadInput(f"{directory}: not a directory of rule files")
        paths = rule_files_in(directory)
        for extra in args.rules_dir:
            paths += rule_files_in(Path(extra))
    else:
        from app.paths import rules_dir
        paths = rule_files_in(rules_dir()) + [p for d in args.rules_dir for p in rule_files_in(Path(d))]
    if not paths:
        raise BadInput("check-rules: no .yaml rule files found")
    bad_files = failed = 0
    for path in paths:
        try:
            rf = load_rule_file(path)
        except RuleFileError as exc:
            print(f"FAIL {exc}", file=sys.stderr)
            bad_files += 1
            continue
        problems = run_examples(rf)
        if problems:
            failed += 1
            for p in problems:
                print(f"FAIL {path}: {p}", file=sys.stderr)
        else:
            print(f"ok   {path}: {rf.region}, {len(rf.examples)} example cases pass"
                  + {"verified": "", "unverified": " (rules marked unverified)",
                     "bounds": " (estimated from provincial bounds)"}[rf.verification])
        for a in rf.assumptions:  # the judgement calls where the texts are silent, said every time
            print(f"     assumption {a.id} ({a.applies_to}): {a.text.en} — why: {a.reason.en}")
        print(f"     {freshness.review_line(rf, date.today())}")
    if bad_files:
        return EXIT_BAD_INPUT
    return 1 if failed else 0


def _batch_rules(rules_dirs: Sequence[str], region: str, flag: str):
    """The rule file of *region* loaded with *rules_dirs*; a broken file of the user's that may define it is refused."""
    rules = load_rules(rules_dirs)
    mine = [e for e in _user_rule_errors(rules) if _may_define(e, region)]
    if mine:
        raise BadInput(f"{flag}: {mine[0]}")
    return rules, _region(rules, region)


def _write_csv(path: str, rows: list[list[str]], flag: str) -> None:
    from app.core.batch import write_rows

    try:
        write_rows(path, rows)
    except (OSError, ValueError) as exc:
        raise BadInput(f"{flag}: cannot write {path}: {getattr(exc, 'strerror', None) or exc}") from None


def _progress_bar():
    """A bar on stderr when stderr is a terminal; None otherwise."""
    if not sys.stderr.isatty():
        return None

    def show(done: int, total: int) -> None:
        width = 30
        filled = width * done // max(total, 1)
        end = "\n" if done >= total else ""
        print(f"\r[{'#' * filled}{'.' * (width - filled)}] {done:,}/{total:,} rows", end=end, file=sys.stderr, flush=True)

    return show


def cmd_batch(args: argparse.Namespace) -> int:
    """``batch``: every person of a claims file settled with the engine; one JSON summary on stdout."""
    from app.core import batch

    year = _year(args.year)
    workers = None
    if args.workers is not None:
        if not re.fullmatch(r"[0-9]{1,2}", args.workers) or not 1 <= int(args.workers) <= 64:
            raise BadInput(f"--workers: expected a number from 1 to 64, got {args.workers[:24]!r}")
        workers = int(args.workers)
    parameters = _parameters(args.set)
    _rules, rf = _batch_rules(args.rules_dir, args.region, "--rules-dir")
    regions = [rf]
    if args.compare_rules_dir is not None:
        directory = Path(args.compare_rules_dir)
        if not directory.is_dir():
            raise BadInput(f"--compare-rules-dir: {directory}: not a directory of rule files")
        compare_rules, _other = _batch_rules([*args.rules_dir, directory], args.region, "--compare-rules-dir")
        other = batch.rule_file_from(compare_rules, args.region, directory)
        if other is None:
            raise BadInput(f"--compare-rules-dir: {directory} has no rule file for region {args.region!r}")
        regions.append(other)
    for name in parameters:  # the same check the engine makes per person, once here as a bad option
        if all(name not in {p.id for p in r.parameters} for r in regions):
            raise BadInput(f"--set: region {args.region} has no parameter {name!r}")
    outputs = [(flag, Path(path).resolve()) for flag, path in (("--out", args.out), ("--errors", args.errors)) if path]
    for k, (flag, path) in enumerate(outputs):  # never write over the claims file, nor both files to one path
        if path == Path(args.claims).resolve() or any(path == other for _, other in outputs[:k]):
            raise BadInput(f"{flag}: {path} is already the claims file or another output")
    try:  # all or nothing: a bad line anywhere stops the batch before any output is written
        claims = batch.open_claims(args.claims)
        results = batch.run_batch(claims, regions, year, parameters, workers=workers, progress=_progress_bar())
    except batch.ClaimsFileError as exc:
        raise BadInput(str(exc)) from None
    base = batch.summary(results[0])
    out: dict = {**base}
    if len(results) > 1:
        out["compare"] = batch.summary(results[1])
        out["delta"] = batch.delta(base, out["compare"])
    out["region"] = rf.region
    out["year"] = year
    out["notes"] = list(batch.NOTES)
    if args.out:
        _write_csv(args.out, batch.persons_rows(results[0], results[1] if len(results) > 1 else None), "--out")
    if args.errors:
        _write_csv(args.errors, batch.errors_rows(results), "--errors")
    print(json.dumps(out, ensure_ascii=False, indent=2))
    return 0


def _year(text: str) -> int:
    try:
        year = int(text)
    except ValueError:
        raise BadInput(f"--year: not a year: {text[:24]!r}") from None
    if not 1990 <= year <= 2100:
        raise BadInput(f"--year: {year} is out of range 1990–2100")
    return year


def main(argv: Sequence[str] | None = None) -> int:
    try:
        args = build_parser().parse_args(argv)
        return {"estimate": cmd_estimate, "regions": cmd_regions, "check-rules": cmd_check_rules,
                "batch": cmd_batch}[args.command](args)
    except BadInput as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except (RuleFileError, VisitsFileError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except BrokenPipeError:  # e.g. piped into head
        return 0


if __name__ == "__main__":
    sys.exit(main())
