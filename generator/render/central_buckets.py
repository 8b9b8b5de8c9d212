"""``stackset/central-buckets.yaml`` (issue 12): the bucket policies of ``targets.central_buckets``, for the account
that owns those buckets (plan/buckets.py builds them). It lives beside the StackSet because it is part of the same
rollout, deployed once by the bucket owner, never by the StackSet."""

from __future__ import annotations

from ..check.readback import check_cloudformation
from ..plan import buckets
from ..plan.core import Plan, camel
from ..plan.header import header_text
from . import env
from .values import CfnWriter

PATH = "stackset/central-buckets.yaml"


def render(plan: Plan) -> str | None:
    policies = buckets.policies(plan.spec)
    if not policies:
        return None
    writer = CfnWriter(lambda ref: (ref.attr, None))  # only parameters are referenced
    header = header_text(plan.spec.source)
    text = env.render(
        "cloudformation/central_buckets.yaml.j2",
        header=header,
        writer=writer,
        description=f"Bucket policies of the central buckets of {plan.spec.name}, for the account that "
        f"owns them. {header}",
        organization=bool(plan.spec.targets.organizational_units),
        policies=[
            {"logical_id": "BucketPolicy" + camel(p.bucket), "bucket": p.bucket, "document": p.document}
            for p in policies
        ],
    )
    check_cloudformation(text, PATH)
    return text
