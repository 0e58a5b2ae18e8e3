"""The person on the case and the slip (issue 12 §1, §2): ID masking, the case file's optional keys,
suggested file names, and the carried lines of the slip."""
from __future__ import annotations

import json

import pytest

from app.core.slip import build_slip, mask_id
from app.core.worksheet import PersonFields, Row, Worksheet, suggested_stem, worksheet_from_json, worksheet_to_json


@pytest.mark.parametrize("raw, shown", [
    ("320102199001011234", "320102********1234"),  # 18 characters: 6 + 8 × * + 4
    ("32010219900101123X", "320102********123X"),
    ("12345678901", "123456*8901"),  # 11: 6 + 1 + 4
    ("E1234567", "****4567"),  # 10 or fewer: the last 4 only (an assumption)
    ("1234", "****"),
    ("", ""),
])
def test_mask_id(raw, shown):
    assert mask_id(raw) == shown


def test_case_file_keeps_name_id_and_carry_and_older_files_open():
    ws = Worksheet(PersonFields("tongliao", 2023, name="李四", id_number="320102199001011234",
                                carry={"deductible_met": "800"}), [Row("2023-03-01", "level2", "500")])
    text = worksheet_to_json(ws)
    back = worksheet_from_json(text)
    assert (back.person.name, back.person.id_number, back.person.carry) == (
        "李四", "320102199001011234", {"deductible_met": "800"})
    older = json.loads(text)
    for key in ("name", "id_number", "carry"):
        del older["person"][key]
    old = worksheet_from_json(json.dumps(older))
    assert (old.person.name, old.person.id_number, old.person.carry) == ("", "", {})
    # an empty case writes none of the new keys: the same file as before
    assert not {"name", "id_number", "carry"} & set(json.loads(worksheet_to_json(Worksheet(
        PersonFields("tongliao", 2023))))["person"])


def test_a_bad_carry_key_in_a_case_file_is_refused():
    from app.core.worksheet import CaseFileError

    text = worksheet_to_json(Worksheet(PersonFields("tongliao", 2023)))
    payload = json.loads(text)
    payload["person"]["carry"] = {"fund": "1"}
    with pytest.raises(CaseFileError, match="person.carry"):
        worksheet_from_json(json.dumps(payload))


def test_suggested_file_name():
    assert suggested_stem(PersonFields("tongliao", 2023, name="张三")) == "张三 2023"
    assert suggested_stem(PersonFields("tongliao", 2023, name=' a/b:c*? ')) == "abc 2023"
    assert suggested_stem(PersonFields("tongliao", 2023)) == ""


def test_slip_shows_the_carried_lines_and_the_masked_id(ruleset):
    ws = Worksheet(PersonFields("tongliao", 2023, name="张三", id_number="320102199001011234",
                                carry={"deductible_met": "800", "fund_paid": "3500"}),
                   [Row("2023-03-01", "level2", "500")])
    est = ws.settle(ruleset.regions["tongliao"]).estimate
    slip = build_slip(est, person_name="张三", id_number="320102199001011234")
    summary = dict(slip.summary)
    # (500 − 200) × 60 % = 180.00; the year: 3,500 carried + 180 = 3,680.00; remaining 4000 − 3680 = 320.00
    assert summary["此前已累计 · 起付标准"] == "800.00"
    assert summary["此前已累计 · 统筹基金支付"] == "3,500.00"
    assert summary["统筹基金已支付"] == "180.00"
    assert summary["统筹基金本年累计（此前已累计＋本单）"] == "3,680.00"
    assert summary["剩余额度"] == "320.00"
    assert summary["起付标准已累计"] == "1,000.00 / 1,000.00"
    assert ("证件号码", "320102********1234") in slip.info and ("姓名", "张三") in slip.info
    whole = build_slip(est, id_number="320102199001011234", full_id=True, lang="en")
    assert ("ID number", "320102199001011234") in whole.info
