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


def review_line(region: RuleFile, today: date) -> str:
    """For ``check-rules``: each version's review date, and a flag when none is within 12 months."""
    dates = [v.reviewed for v in region.versions if v.reviewed is not None]
    shown = ", ".join(f"{v.id} {v.reviewed or 'never'}" for v in region.versions)
    latest = max(dates) if dates else None
    stale = latest is None or (today.year - latest.year) * 12 + today.month - latest.month > 12
    return f"reviewed: {shown}" + ("  (not reviewed in the last 12 months)" if stale else "")
