"""Timing one call, the way every benchmark here does."""
from __future__ import annotations

import gc
import time


def timed_ms(fn, collect: bool = False) -> float:
    """Wall time of ``fn()`` in milliseconds; *collect*: Python's cycle collector run first, outside the timing."""
    if collect:
        gc.collect()
    t0 = time.perf_counter()
    fn()
    return (time.perf_counter() - t0) * 1000
