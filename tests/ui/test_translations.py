"""Every UI text has an English translation in the committed .ts, and the .qm builds from it."""
from __future__ import annotations

from app.ui.i18n import build_qm, extract_messages, read_ts, ts_path


def test_every_ui_text_is_translated():
    known = read_ts(ts_path("en"))
    messages = extract_messages()
    assert sum(len(v) for v in messages.values()) > 50
    missing = [(ctx, text) for ctx, texts in messages.items() for text in texts if (ctx, text) not in known]
    assert missing == [], "run: python -m app.ui.i18n update, then translate the new texts in app_en.ts"


def test_placeholders_survive_translation():
    for (ctx, source), target in read_ts(ts_path("en")).items():
        for mark in ("%1", "%2", "&"):
            if mark in source:
                assert mark in target, f"{ctx}: {source!r} → {target!r} lost {mark}"


def test_qm_builds():
    qm = build_qm("en")
    assert qm is not None and qm.exists() and qm.stat().st_size > 1000
