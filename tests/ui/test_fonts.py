"""The window's font (app.ui.fonts): Chinese in one regular face, bold drawn by emboldening it, so
that bold text loads no second CJK font file; bold still shows."""
from __future__ import annotations

from PySide6.QtGui import QColor, QFont, QFontDatabase, QFontInfo, QImage, QPainter
from PySide6.QtWidgets import QApplication

from app.ui.fonts import pick_cjk_family, regular_style, use_regular_face


def test_preferred_families_exact_names_first_then_prefixes_in_order_of_preference():
    assert pick_cjk_family(["Noto Sans CJK JP", "WenQuanYi Zen Hei", "Noto Sans CJK SC"]) == "Noto Sans CJK SC"
    # "SimSun" is named exactly; "Source Han Sans SC Medium" only starts with a preferred name
    assert pick_cjk_family(["Source Han Sans SC Medium", "SimSun"]) == "SimSun"
    assert pick_cjk_family(["Source Han Sans SC Medium", "DejaVu Sans"]) == "Source Han Sans SC Medium"
    assert pick_cjk_family(["DejaVu Sans", "Liberation Serif"]) is None


def test_the_window_font_is_the_regular_face_of_a_family_with_chinese(qapp):
    assert use_regular_face(qapp)  # the test machine has a CJK font (test_print_slip checks it)
    font = qapp.font()
    family = font.family()
    assert QFontDatabase.WritingSystem.SimplifiedChinese in QFontDatabase.writingSystems(family)
    assert font.styleName() == regular_style(family)
    assert not QFontDatabase.italic(family, font.styleName())
    others = [QFontDatabase.weight(family, s) for s in QFontDatabase.styles(family)]
    assert abs(QFontDatabase.weight(family, font.styleName()) - 400) == min(abs(w - 400) for w in others)


def ink(font: QFont, text: str) -> int:
    """Dark pixels of *text* drawn black on white in *font*."""
    image = QImage(400, 80, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    p = QPainter(image)
    p.setFont(font)
    p.setPen(QColor("black"))
    p.drawText(10, 50, text)
    p.end()
    return sum(1 for y in range(image.height()) for x in range(image.width())
               if QColor(image.pixel(x, y)).lightness() < 128)


def test_bold_text_is_drawn_from_the_regular_face_and_is_still_bold(qapp):
    use_regular_face(qapp)
    regular = QFont(QApplication.font())
    regular.setPointSize(18)
    bold = QFont(regular)
    bold.setBold(True)
    # the same face (no bold font file matched) …
    assert QFontInfo(bold).family() == QFontInfo(regular).family()
    assert QFontInfo(bold).styleName() == QFontInfo(regular).styleName() == regular_style(regular.family())
    # … emboldened: clearly more ink for the same characters
    text = "剩余额度 2,612.22"
    assert ink(bold, text) > 1.15 * ink(regular, text)


def test_a_ui_font_with_chinese_of_its_own_is_left_as_it_is(qapp):
    # as on Chinese Windows (Microsoft YaHei UI) or macOS (PingFang): the system's own font, bold face included
    before = QFont(qapp.font())
    try:
        family = pick_cjk_family(QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese))
        system_like = QFont(family, before.pointSize())  # no style name: bold picks the family's bold face
        qapp.setFont(system_like)
        assert not use_regular_face(qapp)
        assert qapp.font() == system_like and qapp.font().styleName() == ""
    finally:
        qapp.setFont(before)
