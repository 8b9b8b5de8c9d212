"""Extract the arguments of the Terraform resource types emrgen writes from the @cdktn/provider-aws npm package.

`terraform validate` needs the hashicorp/aws provider binary, which no package registry reachable here ships.
@cdktn/provider-aws is generated from that provider's schema: each resource's lib/<name>/index.js marks
every argument `// name - computed: X, optional: Y, required: Z` and wires nested blocks as
`new <Struct>OutputReference(this, "block")` / `new <Struct>List(this, "block", ...)`. This script reads
those lines into generator/check/data/aws_provider_schema.json, which `emrgen lint` checks Terraform against.

Run by hand when the provider is bumped (the package is 46 MB, so it is not a build dependency):

    npm pack @cdktn/provider-aws@25.7.0            # writes cdktn-provider-aws-25.7.0.tgz
    python tools/extract_provider_schema.py cdktn-provider-aws-25.7.0.tgz > generator/check/data/aws_provider_schema.json
"""

from __future__ import annotations

import json
import re
import sys
import tarfile

# Every resource type and data source emrgen's Terraform uses (render/terraform.py, templates/terraform/).
RESOURCES = [
    "aws_emr_cluster",
    "aws_emr_instance_fleet",
    "aws_emr_instance_group",
    "aws_emr_managed_scaling_policy",
    "aws_emr_security_configuration",
    "aws_emr_studio",
    "aws_emr_studio_session_mapping",
    "aws_iam_group_policy_attachment",
    "aws_iam_instance_profile",
    "aws_iam_policy",
    "aws_iam_role",
    "aws_iam_role_policy",
    "aws_iam_role_policy_attachment",
    "aws_iam_user_policy_attachment",
    "aws_security_group",
    "aws_vpc_security_group_egress_rule",
    "aws_vpc_security_group_ingress_rule",
    "aws_cloudformation_stack_set",
    "aws_cloudformation_stack_set_instance",  # OU targets (terraform_targets.py)
]
DATA_SOURCES = ["aws_caller_identity", "aws_partition", "aws_region", "aws_service_principal"]

ATTR = re.compile(r"// (\w+) - computed: (\w+), optional: (\w+), required: (\w+)")
BLOCK = re.compile(r'new (\w+?)(?:OutputReference|List)\(this, "(\w+)"')
CLASS = re.compile(r"^class (\w+) extends ", re.M)


def classes(js: str) -> dict[str, str]:
    starts = [(m.group(1), m.start()) for m in CLASS.finditer(js)]
    bodies = {}
    for i, (name, start) in enumerate(starts):
        end = starts[i + 1][1] if i + 1 < len(starts) else len(js)
        bodies[name] = js[start:end]
    return bodies


def schema_of(body: str, bodies: dict[str, str], depth: int = 0) -> dict:
    blocks = {}
    for struct, block in BLOCK.findall(body):
        inner = bodies.get(struct + "OutputReference")
        if inner is not None and depth < 6:
            blocks[block] = schema_of(inner, bodies, depth + 1)
    attributes = {
        name: {"computed": c == "true", "optional": o == "true", "required": r == "true"}
        for name, c, o, r in ATTR.findall(body)
        if name not in blocks
    }
    out: dict = {"attributes": attributes}
    if blocks:
        out["blocks"] = blocks
    return out


def extract(tgz: str) -> dict:
    out: dict = {"resource": {}, "data": {}}
    versions = set()
    with tarfile.open(tgz) as archive:
        package = json.load(archive.extractfile("package/package.json"))
        for kind, names, prefix in (("resource", RESOURCES, ""), ("data", DATA_SOURCES, "data-")):
            for rtype in names:
                path = (
                    f"package/lib/{prefix}{rtype.replace('_', '-') if prefix else rtype[4:].replace('_', '-')}/index.js"
                )
                js = archive.extractfile(path).read().decode()
                bodies = classes(js)
                [top] = [b for b in bodies.values() if f'static tfResourceType = "{rtype}"' in b]
                top = top[: top.index("synthesizeAttributes()")]
                versions.add(re.search(r"providerVersion: '([^']+)'", top).group(1))
                out[kind][rtype] = schema_of(top, bodies)
    [provider] = versions
    out["source"] = {"package": f"{package['name']}@{package['version']}", "provider": f"hashicorp/aws {provider}"}
    return out


if __name__ == "__main__":
    json.dump(extract(sys.argv[1]), sys.stdout, indent=1, sort_keys=True)
    sys.stdout.write("\n")
