"""Deploy rehearsal: every spec's CloudFormation (the subset moto supports) is deployed into moto server on
127.0.0.1, and the runtime roles, trust policies, role policies and user policies are read back with boto3:
every intrinsic must have resolved to the documents of the *plan*, with the account and region of the deploy.

What this proves is rendering and deploying: the template says what the plan says, and CloudFormation (as moto
models it) accepts it. It does not prove that the plan is what the spec means: it compares the read-back with
the plan's own documents. Intent is tested elsewhere, against expectations written by hand: the access matrix
(tests/review/test_access_intent.py), the AWS page's three policies (tests/render/test_aws_doc.py), and
`spelled_out` below for one example. moto is not a validator either (a typo'd property still deploys; TOOLCHAIN.md
§5). The server runs for this module only, on a free loopback port.
"""

from __future__ import annotations

import json

import pytest

from .cfndecode import decode
from .conftest import EXAMPLES, SPECS
from .rehearsal import Resolver, free_port, moto_compatible, parse_document

CREDENTIALS = {"aws_access_key_id": "testing", "aws_secret_access_key": "testing"}
# Every example and good fixture except hostile-values: moto 5.2.5 re-substitutes the *values* of a
# Fn::Sub variable map, so the literal "${aws:username}" that fixture carries (through !Sub ["${Text}",
# {Text: ...}], which CloudFormation substitutes once) crashes moto with KeyError 'aws:username'.
REHEARSED = [s for s in SPECS if s.stem != "hostile-values"]


@pytest.fixture(scope="module")
def endpoint():
    from moto.server import ThreadedMotoServer

    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.stop()


def clients(endpoint: str, region: str):
    import boto3

    make = lambda service: boto3.client(service, endpoint_url=endpoint, region_name=region, **CREDENTIALS)  # noqa: E731
    return make("cloudformation"), make("iam"), make("ec2"), make("emr"), make("sts")


def existing_principals(plan, iam) -> None:
    """The IAM principals the spec names but does not create must exist for the attachments to deploy."""
    trust = json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [
                {"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}
            ],
        }
    )
    for res in plan.resources:
        if res.kind != "managed_policy":
            continue
        for kind, names in res.props["attach"].items():
            for name in names:
                if not isinstance(name, str):
                    continue
                try:
                    {
                        "roles": lambda n: iam.create_role(RoleName=n, AssumeRolePolicyDocument=trust),
                        "users": lambda n: iam.create_user(UserName=n),
                        "groups": lambda n: iam.create_group(GroupName=n),
                    }[kind](name)
                except iam.exceptions.EntityAlreadyExistsException:
                    pass


def network(spec, ec2, body: str, region: str) -> str:
    """Create a VPC and subnets in moto and point the template at them (moto checks that they exist). With
    several target regions, the network of ``region`` (the template maps every region's)."""
    net = spec.network_in(region) if spec.targets is not None else spec.network
    if net is None:
        return body
    vpc = ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
    body = body.replace(net.vpc_id, vpc)
    subnets = list(net.subnet_ids) + [c.subnet_id for c in spec.clusters if getattr(c, "subnet_id", None)]
    for i, subnet in enumerate(dict.fromkeys(subnets)):
        created = ec2.create_subnet(VpcId=vpc, CidrBlock=f"10.0.{i}.0/24")["Subnet"]["SubnetId"]
        body = body.replace(subnet, created)
    return body


def attributes(plan, iam, stack_resources, name_of) -> dict:
    """(plan key, attribute) -> the value CloudFormation resolved, read from the deployed resources.
    ``name_of``: a resource's IAM name as deployed (regional names carry the region)."""
    physical = {r["LogicalResourceId"]: r.get("PhysicalResourceId") for r in stack_resources}
    policies = {p["PolicyName"]: p["Arn"] for p in iam.list_policies(Scope="Local", MaxItems=1000)["Policies"]}
    out = {}
    for res in plan.resources:
        if res.cfn_id not in physical:
            continue
        pid = physical[res.cfn_id]
        if res.kind == "role":
            role = iam.get_role(RoleName=name_of(res.props["name"]))["Role"]
            out[(res.key, "arn")], out[(res.key, "name")] = role["Arn"], role["RoleName"]
        elif res.kind == "managed_policy":
            out[(res.key, "arn")] = policies[name_of(res.props["name"])]
        elif res.kind == "cluster":
            out[(res.key, "id")] = pid  # the job flow id, as !Ref gives it
            assert pid.startswith("j-"), pid
        else:
            out[(res.key, "name")] = out[(res.key, "id")] = pid
    return out


def assert_resolved(document) -> None:
    text = json.dumps(document)
    assert "${" not in text.replace("${aws:userId}", "") and "Fn::" not in text and '"Ref"' not in text, text
    for arn in (s for s in _strings(document) if s.startswith("arn:")):
        assert arn.startswith(("arn:aws:", "arn:aws-cn:", "arn:aws-us-gov:")), arn


def _strings(node):
    if isinstance(node, dict):
        for v in node.values():
            yield from _strings(v)
    elif isinstance(node, list):
        for v in node:
            yield from _strings(v)
    elif isinstance(node, str):
        yield node


@pytest.mark.parametrize("example", REHEARSED, ids=lambda p: p.stem)
def test_deploy_and_read_back(example, rendered_examples, endpoint) -> None:
    rehearse(example, rendered_examples[example.stem], endpoint)


def rehearse(example, rendered, endpoint: str, mutate=lambda template: template) -> None:
    """Deploy, read back, compare; an AssertionError names the resource that differs. With several target
    regions: the account template once, then the member template in every region of the same account (the
    proof that no IAM name is created twice), each region read back on its own."""
    import urllib.request

    # A clean account per example: the examples share runtime-role names (multi-account, multi-region).
    urllib.request.urlopen(urllib.request.Request(f"{endpoint}/moto-api/reset", method="POST"))
    spec, plan = rendered.spec, rendered.plan
    regions = list(spec.targets.regions) if spec.multi_region else [spec.region or "us-east-1"]
    _, iam, _, _, sts = clients(endpoint, regions[0])
    account = sts.get_caller_identity()["Account"]
    existing_principals(plan, iam)
    account_wide = []
    if "cloudformation/account/template.yaml" in rendered.files:
        account_wide = deploy(example, rendered, "cloudformation/account/template.yaml", endpoint, regions[0], mutate)
    for region in regions:
        deployed = account_wide + deploy(example, rendered, "cloudformation/template.yaml", endpoint, region, mutate)
        read_back(plan, iam, account, region, deployed)
    if example.stem == "iam-studio":
        spelled_out(iam, account)


def deploy(example, rendered, template_name: str, endpoint: str, region: str, mutate) -> list:
    """Create one stack from a template of the rendered output; its resources as CloudFormation describes them."""
    cfn, _, ec2, _, _ = clients(endpoint, region)
    template = mutate(moto_compatible(decode(rendered.files[template_name], example.name)))
    body = network(rendered.spec, ec2, json.dumps(template), region)
    stack = f"rehearsal-{example.stem}" + ("-account" if "/account/" in template_name else "")
    cfn.create_stack(StackName=stack, TemplateBody=body, Capabilities=["CAPABILITY_NAMED_IAM"])
    [described] = cfn.describe_stacks(StackName=stack)["Stacks"]
    assert described["StackStatus"] == "CREATE_COMPLETE", (region, described.get("StackStatusReason"))
    return cfn.describe_stack_resources(StackName=stack)["StackResources"]


def read_back(plan, iam, account: str, region: str, stack_resources: list) -> None:
    name_of = Resolver(plan, account, region, {})
    resolve = Resolver(plan, account, region, attributes(plan, iam, stack_resources, name_of))
    checked = 0
    for res in plan.resources:
        if res.kind == "role":
            name = name_of(res.props["name"])
            role = iam.get_role(RoleName=name)["Role"]
            path = res.props.get("path", "/")  # instance-profile roles live under /<name>/ (issue 4)
            assert role["Arn"] == f"arn:aws:iam::{account}:role{path}{name}"
            trust = parse_document(role["AssumeRolePolicyDocument"])
            assert trust == resolve(res.props["trust"]), res.key
            assert_resolved(trust)
            for policy_name, document in res.props["inline_policies"]:
                stored = parse_document(iam.get_role_policy(RoleName=name, PolicyName=policy_name)["PolicyDocument"])
                assert stored == resolve(document), (res.key, policy_name)
                assert_resolved(stored)
                checked += 1
            checked += 1
        elif res.kind == "managed_policy":
            arn = resolve.attributes[(res.key, "arn")]
            assert arn == f"arn:aws:iam::{account}:policy/{name_of(res.props['name'])}"
            version = iam.get_policy(PolicyArn=arn)["Policy"]["DefaultVersionId"]
            stored = parse_document(
                iam.get_policy_version(PolicyArn=arn, VersionId=version)["PolicyVersion"]["Document"]
            )
            assert stored == resolve(res.props["document"]), res.key
            assert_resolved(stored)
            entities = iam.list_entities_for_policy(PolicyArn=arn)
            attached = {
                "roles": [r["RoleName"] for r in entities["PolicyRoles"]],
                "users": [u["UserName"] for u in entities["PolicyUsers"]],
                "groups": [g["GroupName"] for g in entities["PolicyGroups"]],
            }
            assert attached == {k: sorted(resolve(v)) for k, v in res.props["attach"].items()}, res.key
            checked += 1
    assert checked == sum(
        1 + len(r.props["inline_policies"]) if r.kind == "role" else 1
        for r in plan.resources
        if r.kind in ("role", "managed_policy")
    )
    assert checked > 0


def spelled_out(iam, account: str) -> None:
    """For one example, in plain words: a runtime role trusts the cluster's instance-profile role ARN, and that
    role may assume exactly the runtime roles."""
    trust = parse_document(iam.get_role(RoleName="analytics-raw-reader")["Role"]["AssumeRolePolicyDocument"])
    assert trust["Statement"][0]["Principal"] == {
        "AWS": f"arn:aws:iam::{account}:role/iam-studio/iam-studio-interactive-ec2"
    }
    document = parse_document(
        iam.get_role_policy(RoleName="iam-studio-interactive-ec2", PolicyName="runtime-roles")["PolicyDocument"]
    )
    assert document["Statement"][0]["Resource"] == [
        f"arn:aws:iam::{account}:role/analytics-raw-reader",
        f"arn:aws:iam::{account}:role/analytics-curator",
    ]


def test_every_example_is_rehearsed() -> None:
    assert set(EXAMPLES) <= set(REHEARSED)


def test_a_wrong_intrinsic_is_caught(rendered_examples, endpoint) -> None:
    """Mutation: the runtime role trusts the EMR service role instead of the instance-profile role. It deploys
    (moto validates nothing), and the read-back comparison names the role."""

    def wrong_principal(template: dict) -> dict:
        trust = template["Resources"]["RuntimeRoleAnalyticsRawReader"]["Properties"]["AssumeRolePolicyDocument"]
        trust["Statement"][0]["Principal"]["AWS"] = {"Fn::GetAtt": ["EmrServiceRole", "Arn"]}
        return template

    example = next(e for e in EXAMPLES if e.stem == "iam-studio")
    with pytest.raises(AssertionError, match="runtime_role/analytics-raw-reader"):
        rehearse(example, rendered_examples["iam-studio"], endpoint, wrong_principal)
