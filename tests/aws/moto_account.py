"""A moto server on 127.0.0.1 holding an example's deployed CloudFormation, for the import/drift tests.

Specs that pin ``account_id`` deploy into that account: moto maps credentials from sts:AssumeRole into a role
of another account to that account, so the policies' literal ARNs and the account the importer reads agree.
"""

from __future__ import annotations

import json
import os
import urllib.request
from contextlib import contextmanager

from ..cfndecode import decode
from ..rehearsal import Resolver, moto_compatible
from ..test_rehearsal import existing_principals, network

DEFAULT_ACCOUNT = "123456789012"
TESTING = {"aws_access_key_id": "testing", "aws_secret_access_key": "testing"}


def reset(endpoint: str) -> None:
    """A clean server, with AWS-managed policies loaded (emrgen attaches AmazonEMRServicePolicy_v2)."""
    os.environ["MOTO_IAM_LOAD_MANAGED_POLICIES"] = "true"  # the server runs in this process and reads it
    urllib.request.urlopen(urllib.request.Request(f"{endpoint}/moto-api/reset", method="POST"))


def credentials(endpoint: str, account: str | None) -> dict:
    """Access keys that act in ``account`` (the default moto account when None)."""
    if account in (None, DEFAULT_ACCOUNT):
        return dict(TESTING)
    import boto3

    sts = boto3.client("sts", endpoint_url=endpoint, region_name="us-east-1", **TESTING)
    found = sts.assume_role(RoleArn=f"arn:aws:iam::{account}:role/emrgen-test", RoleSessionName="emrgen-test")
    c = found["Credentials"]
    return {
        "aws_access_key_id": c["AccessKeyId"],
        "aws_secret_access_key": c["SecretAccessKey"],
        "aws_session_token": c["SessionToken"],
    }


def client(endpoint: str, creds: dict, service: str, region: str | None = None):
    import boto3

    keys = {k: v for k, v in creds.items() if k != "region"}
    return boto3.client(service, endpoint_url=endpoint, region_name=region or creds.get("region", "us-east-1"), **keys)


def region_of(spec) -> str:
    """Where the example deploys: its region, else its first target region, else us-east-1 (with several target
    regions, the account-wide template's region)."""
    return spec.region or (spec.targets.regions[0] if spec.targets is not None else "us-east-1")


def deploy(
    rendered, endpoint: str, creds: dict, region: str = "us-east-1", mutate=lambda t: t, account_wide: bool = True
) -> None:
    """Create the example's stack (the moto-supported subset) in the account of ``creds``. With several target
    regions, the account-wide template (runtime roles, instance-profile roles) first, as the StackSet's first
    region does (``account_wide``), then the member template of ``region``."""
    spec, plan = rendered.spec, rendered.plan
    existing_principals(plan, client(endpoint, creds, "iam"))
    stacks = [("cloudformation/account/template.yaml", f"emrgen-{spec.name}-account")] if account_wide else []
    stacks = [s for s in stacks if s[0] in rendered.files] + [("cloudformation/template.yaml", f"emrgen-{spec.name}")]
    for path, name in stacks:
        template = mutate(moto_compatible(decode(rendered.files[path], spec.source)))
        body = network(spec, client(endpoint, creds, "ec2", region), json.dumps(template), region)
        cfn = client(endpoint, creds, "cloudformation", region)
        cfn.create_stack(StackName=name, TemplateBody=body, Capabilities=["CAPABILITY_NAMED_IAM"])
        [stack] = cfn.describe_stacks(StackName=name)["Stacks"]
        assert stack["StackStatus"] == "CREATE_COMPLETE", stack.get("StackStatusReason")


@contextmanager
def aws_env(endpoint: str, creds: dict, region: str = "us-east-1"):
    """The standard environment boto3 reads (AWS_ENDPOINT_URL included): the CLI needs no test-only option."""
    values = {
        "AWS_ENDPOINT_URL": endpoint,
        "AWS_ACCESS_KEY_ID": creds["aws_access_key_id"],
        "AWS_SECRET_ACCESS_KEY": creds["aws_secret_access_key"],
        "AWS_REGION": region,
        "AWS_DEFAULT_REGION": region,
        "AWS_MAX_ATTEMPTS": "1",
        "AWS_CONFIG_FILE": os.devnull,
        "AWS_SHARED_CREDENTIALS_FILE": os.devnull,
    }
    if "aws_session_token" in creds:
        values["AWS_SESSION_TOKEN"] = creds["aws_session_token"]
    saved = {k: os.environ.get(k) for k in [*values, "AWS_PROFILE", "AWS_SESSION_TOKEN"]}
    os.environ.pop("AWS_PROFILE", None)
    os.environ.pop("AWS_SESSION_TOKEN", None)
    os.environ.update(values)
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def complete(rendered, endpoint: str, creds: dict, region: str = "us-east-1") -> None:
    """What CloudFormation does in AWS and moto 5.2.5 does not: AWS::IAM::Role's ManagedPolicyArns are not
    attached (attached here, by the test's own client), and AWS::EMR::Cluster drops SecurityConfiguration and
    leaves the cluster TERMINATED (the server runs in this process: its cluster gets the security configuration
    the template names, and WAITING)."""
    from moto.emr.models import emr_backends

    plan = rendered.plan
    iam = client(endpoint, creds, "iam")
    account = client(endpoint, creds, "sts").get_caller_identity()["Account"]
    name = Resolver(plan, account, region, {})  # names and ARNs with the region in them (several target regions)
    for res in plan.resources:
        if res.kind == "role":
            for arn in res.props["managed_policy_arns"]:
                iam.attach_role_policy(RoleName=name(res.props["name"]), PolicyArn=name(arn))
    backend = emr_backends[account][region]  # the in-process server's own state
    for res in plan.resources:
        if res.kind != "cluster":
            continue
        sc = res.props["security_configuration"]
        sc = name(plan.get(sc.key).props["name"] if hasattr(sc, "key") else sc)
        for cluster in backend.clusters.values():
            if cluster.name == name(res.props["name"]):
                cluster.security_configuration, cluster.state = sc, "WAITING"


def account_of(spec) -> str:
    return spec.account_id or DEFAULT_ACCOUNT
