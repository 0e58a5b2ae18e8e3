"""Shared fixtures for the Qt-free core tests."""
from __future__ import annotations

import pytest

from app.core.rules.loader import RuleSet, load_rules


@pytest.fixture(scope="session")
def ruleset() -> RuleSet:
    """The bundled rule files, loaded once."""
    rules = load_rules()
    assert rules.errors == [], rules.errors
    return rules


@pytest.fixture(scope="session")
def rule(ruleset):
    """``rule("tongliao")`` → that region's RuleFile."""

    def get(region_id: str):
        return ruleset.regions[region_id]

    return get
