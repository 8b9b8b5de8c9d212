"""The spec's vocabulary: the patterns and value types several keys share. The keys themselves are declared
once, in ``model.py``."""

from __future__ import annotations

from .schema import Map, Str

ROLE_NAME = r"[A-Za-z0-9_+=,.@-]{1,64}"
ROLE_ARN = r"arn:aws(-cn|-us-gov)?:iam::\d{12}:role/([A-Za-z0-9_+=,.@-]+/)*[A-Za-z0-9_+=,.@-]{1,64}"
IAM_NAME_OR_ARN = (
    r"([A-Za-z0-9_+=,.@-]{1,128}|arn:aws(-cn|-us-gov)?:iam::\d{12}:(role|user|group)/"
    r"([A-Za-z0-9_+=,.@-]+/)*[A-Za-z0-9_+=,.@-]{1,128})"
)
POLICY_ARN = r"arn:aws(-cn|-us-gov)?:iam::(\d{12}|aws):policy/([A-Za-z0-9_+=,.@-]+/)*[A-Za-z0-9_+=,.@-]{1,128}"
# {account_id} and {region} are placeholders in S3 URIs only (plan/s3.py): a bucket per target account or region.
S3_URI = r"s3://(?=[a-z0-9{])(?:[a-z0-9.-]|\{account_id\}|\{region\}){3,63}(?<=[a-z0-9}])(/.*)?"
SUBNET = r"subnet-[0-9a-f]{8,17}"
# Tag keys/values: the character set AWS accepts on EMR, EC2 and IAM resources alike.
TAG_CHARS = r"[\w .:/=+\-@]"

LABEL = Str(
    pattern=r"[a-zA-Z0-9][a-zA-Z0-9_-]{0,63}", hint="1..64 letters, digits, '-' or '_', starting with a letter or digit"
)
TAGS = Map(
    key=Str(
        pattern=rf"(?!aws:){TAG_CHARS}{{1,128}}",
        hint="1..128 characters from letters, digits, spaces and _ . : / = + - @, not starting with aws:",
    ),
    value=Str(
        pattern=rf"{TAG_CHARS}{{0,256}}", hint="0..256 characters from letters, digits, spaces and _ . : / = + - @"
    ),
    max_items=40,
)
# AWS::EMR::Studio's Tag schema (cfn-lint 1.58.0; aws-facts.md H): the key pattern is anchored at both ends, the
# value pattern only at the end (JSON Schema patterns are searched, not matched whole).
# "+-=" is a range: + , - . / 0-9 : ; < =.
# AWS::EMR::Cluster's Tag has no pattern at all: TAGS (EMR's documented character set) is its whole constraint.
STUDIO_TAG_KEY = r"(?!aws:)[a-zA-Z+-=._:/]+"
STUDIO_TAG_VALUE_END = r"[a-zA-Z+-=._:/]+\Z"
S3 = Str(pattern=S3_URI, max_len=1024, hint="an S3 URI such as s3://bucket/prefix/")

SUBNET_ID = Str(pattern=SUBNET, hint="a subnet id such as subnet-0123456789abcdef0")
ROLE_ARN_VALUE = Str(pattern=ROLE_ARN, hint="an IAM role ARN such as arn:aws:iam::111122223333:role/name")
