"""Whether a region's rules are known to hold for a year (规则时效): the review dates in rule files.

A version whose ``reviewed`` date is before the case year, and which has no end date, may have
been changed by the region since: the estimate says so wherever its figures are shown (window
badge, slip, JSON ``totals.warnings``), in plain words.
"""
from __future__ import annotations

from datetime import date

from .rules.schema import RuleFile

NOT_REVIEWED = "rules_not_reviewed_for_year"  # the stable id in JSON ``totals.warnings``


def warnings(region: RuleFile, year: int) -> list[str]:
    """The stable ids of what the user should know before trusting *year*'s figures."""
    return [NOT_REVIEWED] if region.unreviewed_version(year) is not None else []


def warning_text(region: RuleFile, year: int, lang: str = "zh") -> str | None:
    """The freshness warning for *year* in *lang*, or None when the rules were reviewed for it."""
    version = region.unreviewed_version(year)
    if version is None:
        return None
    when = version.reviewed
    if when is None:
        return ("本地区规则未注明核对日期；所选年度可能已调整，请以当地医保部门公布为准" if lang != "en" else
                "These rules carry no review date: they may have changed for the chosen year; "
                "the local medical insurance office's published rules prevail")
    if lang == "en":
        return (f"This region's rules were last checked against official sources as of {when:%B %Y}; "
                f"they may have changed for {year}: the local medical insurance office's published rules prevail")
    return f"本地区规则最后核对于 {when.year} 年 {when.month} 月；所选年度可能已调整，请以当地医保部门公布为准"


def new_case_year(region: RuleFile | None, today: date) -> tuple[int, int | None]:
    """A new case's year: the current one if the region's rules were reviewed for it, else the last
    year they were reviewed for. The second value is that review year when it replaced the current
    year (the window says why), else None."""
    if region is None or region.unreviewed_version(today.year) is None:
        return today.year, None
    last = region.last_reviewed_year()
    if last is None or last >= today.year:
        return today.year, None  # never reviewed: the current year, with the badge saying so
    return last, last


def new_case_year_text(region: RuleFile, year: int, today: date, lang: str = "zh") -> str:
    """Why a new case starts in *year* rather than the current year."""
    if lang == "en":
        return (f"New case set to {year}: this region's rules were last checked for {year}, not for "
                f"{today.year}. Change the year if you are estimating {today.year}; the figures then carry "
                "a warning.")
    return (f"新案例年度设为 {year} 年：本地区规则最后核对于 {year} 年，尚未核对 {today.year} 年的规则。"
            f"如需测算 {today.year} 年请修改年度，结果将附提示。")


def review_line(region: RuleFile, today: date) -> str:
    """For ``check-rules``: each version's review date, and a flag when none is within 12 months."""
    dates = [v.reviewed for v in region.versions if v.reviewed is not None]
    shown = ", ".join(f"{v.id} {v.reviewed or 'never'}" for v in region.versions)
    latest = max(dates) if dates else None
    stale = latest is None or (today.year - latest.year) * 12 + today.month - latest.month > 12
    return f"reviewed: {shown}" + ("  (not reviewed in the last 12 months)" if stale else "")
