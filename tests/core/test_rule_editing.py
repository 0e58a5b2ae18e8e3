"""The rule editor's core (app/core/rules/editing.py): plain data ↔ YAML ↔ the loader, sources, import."""
from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from app.core.rules import editing
from app.core.rules.loader import RuleFileError, load_rule_file, load_rules

KINDS = Path(__file__).resolve().parent / "rule_kinds"
BUNDLED = load_rules()


@pytest.mark.parametrize("region", sorted(BUNDLED.regions))
def test_every_bundled_file_round_trips_through_the_editor(region, tmp_path):
    rf = BUNDLED.regions[region]
    path = tmp_path / f"{region}.yaml"
    saved = editing.save_rule_file(editing.plain_of(rf), path)
    assert load_rule_file(path) == rf == saved
    # written again from what was read: the same text (stable key order)
    assert editing.dump_yaml(editing.plain_of(load_rule_file(path))) == path.read_text(encoding="utf-8")


@pytest.mark.parametrize("name", ["yangzhou", "scope_limit", "fund_bands"])
def test_rule_kind_fixtures_round_trip(name, tmp_path):
    rf = load_rule_file(KINDS / f"{name}.yaml")
    assert editing.save_rule_file(editing.plain_of(rf), tmp_path / "x.yaml") == rf


def test_keys_the_file_did_not_write_stay_unwritten():
    """Jiangsu writes ``carry`` and ``reviewed``, Yangzhou neither: the plain data keeps exactly that."""
    js = editing.plain_of(BUNDLED.regions["jiangsu"])
    yz = editing.plain_of(load_rule_file(KINDS / "yangzhou.yaml"))
    assert js["carry"] == ["deductible_met", "fund_paid"] and "carry" not in yz
    assert js["versions"][0]["reviewed"].isoformat() == "2023-01-01" and "reviewed" not in yz["versions"][0]
    assert "band_basis" not in yz["versions"][0] and yz["versions"][0]["cap_basis"] == "fund_paid"
    assert js["verified"] == "bounds" and yz["verified"] is False


def test_a_number_without_a_source_is_saved_unverified(tmp_path):
    data = editing.plain_of(load_rule_file(KINDS / "yangzhou.yaml"))
    data["verified"] = True
    assert editing.status_of(data) == "verified"
    data["versions"][0]["annual_cap"][0]["source"] = {"doc": "", "article": ""}
    assert editing.unsourced_places(data) == [("versions", 0, "annual_cap", 0)]
    assert editing.status_of(data) == "unverified"
    rf = editing.save_rule_file(data, tmp_path / "yangzhou.yaml")
    assert rf.verification == "unverified"
    assert rf.versions[0].annual_cap[0].source.doc == editing.UNSOURCED
    assert editing.UNSOURCED in rf.documents
    text = (tmp_path / "yangzhou.yaml").read_text(encoding="utf-8")
    assert "verified: false" in text and editing.UNSOURCED_ARTICLE in text
    # read back, the number is still one without a source; given one, the placeholder document goes
    again = editing.plain_of(load_rule_file(tmp_path / "yangzhou.yaml"))
    assert editing.unsourced_places(again) == [("versions", 0, "annual_cap", 0)]
    again["versions"][0]["annual_cap"][0]["source"] = {"doc": "examples", "article": "年度最高支付限额8000元"}
    assert editing.UNSOURCED not in editing.finalize(again)["documents"]


def test_check_gives_the_loaders_error_with_its_field_and_writes_nothing(tmp_path):
    data = editing.plain_of(load_rule_file(KINDS / "yangzhou.yaml"))
    data["versions"][0]["ratios"][0]["ratio"] = Decimal("1.5")
    result = editing.check(data)
    assert not result.ok and result.error.field == "versions[0].ratios[0].ratio"
    assert "ratio 1.5 is not between 0 and 1" in result.error.message
    with pytest.raises(RuleFileError):
        editing.save_rule_file(data, tmp_path / "bad.yaml")
    assert not (tmp_path / "bad.yaml").exists()


def test_examples_run_live_on_the_data():
    """Yangzhou's published employed example: (1500 − 600) × 65 % = 585.00; with the ratio typed as
    0.60 instead the fund is (1500 − 600) × 60 % = 540.00 and the example fails, saying so."""
    data = editing.plain_of(load_rule_file(KINDS / "yangzhou.yaml"))
    assert editing.check(data).examples == [[], []]
    data["versions"][0]["ratios"][0]["ratio"] = Decimal("0.60")
    problems = editing.check(data).examples[0]
    assert "example 'employed, level 2, published example': totals.fund is 540.00, expected 585.00" in problems


def test_import_is_all_or_nothing_and_refuses_a_bundled_id(tmp_path):
    user = tmp_path / "user"
    broken = tmp_path / "broken.yaml"
    broken.write_text((KINDS / "yangzhou.yaml").read_text(encoding="utf-8").replace("amount: 8000", "amount: -8000"),
                      encoding="utf-8")
    with pytest.raises(RuleFileError, match="annual cap -8000 is negative"):
        editing.import_rule_file(broken, user, set(BUNDLED.regions))
    assert not user.exists() or list(user.iterdir()) == []
    with pytest.raises(editing.ImportRefused):
        editing.import_rule_file(BUNDLED.origins["jiangsu"], user, set(BUNDLED.regions))
    rf, path = editing.import_rule_file(KINDS / "yangzhou.yaml", user, set(BUNDLED.regions))
    assert path == user / "yangzhou.yaml" and rf.region == "yangzhou"
    assert path.read_text(encoding="utf-8") == (KINDS / "yangzhou.yaml").read_text(encoding="utf-8")


def test_import_over_a_users_file_of_the_same_region_replaces_that_file(tmp_path):
    user = tmp_path / "user"
    user.mkdir()
    mine = user / "my-city.yaml"
    mine.write_text("region: yangzhou  # an older copy\n", encoding="utf-8")
    rf, path = editing.import_rule_file(KINDS / "yangzhou.yaml", user, set(BUNDLED.regions), {"yangzhou": mine})
    assert path == mine and sorted(p.name for p in user.iterdir()) == ["my-city.yaml"]
    assert load_rule_file(mine) == rf


def test_a_new_version_copies_the_shown_one_and_ends_the_open_one_the_day_before():
    """Tongliao: one version from 2022-10-01, open. Offered start: 1 January of 2022 + 1 = 2023-01-01;
    the earliest allowed: 2022-10-01 + 1 day = 2022-10-02. From 2024-01-01 the old one ends 2023-12-31."""
    from datetime import date

    data = editing.plain_of(BUNDLED.regions["tongliao"])
    assert editing.default_new_start(data) == date(2023, 1, 1)
    assert editing.earliest_new_start(data) == date(2022, 10, 2)
    with pytest.raises(ValueError):
        editing.add_version(data, 0, date(2022, 10, 1))
    made = editing.add_version(data, 0, date(2024, 1, 1))
    old, new = data["versions"]
    assert (made.index, made.ended_index, made.ended_id, made.ended_on) == (1, 0, "tongliao-2022-10", date(2023, 12, 31))
    assert old["effective_to"] == date(2023, 12, 31) and "reviewed" in old
    assert (new["id"], new["effective_from"], new["effective_to"]) == ("tongliao-2024", date(2024, 1, 1), None)
    assert "reviewed" not in new and new["ratios"] == old["ratios"] and new["source"] == old["source"]
    # the next one is offered from 2025-01-01 and ends the 2024 version; a second 2025 id gets the month
    assert editing.default_new_start(data) == date(2025, 1, 1)
    data["versions"][1]["id"] = "tongliao-2025"
    made = editing.add_version(data, 1, date(2025, 7, 1))
    assert made.ended_id == "tongliao-2025" and made.ended_on == date(2025, 6, 30)
    assert data["versions"][2]["id"] == "tongliao-2025-07"
    assert editing.check(data).ok
