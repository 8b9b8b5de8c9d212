"""W107 names every action the existing role's trust needs: sts:SetSourceIdentity too when the security
configuration propagates the source identity (Management Guide, "Runtime roles for Amazon EMR steps",
AllowSetSourceIdentity)."""

from __future__ import annotations

from generator.rules.validate import read_spec_bytes

SPEC = """version: 1
name: t
network: {vpc_id: vpc-0123456789abcdef0, subnet_ids: [subnet-0123456789abcdef0]}
security_configuration: {propagate_source_identity: PROPAGATE}
runtime_roles:
  - {name: reader, arn: "arn:aws:iam::111122223333:role/reader"}
clusters:
  - {name: c1, release_label: emr-7.5.0, runtime_roles: all}
"""


def w107(propagate: str) -> str:
    _, warnings = read_spec_bytes(SPEC.replace("PROPAGATE", propagate).encode(), "t.yaml")
    [message] = [w.message for w in warnings if w.code == "W107"]
    return message


def test_w107_names_set_source_identity_only_when_it_is_propagated() -> None:
    assert "(sts:AssumeRole, sts:TagSession and sts:SetSourceIdentity)" in w107("true")
    assert "(sts:AssumeRole and sts:TagSession)" in w107("false")
