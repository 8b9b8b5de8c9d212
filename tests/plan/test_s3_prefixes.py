"""S3 prefixes as Spark reads them (issue 11 item 9). s3_read: [s3://b/raw/] grants the keys a directory reader
touches: b/raw (S3A's HEAD), b/raw/ (the directory marker) and b/raw/* (Hadoop hadoop-aws assumed_roles.md: "three
resources are provided to represent the path"; a 403 on HEAD raw fails the read, DOMAIN.md fact check 1), and lists
with s3:prefix raw, raw/, raw/*; never rawdata/. Proved with emrgen's IAM evaluator (review/evaluate.py)."""

from __future__ import annotations

import pytest

from generator.plan.policies import Env, runtime_role_permissions
from generator.review.evaluate import Request, evaluate

ENV = Env(partition="aws", account="111122223333", region="us-east-1")


def allowed(doc, action: str, resource: str, prefix: str | None = None) -> bool:
    context = {"s3:prefix": prefix} if prefix is not None else {}
    return evaluate([("p", doc)], Request(action, resource, context)).allowed


@pytest.mark.parametrize("uri", ["s3://b/raw/", "s3://b/raw"])
def test_read_grants_the_directory_keys_and_nothing_beside_them(uri: str) -> None:
    doc = runtime_role_permissions(ENV, [uri], [], False)
    for key in ("raw", "raw/", "raw/part-0000.parquet", "raw/year=2024/x"):
        assert allowed(doc, "s3:GetObject", f"arn:aws:s3:::b/{key}"), key
    for key in ("rawdata/x", "rawdata", "raw2", "other/raw/x"):
        assert not allowed(doc, "s3:GetObject", f"arn:aws:s3:::b/{key}"), key
    for prefix in ("raw", "raw/", "raw/year=2024/"):
        assert allowed(doc, "s3:ListBucket", "arn:aws:s3:::b", prefix), prefix
    for prefix in ("rawdata/", "", "ra"):
        assert not allowed(doc, "s3:ListBucket", "arn:aws:s3:::b", prefix), prefix
    assert not allowed(doc, "s3:PutObject", "arn:aws:s3:::b/raw/x")


def test_write_grants_the_same_keys_for_writing() -> None:
    doc = runtime_role_permissions(ENV, [], ["s3://b/curated/"], False)
    assert allowed(doc, "s3:PutObject", "arn:aws:s3:::b/curated/x")
    assert allowed(doc, "s3:DeleteObject", "arn:aws:s3:::b/curated")  # a rename removes the file-as-directory key
    assert not allowed(doc, "s3:PutObject", "arn:aws:s3:::b/curated2/x")


def test_whole_bucket_lists_without_a_prefix_condition() -> None:
    doc = runtime_role_permissions(ENV, ["s3://b/"], [], False)
    assert allowed(doc, "s3:GetObject", "arn:aws:s3:::b/any/key")
    assert allowed(doc, "s3:ListBucket", "arn:aws:s3:::b", "")
