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


def test_a_new_case_starts_in_the_current_year_only_if_the_rules_were_reviewed_for_it(ruleset):
    tongliao = ruleset.regions["tongliao"]  # one open-ended version, reviewed: 2022-10-01
    # reviewed for 2022: a new case on 2022-11-29 is a 2022 case, nothing to say
    assert freshness.new_case_year(tongliao, date(2022, 11, 29)) == (2022, None)
    # on 2026-11-29 the rules were last reviewed for 2022: the case starts in 2022, and says why
    assert freshness.new_case_year(tongliao, date(2026, 11, 29)) == (2022, 2022)
    text = freshness.new_case_year_text(tongliao, 2022, date(2026, 11, 29))
    assert "2022" in text and "2026" in text and "核对" in text
    jiangxi = ruleset.regions["jiangxi"]  # jiangxi-2023 from 2023-01-01, reviewed 2023-01-01
    assert freshness.new_case_year(jiangxi, date(2025, 3, 1)) == (2023, 2023)
    # before the rules take effect there is nothing to be stale: the current year
    assert freshness.new_case_year(jiangxi, date(2021, 3, 1)) == (2021, None)
    assert freshness.new_case_year(None, date(2026, 1, 1)) == (2026, None)
