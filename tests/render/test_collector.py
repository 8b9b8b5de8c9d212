"""api.render pauses the cyclic garbage collector for one read-and-render (issue 14) and always puts it back as
it was: enabled after a render, after a failing one, and still disabled when the caller had disabled it."""

from __future__ import annotations

import gc

import pytest

from generator import api
from generator.errors import SpecError
from generator.review import report

from ..conftest import EXAMPLES, FIXTURES


def test_the_collector_is_paused_while_rendering_and_restored_after(monkeypatch) -> None:
    seen = []
    real = report.render
    monkeypatch.setattr(report, "render", lambda plan, warnings: seen.append(gc.isenabled()) or real(plan, warnings))
    assert gc.isenabled()
    api.render(EXAMPLES[0])
    assert seen == [False] and gc.isenabled()
    with pytest.raises(SpecError):
        api.render(FIXTURES / "bad" / "E105-version.yaml")
    assert gc.isenabled()
    gc.disable()
    try:
        api.render(EXAMPLES[0])
        assert not gc.isenabled()
    finally:
        gc.enable()
