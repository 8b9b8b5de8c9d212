from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

# CI-friendly by default and reproducible (derandomized); `pytest --hypothesis-profile=long` digs deeper.
settings.register_profile(
    "ci",
    max_examples=30,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.register_profile(
    "long", max_examples=1000, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
)
settings.load_profile("ci")

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))
FIXTURES = ROOT / "tests" / "fixtures"
# Everything that must render clean: the examples plus specs for shapes the examples do not show
# (an existing studio in both auth modes).
SPECS = EXAMPLES + sorted((FIXTURES / "good").glob("*.yaml"))

os.environ.setdefault("TF_CLI_CONFIG_FILE", os.devnull)
# Lint every time in tests: a clean-lint cache hit would hide a regression.
os.environ["EMRGEN_NO_CACHE"] = "1"


@pytest.fixture(scope="session")
def rendered_examples():
    """Every example and good fixture rendered once (in memory), as {file stem: api.Rendered}."""
    from generator import api

    return {path.stem: api.render(path) for path in SPECS}


def spec_bytes(text: str) -> bytes:
    return text.encode("utf-8")
