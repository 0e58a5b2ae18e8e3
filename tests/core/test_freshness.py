"""The review dates of rule files (rules/*.yaml ``reviewed:``) and what they make the estimate say."""
from __future__ import annotations

from datetime import date

from app.core import freshness


def test_an_open_ended_version_reviewed_before_the_year_warns(ruleset):
    tongliao = ruleset.regions["tongliao"]  # reviewed 2022-10-01, open-ended
    assert freshness.warnings(tongliao, 2022) == []
    assert freshness.warnings(tongliao, 2023) == ["rules_not_reviewed_for_year"]
    assert freshness.warning_text(tongliao, 2026, "en").startswith(
        "This region's rules were last checked against official sources as of October 2022")
    assert freshness.warning_text(tongliao, 2022) is None
    jiangxi = ruleset.regions["jiangxi"]  # reviewed 2023-01-01
    assert freshness.warnings(jiangxi, 2023) == [] and freshness.warnings(jiangxi, 2024) != []
    assert freshness.warnings(jiangxi, 2022) == []  # no rule in force at all: nothing to be stale


def test_review_line_flags_a_review_older_than_12_months(ruleset):
    jiangxi = ruleset.regions["jiangxi"]
    assert freshness.review_line(jiangxi, date(2023, 12, 31)) == "reviewed: jiangxi-2023 2023-01-01"
    assert freshness.review_line(jiangxi, date(2024, 2, 1)).endswith("(not reviewed in the last 12 months)")
