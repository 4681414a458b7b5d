"""Garbage collection paused while the TUI starts.

Starting a screen imports Textual, pydantic and the engine and builds the models: long-lived
objects only, nothing worth collecting. CPython's collector still ran over them again and again
while they were made (about 30 ms of passes, one full pass of 15 ms among them, a tenth of the
start-up to the first frame). So collection pauses from the command line until the app has
mounted its first screen; then the objects made so far are frozen (``gc.freeze``: later passes
skip them, which also keeps the meeting's periodic collections small) and collection resumes.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused_while_starting() -> Iterator[None]:
    """Around starting an app; the app resumes collection itself once its first screen is
    mounted (``resume``). Resumed at the latest when the app has ended or failed to start."""
    if not gc.isenabled():  # someone else's choice: leave it alone
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        resume()


def resume() -> None:
    """Collection on again, the objects made while starting frozen; nothing if it was on."""
    if not gc.isenabled():
        gc.freeze()
        gc.enable()
