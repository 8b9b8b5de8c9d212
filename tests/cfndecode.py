"""cfn-lint's own template decoder: the reference reader tests use to check what emrgen writes (emrgen reads
its output back with a faster loader, generator/check/readback.py; tests/check/test_readback.py compares the two on every
example's templates)."""

from __future__ import annotations


def decode(text: str, name: str) -> dict:
    from cfnlint.decode import decode_str

    data, matches = decode_str(text)
    assert not matches and data is not None, (name, [str(m) for m in matches] if matches else "no data")
    return data
