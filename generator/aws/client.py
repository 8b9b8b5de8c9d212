"""Read-only access to one AWS account for ``emrgen import`` and ``emrgen drift``.

Everything that talks to AWS goes through :class:`Account`, which makes the promises of issue 16 in one place:
- boto3 is imported only here, and only when a command needs it (``pip install 'emrgen[aws]'``);
- credentials and region come from boto3's standard chain (``--profile``/``--region`` only choose);
- **read-only by construction:** every client carries a hook that refuses any operation whose name does not
  start with Describe, List or Get, before a request is signed, whatever the caller asks;
- pagination everywhere (:meth:`Account.items`), throttling retried with backoff (botocore's adaptive mode);
- AWS errors become one-line user errors: a denied call names the IAM permission that is missing, and an API
  the endpoint does not implement (moto has no EMR Studio) becomes :class:`NotAvailable`, which callers report
  as "not available here" instead of failing.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

from ..errors import UsageError

READ_PREFIXES = ("Describe", "List", "Get")
# The IAM service prefix of a boto3 service name, to name the missing permission in an error.
IAM_PREFIX = {"emr": "elasticmapreduce"}
DENIED = {
    "AccessDenied",
    "AccessDeniedException",
    "UnauthorizedOperation",
    "UnauthorizedAccess",
    "AuthorizationError",
    "InvalidClientTokenId",
    "ExpiredToken",
    "ExpiredTokenException",
    "UnrecognizedClientException",
    "SignatureDoesNotMatch",
}
NOT_IMPLEMENTED = {"NotImplemented", "InvalidAction", "UnknownOperationException", "NotImplementedError"}
AWS_EXTRA = "pip install 'emrgen[aws]'"


class WriteRefused(RuntimeError):
    """An operation that could change the account was about to be called: a bug in emrgen, never allowed."""


class NotAvailable(Exception):
    """The endpoint does not implement this API (moto lacks EMR Studio, ListSecurityConfigurations)."""

    def __init__(self, permission: str):
        super().__init__(permission)
        self.permission = permission


def require_boto3():
    try:
        import boto3  # noqa: F401 - the optional extra
        import botocore  # noqa: F401
    except ImportError:
        raise UsageError(f"emrgen import and drift read AWS with boto3, which is not installed: {AWS_EXTRA}") from None
    return boto3


def is_read_only(operation: str) -> bool:
    return operation.startswith(READ_PREFIXES)


def refuse_writes(model=None, **_: Any) -> None:
    """botocore 'before-call' hook: the read-only guard of every client this module makes."""
    name = getattr(model, "name", "")
    if not is_read_only(name):
        raise WriteRefused(f"emrgen never calls {name}: import and drift are read-only")


def permission(service: str, operation: str) -> str:
    return f"{IAM_PREFIX.get(service, service)}:{operation}"


class Account:
    """One account and region, as the standard credential chain (optionally a named profile) gives them."""

    def __init__(self, profile: str | None = None, region: str | None = None):
        boto3 = require_boto3()
        import botocore.exceptions as bexc
        from botocore.config import Config

        try:
            self.session = boto3.session.Session(profile_name=profile, region_name=region)
        except bexc.ProfileNotFound:
            raise UsageError(f"no AWS profile named {profile!r} (see ~/.aws/config)") from None
        self.region = self.session.region_name
        if not self.region:
            raise UsageError("no AWS region: give --region or set AWS_REGION (or a region in the profile)")
        # Adaptive mode: exponential backoff with jitter on throttling errors, plus client-side rate limiting.
        # AWS_MAX_ATTEMPTS (the standard variable) still decides how many tries, as for any boto3 tool.
        attempts = int(os.environ.get("AWS_MAX_ATTEMPTS") or 10)
        self.config = Config(
            retries={"mode": "adaptive", "total_max_attempts": attempts}, user_agent_extra="emrgen-readonly"
        )
        self._clients: dict[str, Any] = {}
        self.calls: list[str] = []  # "service:Operation" in call order, for tests and --verbose use
        identity = self.call("sts", "GetCallerIdentity")
        self.account_id = identity["Account"]
        self.partition = identity["Arn"].split(":")[1]

    def client(self, service: str):
        if service not in self._clients:
            client = self.session.client(service, config=self.config)
            client.meta.events.register("before-call", refuse_writes)
            self._clients[service] = client
        return self._clients[service]

    def _operation(self, service: str, operation: str):
        from botocore import xform_name

        if not is_read_only(operation):
            raise WriteRefused(f"emrgen never calls {operation}: import and drift are read-only")
        return getattr(self.client(service), xform_name(operation))

    def call(self, service: str, operation: str, optional: bool = False, **params) -> dict:
        """One read call; AWS errors become UsageError (denied), NotAvailable (not implemented) or are re-raised
        as botocore ClientError for the caller to handle (NoSuchEntity and the like)."""
        method = self._operation(service, operation)
        self.calls.append(permission(service, operation))
        with translated(service, operation, optional):
            return method(**params)

    def pages(self, service: str, operation: str, optional: bool = False, **params) -> Iterator[dict]:
        """Every page of a paginated read (a single response when the operation has no paginator)."""
        from botocore import xform_name

        self._operation(service, operation)
        name = xform_name(operation)
        if not self.client(service).can_paginate(name):
            yield self.call(service, operation, optional, **params)
            return
        self.calls.append(permission(service, operation))
        with translated(service, operation, optional):
            yield from self.client(service).get_paginator(name).paginate(**params)

    def items(self, service: str, operation: str, key: str, optional: bool = False, **params) -> Iterator[Any]:
        """Every item of a listing, page by page."""
        for page in self.pages(service, operation, optional, **params):
            yield from page.get(key, [])


class translated:
    """Context manager: botocore errors as the one-line errors of the command line."""

    def __init__(self, service: str, operation: str, optional: bool = False):
        # optional: an API some endpoints lack (EMR Studio, ListSecurityConfigurations in moto); moto answers
        # those with a bare HTTP 500 page, which for these calls only means "not available here".
        self.service, self.operation, self.optional = service, operation, optional

    def __enter__(self):
        return self

    def __exit__(self, kind, exc, tb):
        if exc is None:
            return False
        import botocore.exceptions as bexc

        needed = permission(self.service, self.operation)
        if isinstance(exc, bexc.NoCredentialsError):
            raise UsageError(
                "no AWS credentials: set a profile (--profile), AWS_PROFILE or the AWS_* environment variables"
            ) from None
        if isinstance(exc, (bexc.EndpointConnectionError, bexc.ConnectTimeoutError)):
            raise UsageError(f"cannot reach AWS for {needed}: {exc}") from None
        if isinstance(exc, bexc.ClientError):
            code = exc.response.get("Error", {}).get("Code", "")
            status = exc.response.get("ResponseMetadata", {}).get("HTTPStatusCode")
            if code in DENIED or status in (401, 403):  # a 403 body botocore cannot parse is still a denial
                raise UsageError(
                    f"no access: {needed} was denied ({code}); the read-only policy in "
                    "docs/import-drift-policy.json lists every permission emrgen needs"
                ) from None
            bare = code == str(status)  # no AWS error document in the body
            if code in NOT_IMPLEMENTED or status == 501 or self.optional and (bare or status == 404):
                raise NotAvailable(needed) from None
            if status is not None and status >= 500:
                raise UsageError(f"{needed} failed on the AWS side ({status} {code}); try again later") from None
            return False  # NoSuchEntity and the like: the caller decides
        if isinstance(exc, bexc.BotoCoreError):
            raise UsageError(f"{needed} failed: {exc}") from None
        return False
