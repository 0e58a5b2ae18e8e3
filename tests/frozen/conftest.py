"""The frozen-build tests are slow (they build the PyInstaller bundle): they run only when asked
for with ``-m frozen`` and are deselected from every other run."""
from __future__ import annotations


def pytest_collection_modifyitems(config, items):
    if "frozen" in (config.option.markexpr or ""):
        return
    frozen = [item for item in items if item.get_closest_marker("frozen")]
    if frozen:
        config.hook.pytest_deselected(items=frozen)
        items[:] = [item for item in items if not item.get_closest_marker("frozen")]
