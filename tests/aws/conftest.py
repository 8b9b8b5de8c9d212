"""A moto server on 127.0.0.1 for each test module of tests/aws (module scope: a module resets it as it needs)."""

from __future__ import annotations

import pytest

from ..rehearsal import free_port


@pytest.fixture(scope="module")
def endpoint():
    from moto.core.responses import BaseResponse
    from moto.emr.responses import ElasticMapReduceResponse
    from moto.server import ThreadedMotoServer

    # moto 5.2.5's EMR takes the region from the host name only (elasticmapreduce.REGION.amazonaws.com): through
    # AWS_ENDPOINT_URL=http://127.0.0.1:PORT every EMR call reached us-east-1 whatever the client's region. The
    # server runs in this process: its EMR falls back to the region the request is signed for, as moto's other
    # services do (and as AWS routes it), so a stack in eu-west-1 and `emrgen drift --region eu-west-1` meet.
    by_host = ElasticMapReduceResponse.get_region_from_url

    def by_host_or_signature(self, request, full_url):
        region = by_host(self, request, full_url)
        return (
            region
            if self.parsed_url.netloc.endswith(".amazonaws.com")
            else BaseResponse.get_region_from_url(self, request, full_url)
        )

    ElasticMapReduceResponse.get_region_from_url = by_host_or_signature
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=free_port(), verbose=False)
    server.start()
    try:
        yield f"http://127.0.0.1:{server._port}"
    finally:
        server.stop()
        ElasticMapReduceResponse.get_region_from_url = by_host
