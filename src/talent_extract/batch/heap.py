"""The garbage collector during a batch: the heap alive at its start is frozen while it runs.

A batch allocates many short-lived objects (answers, schemas, records), so CPython's cyclic
collector runs often, and each of its full collections walks every object of the process: the
~150,000 that importing openai, instructor and pydantic leaves, again and again. ``gc.freeze()``
moves the objects alive now to a permanent generation that collections skip; ``gc.unfreeze()``
gives them back to the oldest generation, so nothing the caller owned stays uncollectable after
the batch. Batches running at once (threads, nested loops) share one freeze: the first one in
freezes, the last one out unfreezes.

A process that froze its heap itself (a worker forked after :func:`gc.freeze`, an application
following Python's pre-fork recipe) is left alone: its freeze is not ours to undo.
``TALENT_EXTRACT_GC_FREEZE=0`` leaves the collector alone everywhere.
"""

from __future__ import annotations

import contextlib
import gc
import os
import threading
from collections.abc import Iterator

__all__ = ["freeze_enabled", "frozen_heap"]

_LOCK = threading.Lock()
_holders = 0  # batches inside frozen_heap() now
_ours = False  # True while the freeze in place is the one frozen_heap() made


def freeze_enabled() -> bool:
    """False when ``TALENT_EXTRACT_GC_FREEZE`` is ``0``/``false``/``no``/``off``."""
    value = os.environ.get("TALENT_EXTRACT_GC_FREEZE", "1").strip().lower()
    return value not in {"0", "false", "no", "off"}


@contextlib.contextmanager
def frozen_heap() -> Iterator[bool]:
    """Freeze the heap for the body; yields True when this call (or a batch beside it) froze it."""
    global _holders, _ours
    with _LOCK:
        if _holders == 0 and freeze_enabled() and gc.get_freeze_count() == 0:
            gc.freeze()
            _ours = True
        _holders += 1
        frozen = _ours
    try:
        yield frozen
    finally:
        with _LOCK:
            _holders -= 1
            if _holders == 0 and _ours:
                gc.unfreeze()
                _ours = False
