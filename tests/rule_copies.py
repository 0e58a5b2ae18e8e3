"""Edited copies of the bundled rule files, shared by the core and CLI tests (not a test module)."""
from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

RULES = Path(__file__).resolve().parents[1] / "rules"


def replace_once(text: str, old: str, new: str) -> str:
    assert text.count(old) == 1, (old, text.count(old))
    return text.replace(old, new)


NEW_REGION_EXAMPLE = """\
examples:
  - name: new city, employed
    arithmetic: |
      deductible 500; level1 70%: (1500 − 500) × 70% = 700.00; remaining 3000 − 700 = 2300.00.
    year: 2023
    category: employed
    visits:
      - {date: 2023-04-01, tier: level1, total: 1500}
    expect:
      visits: [{deductible: "500.00", fund: "700.00"}]
      totals: {fund: "700.00", remaining_allowance: "2300.00"}
"""


def new_region_text() -> str:
    """jiangxi.yaml copied into region ``newcity``: deductible 500, employed level1 70 %, cap 3000 / 3500."""
    text = (RULES / "jiangxi.yaml").read_text(encoding="utf-8")
    text = replace_once(text, "region: jiangxi", "region: newcity")
    text = replace_once(text, "name: {zh: 江西省, en: Jiangxi}", "name: {zh: 新城市, en: New City}")
    text = replace_once(text, "amount: 600,", "amount: 500,")
    text = replace_once(text, "{tier: level1, category: employed, ratio: 0.60",
                        "{tier: level1, category: employed, ratio: 0.70")
    text = replace_once(text, "{category: employed, amount: 1800,", "{category: employed, amount: 3000,")
    text = replace_once(text, "{category: retired, amount: 2000,", "{category: retired, amount: 3500,")
    return text.split("\nexamples:\n")[0] + "\n" + NEW_REGION_EXAMPLE


def jiangxi_deductible_800(folder: Path) -> Path:
    """jiangxi.yaml copied into *folder* with the annual deductible 600 → 800: a what-if candidate."""
    folder.mkdir(parents=True, exist_ok=True)
    text = replace_once((RULES / "jiangxi.yaml").read_text(encoding="utf-8"), "amount: 600,", "amount: 800,")
    (folder / "jiangxi.yaml").write_text(text, encoding="utf-8")  # its example cases are not run by batch
    return folder / "jiangxi.yaml"


# A batch claims file for Jiangxi 2023 (three persons, rows out of order), for the what-if tests of the
# CLI and the window; the tests that use it work its figures out by hand.
WHAT_IF_CLAIMS = """\
person_id,category,date,tier,total
A,employed,2023-03-01,level1,1500
B,retired,2023-02-01,level3,800
A,employed,2023-01-10,level3,200
C,retired,2023-05-01,level2,5000
"""


def jiangxi_split(rf):
    """Jiangxi (a loaded rule file) split at 2023-07-01, the second version's annual deductible 300 and
    its employed cap 1,000 (test figures)."""
    v = rf.versions[0]
    entries = [e.model_copy(update={"amount": Decimal("300")}) for e in v.deductible.entries]
    caps = [c.model_copy(update={"amount": Decimal("1000")}) if c.category == "employed" else c for c in v.annual_cap]
    second = v.model_copy(update={"id": "jiangxi-2023b", "effective_from": date(2023, 7, 1), "annual_cap": caps,
                                  "deductible": v.deductible.model_copy(update={"entries": entries})})
    return rf.model_copy(update={"versions": [v.model_copy(update={"effective_to": date(2023, 6, 30)}), second]})
