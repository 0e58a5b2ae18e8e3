"""Shared test set-up: Qt runs offscreen, no test touches the user's settings, data or cache folders."""
from __future__ import annotations

import os
import tempfile

os.environ["QT_QPA_PLATFORM"] = "offscreen"
os.environ.setdefault("QT_LOGGING_RULES", "qt.qpa.*=false")
# the cache of checked rule files (app.core.rules.rule_cache): one of this run's own, also for the
# programs the tests start (they inherit the environment)
os.environ["XDG_CACHE_HOME"] = os.environ["LOCALAPPDATA"] = tempfile.mkdtemp(prefix="mz-test-cache-")
