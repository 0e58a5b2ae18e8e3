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

from app.core.case import Case, Person
from app.core.engine import CaseError, settle
from app.core.messages import category_label
from app.core.money import MoneyError, fmt_grouped, parse_amount, parse_number
from app.core.report import estimate_to_dict
from app.core.rules.examples import run_examples
from app.core.rules.loader import RuleFileError, RuleSet, load_rule_file, load_rules, rule_files_in
from app.core.visits_csv import VisitsFileError, parse_date, read_visits

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
    est.add_argument("--format", choices=("json", "table"), default="json")
    est.add_argument("--lang", choices=("zh", "en"), default="zh", help="language of notes and the table")
    _add_rules_dir(est)
    est.add_argument("visits", help="visits CSV (DOMAIN.md format)")

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
                    pooling_only=args.pooling_only)
    try:
        rows = read_visits(args.visits)
    except VisitsFileError as exc:
        raise BadInput(str(exc)) from None
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
        flag = {"birth_date": "--birth-date", "region": "--region"}.get(exc.field or "", f"--set {exc.field}")
        raise BadInput(f"{flag}: {exc}") from None
    result = estimate_to_dict(est, lang=args.lang, lines={i: r.line for i, r in enumerate(rows)})
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
    if bad_files:
        return EXIT_BAD_INPUT
    return 1 if failed else 0


def main(argv: Sequence[str] | None = None) -> int:
    try:
        args = build_parser().parse_args(argv)
        return {"estimate": cmd_estimate, "regions": cmd_regions, "check-rules": cmd_check_rules}[args.command](args)
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
