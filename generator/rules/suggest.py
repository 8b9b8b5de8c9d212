"""The "did you mean" hint that rules add to an unknown name (shared by E201, E202, E204, E303)."""

from __future__ import annotations

import difflib


def hint(name: str, options: list[str]) -> str:
    close = difflib.get_close_matches(name, options, n=1)
    return f"; did you mean '{close[0]}'?" if close else ""
