"""Issue 11: the account part of the summary panel says which assumptions the figures rest on."""
from __future__ import annotations

from app.paths import resources_dir


def test_summary_lists_the_assumptions_in_both_languages(make_window):
    w = make_window()
    w.open_path(resources_dir() / "samples" / "sample.mzcase", as_untitled=True)
    # Tongliao retiree 2026 with average_pension_2021 3200: credits 3200 × 2% = 64.00 on the 1st of each
    # month (assumed), paid before cash (assumed)
    label = w.summary.assumptions
    assert label.isVisibleTo(w)
    assert "假设：个人账户每月1日划入当月金额" in label.text()
    assert "假设：个人负担部分按就诊日期先由个人账户支付" in label.text()
    assert "理由：文件只规定按月划入" in label.toolTip()
