"""A moto server on 127.0.0.1 for each test module of tests/aws (module scope: a module resets it as it needs)."""

from __future__ import annotations

import pytest

from ..rehearsal import free_port


@pytest.fixture(scope="module")
def endpoint():
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=free_port(), verbose=False)
    server.start()
    try:
        yield f"http://127.0.0.1:{server._port}"
    finally:
        server.stop()
