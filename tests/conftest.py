from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))
FIXTURES = ROOT / "tests" / "fixtures"

os.environ.setdefault("TF_CLI_CONFIG_FILE", os.devnull)


@pytest.fixture(scope="session")
def rendered_examples():
    """Every example rendered once (in memory), as {example stem: api.Rendered}."""
    from generator import api

    return {path.stem: api.render(path) for path in EXAMPLES}


def spec_bytes(text: str) -> bytes:
    return text.encode("utf-8")
