"""Splitting a plan that does not fit one CloudFormation stack into nested stacks.

A parent template creates one AWS::CloudFormation::Stack per part; each part holds the resources of one
concern (security configuration, IAM roles, clusters, studio, users in batches). A reference to a resource
in another part becomes a parameter of the consuming part, fed by the parent from an output of the
producing part. Parts are cut greedily, in plan order, under every CloudFormation quota with a margin.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from ..plan import limits
from ..plan.core import Output, Plan, Resource, camel
from ..plan.refs import ref_attrs

CONCERNS = ("security", "iam", "cluster", "studio", "users")
MAX_RESOURCES = 400  # of 500
MAX_PARAMETERS = 180  # of 200
MAX_OUTPUTS = 180  # of 200
MAX_BYTES = 700 * 1024  # of 1 MiB, estimated before rendering


@dataclass
class Part:
    name: str
    resources: list[Resource] = field(default_factory=list)
    imports: list[tuple[str, str]] = field(default_factory=list)  # (key, attr) produced by another part
    exports: list[tuple[str, str]] = field(default_factory=list)  # (key, attr) other parts import
    outputs: list[Output] = field(default_factory=list)
    size: int = 0

    @property
    def logical_id(self) -> str:
        return camel(self.name) + "Stack"


def estimate(res: Resource) -> int:
    """Rough YAML size of a resource: its data as JSON, times the indentation YAML adds."""
    return int(len(json.dumps(res.props, default=limits.longest_leaf)) * 1.8) + 200


def needs_split(plan: Plan, text_bytes: int) -> bool:
    return (
        len(plan.resources) > limits.CFN_RESOURCES
        or len(plan.outputs) > limits.CFN_OUTPUTS
        or text_bytes > limits.CFN_BODY_S3
    )


def split(plan: Plan) -> list[Part]:
    parts: list[Part] = []
    home: dict[str, Part] = {}
    # The most outputs a resource can cost its part: every attribute anything refers to, and plan outputs.
    out_cost: dict[str, set] = {}
    refs_of = {res.key: ref_attrs(res.props) for res in plan.resources}  # read once: walking props is costly
    for res in plan.resources:
        for key, attr in refs_of[res.key]:
            out_cost.setdefault(key, set()).add(attr)
    for output in plan.outputs:
        out_cost.setdefault(output.key, set()).add(output.attr)
    for concern in CONCERNS:
        members = dependencies_first([r for r in plan.resources if r.group == concern], refs_of)
        batch: Part | None = None
        wanted: set = set()  # every reference the batch's resources make
        inside: set = set()  # the batch's resources' keys
        outputs = 0
        for res in members:
            refs = refs_of[res.key]
            if batch:
                imports = {k for k in wanted | refs if k[0] not in inside and k[0] != res.key}
            else:
                imports = wanted | refs
            size = estimate(res)
            cost = len(out_cost.get(res.key, ()))
            if (
                batch is None
                or len(batch.resources) >= MAX_RESOURCES
                or batch.size + size > MAX_BYTES
                or len(imports) > MAX_PARAMETERS
                or outputs + cost > MAX_OUTPUTS
            ):
                number = sum(p.name.split("-")[0] == concern for p in parts) + 1
                batch = Part(concern if number == 1 else f"{concern}-{number:02d}")
                parts.append(batch)
                wanted = set()
                inside = set()
                outputs = 0
            batch.resources.append(res)
            inside.add(res.key)
            batch.size += size
            outputs += cost
            wanted |= refs
            home[res.key] = batch
    for part in parts:
        part.imports = sorted({k for r in part.resources for k in refs_of[r.key] if home[k[0]] is not part})
        for key, attr in part.imports:
            if (key, attr) not in home[key].exports:
                home[key].exports.append((key, attr))
    for output in plan.outputs:
        home[output.key].outputs.append(output)
    for part in parts:
        part.exports.sort()
        outputs = len(set(part.exports) | {(o.key, o.attr) for o in part.outputs})
        if len(part.imports) > limits.CFN_PARAMETERS or outputs > limits.CFN_OUTPUTS:
            from ..errors import RenderError

            raise RenderError(
                f"internal error: nested stack {part.name} needs {len(part.imports)} parameters and "
                f"{outputs} outputs; CloudFormation allows {limits.CFN_PARAMETERS} and {limits.CFN_OUTPUTS}"
            )
    return parts


def stack_depends_on(parts: list[Part]) -> dict[str, list[str]]:
    """Nested stack -> the nested stacks it must be created after and deleted before, beyond those it reads
    outputs of (a GetAtt orders those already; cfn-lint W3005 calls a DependsOn beside it obsolete): a resource's
    ``order`` (a cluster after the Studio's security groups, plan/studio.py) holds across parts only this way."""
    home = {r.key: part for part in parts for r in part.resources}
    reads = {part.name: {home[key].name for key, _ in part.imports} for part in parts}
    out = {}
    for part in parts:
        after = {home[k].name for r in part.resources for k in r.order if k in home and home[k] is not part}
        out[part.name] = sorted(after - reads[part.name])
    for part in parts:  # a cycle would fail the deployment: it must never reach the disk
        seen, todo = set(), list(out[part.name]) + sorted(reads[part.name])
        while todo:
            name = todo.pop()
            if name == part.name:
                from ..errors import RenderError

                raise RenderError(f"internal error: nested stack {part.name} would depend on itself")
            if name not in seen:
                seen.add(name)
                todo += out[name] + sorted(reads[name])
    return out


def dependencies_first(resources: list[Resource], refs_of: dict | None = None) -> list[Resource]:
    """Plan order, except that a resource comes after those it refers to: references between parts
    then only point backwards, and the nested stacks cannot depend on each other in a circle."""
    by_key = {r.key: r for r in resources}
    placed: dict[str, Resource] = {}

    def place(res: Resource) -> None:
        if res.key in placed:
            return
        placed[res.key] = res  # mark first: a cycle inside one concern cannot loop forever
        for key, _ in sorted(refs_of[res.key] if refs_of is not None else ref_attrs(res.props)):
            if key in by_key:
                place(by_key[key])
        placed.pop(res.key)
        placed[res.key] = res

    for res in resources:
        place(res)
    return list(placed.values())


def io_name(plan: Plan, key: str, attr: str) -> str:
    """The name of a value passed between stacks: an output of its producer, a parameter of its consumers."""
    return plan.get(key).cfn_id + attr.capitalize()
