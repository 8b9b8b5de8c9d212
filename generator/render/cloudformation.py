"""The plan as a CloudFormation template (YAML through Jinja; JSON derived from the decoded YAML)."""

from __future__ import annotations

import json
import re

from ..check.readback import check_cloudformation, read_cloudformation
from ..plan import refs, suppressions
from ..plan.core import Output, Plan, Resource
from ..plan.header import header_text
from ..plan.kinds import GETATT, cfn_type_of
from ..plan.refs import Join, Ref
from . import env, stacks
from .values import CHINA_CONDITION, CfnWriter


def ref_target(plan: Plan):
    def target(ref: Ref) -> tuple[str, str | None]:
        res = plan.get(ref.key)
        return res.cfn_id, GETATT.get((res.kind, ref.attr))

    return target


def joins_with_literal_partition(value) -> bool:
    """True when some ARN names the spec's pinned partition inside a !Sub (cfn-lint I3042 flags those)."""
    if isinstance(value, Join):
        first = value.parts[0]
        return isinstance(first, str) and bool(re.match(r"arn:aws(-cn|-us-gov)?:", first))
    if isinstance(value, dict):
        return any(joins_with_literal_partition(v) for v in value.values())
    if isinstance(value, (list, tuple)):
        return any(joins_with_literal_partition(v) for v in value)
    return False


def networks(plan: Plan, needs: set[str]) -> dict:
    """Several target regions: region -> its network, for the mapping that RegionValue reads with !FindInMap
    (only in a template whose resources use it: cfn-lint warns about unused mappings)."""
    return plan.networks if "network" in needs else {}


def render_template(
    plan: Plan, resources: list[Resource], outputs: list, ref_target, parameters=(), part: str = ""
) -> str:
    """One template: all of the plan, or one part of a split plan (with its parameters and outputs)."""
    ignore = []
    if plan.spec.partition and any(joins_with_literal_partition(r.props) for r in resources):
        ignore.append(("I3042", f"the spec pins partition {plan.spec.partition}, so ARNs name it"))
    # Walking every property is the cost (issue 14): only several regions need the network, and only roles' trust
    # documents hold a ServicePrincipal (plan/policies.py Env.service_principal).
    if plan.networks:
        needs = plan.needs(resources)
    else:
        needs = refs.needs([res.props["trust"] for res in resources if res.kind == "role"])
    what = f"EMR Studio runtime roles for {plan.spec.name}" + (f", part {part}" if part else "")
    return env.render(
        "cloudformation/template.yaml.j2",
        header=header_text(plan.spec.source),
        description=f"{what}. {header_text(plan.spec.source)}",
        resources=resources,
        outputs=outputs,
        parameters=parameters,
        networks=networks(plan, needs),
        # only where used: cfn-lint warns about unused conditions (W8001)
        china_condition=CHINA_CONDITION if any(n.startswith("service:") for n in needs) else "",
        cfn_type=lambda r: cfn_type_of(r.kind, r.props),
        writer=CfnWriter(ref_target),
        cfn_skips=suppressions.cfn_skips,
        lint_ignores=ignore,
        pinned_region=plan.spec.region,
        depends=lambda r: [plan.get(k).cfn_id for k in r.order if plan.get(k) in resources],
        output_name=lambda o: plan.get(o.key).cfn_id + o.attr.capitalize(),
    )


def render_yaml(plan: Plan, unchecked: list[tuple[str, str]] | None = None) -> dict[str, str]:
    """``template.yaml``, and when the plan does not fit one stack, a parent ``template.yaml`` plus one
    ``<part>.yaml`` per nested stack (SPEC.md §2). Each is read back here, or, given ``unchecked``, added to it
    as (name, text) for the caller to read back before anything is written (readback.check_cloudformation_files)."""

    def check(text: str, name: str) -> None:  # parse what we emit: a generator bug must never reach the disk
        if unchecked is None:
            check_cloudformation(text, name)
        else:
            unchecked.append((name, text))

    text = None
    if not stacks.needs_split(plan, 0):  # over the counts it splits anyway: do not render it whole first
        text = render_template(plan, plan.resources, plan.outputs, ref_target(plan))
    if text is not None and not stacks.needs_split(plan, len(text.encode())):
        check(text, "template.yaml")
        return {"template.yaml": text}
    files = {}
    parts = stacks.split(plan)
    home = {r.key: part for part in parts for r in part.resources}
    by_name = {part.name: part for part in parts}
    for part in parts:
        inside = {r.key for r in part.resources}

        def target(ref: Ref, inside=inside) -> tuple[str, str | None]:
            if ref.key in inside:
                return ref_target(plan)(ref)
            return stacks.io_name(plan, ref.key, ref.attr), None  # a parameter: !Ref / ${Name}

        exported = [
            Output(key, attr, "Passed to other nested stacks by the parent")
            for key, attr in part.exports
            if not any((o.key, o.attr) == (key, attr) for o in part.outputs)
        ]
        parameters = [stacks.io_name(plan, key, attr) for key, attr in part.imports]
        files[f"{part.name}.yaml"] = render_template(
            plan, part.resources, part.outputs + exported, target, parameters, part.name
        )
    files["template.yaml"] = env.render(
        "cloudformation/parent.yaml.j2",
        header=header_text(plan.spec.source),
        description=f"EMR Studio runtime roles for {plan.spec.name}, as nested stacks. {header_text(plan.spec.source)}",
        parts=parts,
        home=home,
        pinned_region=plan.spec.region,
        io_name=lambda k, a: stacks.io_name(plan, k, a),
        depends_on={
            name: [by_name[n].logical_id for n in after] for name, after in stacks.stack_depends_on(parts).items()
        },
        outputs=plan.outputs if len(plan.outputs) <= 200 else [],
        writer=CfnWriter(ref_target(plan)),
    )
    for name, text in files.items():
        check(text, name)
    return dict(sorted(files.items()))


def render_json(yaml_text: str) -> str:
    """The same template as JSON, from the decoded YAML (so the two cannot differ)."""
    data = read_cloudformation(yaml_text, "template.yaml")
    resources = data.get("Resources", {})
    for res in resources.values():  # nested stacks point at the JSON children
        url = res.get("Properties", {}).get("TemplateURL") if res.get("Type") == "AWS::CloudFormation::Stack" else None
        if isinstance(url, str) and url.endswith(".yaml"):
            res["Properties"]["TemplateURL"] = url[: -len(".yaml")] + ".json"
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
