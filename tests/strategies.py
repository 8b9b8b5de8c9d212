"""Hypothesis strategies for specs: valid ones with arbitrary text wherever the spec allows free text."""

from __future__ import annotations

from hypothesis import strategies as st

LATIN1 = st.characters(
    min_codepoint=0x09,
    max_codepoint=0xFF,
    exclude_characters="\x0b\x0c"
    + "".join(chr(c) for c in range(0x0E, 0x20))
    + "\x7f"
    + "".join(chr(c) for c in range(0x80, 0xA1)),
)
ANY_TEXT = st.characters(exclude_categories=("Cs",), exclude_characters="\x00")
HOSTILE = st.sampled_from(
    [
        '"',
        "'",
        "\\",
        "${AWS::AccountId}",
        "${aws:username}",
        "%{ if x }",
        "{{ 7*7 }}",
        "{% raw %}",
        "!Ref X",
        "yes",
        "null",
        "~",
        "0123",
        "1e3",
        "$${",
        "%%{",
        "ü",
        "😀",
        "#",
        ": ",
    ]
)


def text(alphabet, max_size: int, min_size: int = 0):
    piece = st.one_of(HOSTILE.filter(lambda s: all(_in(alphabet, c) for c in s)), st.text(alphabet, max_size=8))
    return st.lists(piece, max_size=6).map("".join).filter(lambda s: min_size <= len(s) <= max_size)


def _in(alphabet, ch: str) -> bool:
    return alphabet is ANY_TEXT or ord(ch) <= 0xFF and ch not in "\x0b\x0c"


ROLE_NAME = st.from_regex(r"[a-zA-Z0-9+=,.@_-]{1,20}", fullmatch=True)
# Both tag rules at once (the spec's tags reach the Studio): EMR's documented set (E104) and AWS::EMR::Studio's pattern
# [a-zA-Z+-=._:/] (E316), whose "+-=" is the range + , - . / 0-9 : ; < = (docs/aws-rules.md "Tags on EMR resources").
TAG_TEXT = st.from_regex(r"[a-zA-Z0-9+\-./:=_]{1,12}", fullmatch=True).filter(lambda s: not s.startswith("aws:"))


def non_blank(text: str) -> str:
    """Blank text is E103: give it a letter instead of filtering it out (filtering slows generation down)."""
    return text if text.strip() else "x" + text


S3_KEY = text(st.characters(min_codepoint=0x20, max_codepoint=0x2FFF, exclude_categories=("Cs",)), 30)


@st.composite
def specs(draw) -> dict:
    role_names = draw(st.lists(ROLE_NAME, min_size=1, max_size=3, unique_by=str.lower))
    roles = []
    for name in role_names:
        role = {"name": name}
        if draw(st.booleans()):
            role["description"] = draw(text(LATIN1, 199).map(non_blank))  # blank text is E103
        role["s3_read"] = [f"s3://data-bucket/{draw(S3_KEY)}"] if draw(st.booleans()) else []
        if draw(st.booleans()):
            role["tags"] = {draw(TAG_TEXT): draw(TAG_TEXT)}
        roles.append(role)
    sso = draw(st.booleans())
    with_studio = draw(st.booleans())
    spec: dict = {
        "version": 1,
        "name": draw(st.from_regex(r"[a-z][a-z0-9-]{0,10}", fullmatch=True)),
        "tags": draw(st.dictionaries(TAG_TEXT, TAG_TEXT, min_size=1, max_size=2)),  # {} is E103
        "network": {"vpc_id": "vpc-0123456789abcdef0", "subnet_ids": ["subnet-0123456789abcdef0"]},
        "security_configuration": {
            "propagate_source_identity": draw(st.booleans()),
            "lake_formation": draw(st.booleans()),
            "in_transit_encryption": {"s3_object": f"s3://cert-bucket/{draw(S3_KEY)}"},
        },
        "runtime_roles": roles,
        "clusters": [{"name": "c1", "log_uri": f"s3://log-bucket/{draw(S3_KEY)}"}],
    }
    placement = draw(st.sampled_from(["deploying", "region", "targets"]))
    if placement == "region":
        spec["region"] = draw(st.sampled_from(["us-east-1", "eu-west-1", "ap-southeast-2"]))
    elif placement == "targets":  # an Organization: one to three regions, each with its own network
        regions = draw(
            st.lists(st.sampled_from(["us-east-1", "eu-west-1", "ap-southeast-2"]), min_size=1, max_size=3, unique=True)
        )
        del spec["network"]
        spec["targets"] = {
            "organizational_units": ["ou-ab12-cdef3456"],
            "regions": regions,
            "networks": {
                region: {"vpc_id": f"vpc-0{i}23456789abcdef0", "subnet_ids": [f"subnet-0{i}23456789abcdef0"]}
                for i, region in enumerate(regions)
            },
        }
    if with_studio:
        spec["studio"] = {
            "name": "s",
            "auth_mode": "SSO" if sso else "IAM",
            "default_s3_location": f"s3://studio-bucket/{draw(S3_KEY)}",
            "description": draw(text(ANY_TEXT, 255).map(non_blank)),
        }
    users = []
    for i in range(draw(st.integers(1, 3))):
        if with_studio and sso:
            principal = {draw(st.sampled_from(["sso_user", "sso_group"])): draw(text(ANY_TEXT, 59, 1).map(non_blank))}
        else:
            principal = {draw(st.sampled_from(["role", "user", "group"])): draw(ROLE_NAME)}
        access = {"runtime_roles": draw(st.lists(st.sampled_from(role_names + ["pattern-*"]), min_size=1, unique=True))}
        scope = draw(st.sampled_from(["any", "cluster", "tags"]))
        if scope == "cluster":
            access["clusters"] = ["c1"]
        elif scope == "tags":
            access["cluster_tags"] = {draw(TAG_TEXT): draw(TAG_TEXT)}
        users.append({"name": f"u{i}", "principal": principal, "steps": draw(st.booleans()), "access": [access]})
    spec["users"] = users
    return spec
