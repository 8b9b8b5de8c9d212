"""IAM statements -> ``users[].access`` rows, exactly or not at all (issue 16).

A statement that allows GetClusterSessionCredentials or AddJobFlowSteps becomes an access row only when
emrgen would write a statement that IAM decides identically for those two actions: Allow; Resource "*" or
cluster ARNs of this account and region; an ``elasticmapreduce:ExecutionRoleArn`` condition with StringEquals
(exact roles) or StringLike (patterns), and optionally StringEquals ``elasticmapreduce:ResourceTag/KEY`` with
one value each (what ``grants.py`` writes). Anything else is returned as a :class:`Problem` naming the policy
and Sid, so the importer lists it as "not reproduced": never dropped, never widened.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..plan.grants import SESSION_ACTION, STEPS_ACTION
from ..plan.policies import EXECUTION_ROLE_KEY
from ..review.evaluate import UnsupportedPolicy, action_applies

TAG_PREFIX = "elasticmapreduce:resourcetag/"
WILDCARD = re.compile(r"[*?]")


@dataclass(frozen=True)
class Problem:
    principal: str
    where: str  # policy#Sid
    reason: str

    def text(self) -> str:
        return f"{self.principal}: {self.where}: {self.reason}"


@dataclass
class Row:
    actions: frozenset
    exact: list = field(default_factory=list)  # role ARNs
    patterns: list = field(default_factory=list)  # role ARN patterns
    clusters: object = "any"  # "any" or [cluster ids]
    tags: dict = field(default_factory=dict)
    sources: list = field(default_factory=list)  # policy#Sid

    def scope(self) -> tuple:
        return (
            tuple(sorted(self.actions)),
            self.clusters if self.clusters == "any" else tuple(self.clusters),
            tuple(sorted(self.tags.items())),
        )


def statements(document: dict) -> list:
    found = document.get("Statement", [])
    return [found] if isinstance(found, dict) else list(found)


def as_list(value) -> list:
    return list(value) if isinstance(value, (list, tuple)) else [value]


def relevant_actions(statement: dict) -> frozenset:
    try:
        return frozenset(a for a in (SESSION_ACTION, STEPS_ACTION) if action_applies(statement, a))
    except UnsupportedPolicy:
        return frozenset()  # no Action/NotAction, or Principal: not an identity statement emrgen reads


def cluster_ids(resources: list, partition: str, region: str, account: str) -> list | str:
    """ "any" for "*", else the cluster ids; raises ValueError naming a resource no access row can say."""
    if "*" in resources:
        return "any"
    prefix = f"arn:{partition}:elasticmapreduce:{region}:{account}:cluster/"
    ids = []
    for resource in resources:
        if not isinstance(resource, str) or not resource.startswith(prefix) or WILDCARD.search(resource[len(prefix) :]):
            raise ValueError(f'Resource {resource!r} is neither "*" nor a cluster ARN of account {account} in {region}')
        ids.append(resource[len(prefix) :])
    return ids


def conditions(block) -> tuple[list, list, dict]:
    """(exact role ARNs, role patterns, cluster tags) of a condition block; ValueError when emrgen cannot say it."""
    if not isinstance(block, dict):
        raise ValueError("Condition is not a mapping")
    exact, patterns, tags = [], [], {}
    for operator, keys in block.items():
        if operator not in ("StringEquals", "StringLike") or not isinstance(keys, dict):
            raise ValueError(f"condition operator {operator} (emrgen writes StringEquals and StringLike only)")
        for key, values in keys.items():
            values = [str(v) for v in as_list(values)]
            if key.lower() == EXECUTION_ROLE_KEY.lower():
                if operator == "StringEquals":
                    if any(WILDCARD.search(v) for v in values):
                        raise ValueError("StringEquals on ExecutionRoleArn with a * or ? matches it literally")
                    exact += values
                else:
                    # StringLike without a wildcard is an exact match: emrgen writes it under StringEquals.
                    exact += [v for v in values if not WILDCARD.search(v)]
                    patterns += [v for v in values if WILDCARD.search(v)]
            elif key.lower().startswith(TAG_PREFIX):
                if len(values) != 1 or (operator == "StringLike" and WILDCARD.search(values[0])):
                    raise ValueError(f"{operator} {key} with {values}: emrgen matches one tag value exactly")
                tags[key.split("/", 1)[1]] = values[0]
            else:
                raise ValueError(f"condition key {key} (emrgen conditions on ExecutionRoleArn and ResourceTag only)")
    if not exact and not patterns:
        raise ValueError("no elasticmapreduce:ExecutionRoleArn condition: it grants every runtime role")
    if sum(1 for op, keys in block.items() for k in keys if k.lower() == EXECUTION_ROLE_KEY.lower()) > 1:
        raise ValueError("ExecutionRoleArn under two operators: they are ANDed, which no access row says")
    return exact, patterns, tags


def statement_row(
    principal: str, policy: str, number: int, statement: dict, partition: str, region: str, account: str
) -> Row | Problem | None:
    """The row one statement grants, a Problem, or None when it does not concern the two actions."""
    if not isinstance(statement, dict):
        return None
    actions = relevant_actions(statement)
    if not actions:
        return None
    where = f"{policy}#{statement.get('Sid') or number}"
    try:
        if statement.get("Effect") != "Allow":
            raise ValueError(
                f"Effect {statement.get('Effect')}: emrgen writes no Deny; the access it removes is "
                "not in the imported spec"
            )
        if "NotAction" in statement or "NotResource" in statement:
            raise ValueError("NotAction/NotResource: emrgen lists actions and resources")
        clusters = cluster_ids(as_list(statement.get("Resource", [])), partition, region, account)
        exact, patterns, tags = conditions(statement.get("Condition", {}))
    except ValueError as exc:
        return Problem(principal, where, str(exc))
    return Row(actions, exact, patterns, clusters, tags, [where])


def principal_rows(principal: str, policies: list, partition: str, region: str, account: str):
    """(rows merged by scope, problems) for every statement in a principal's identity policies."""
    merged: dict[tuple, Row] = {}
    problems: list[Problem] = []
    for name, document in policies:
        for number, statement in enumerate(statements(document), start=1):
            found = statement_row(principal, name, number, statement, partition, region, account)
            if isinstance(found, Problem):
                problems.append(found)
            elif found is not None:
                if found.actions == frozenset({STEPS_ACTION}):
                    problems.append(
                        Problem(
                            principal,
                            found.sources[0],
                            "AddJobFlowSteps without "
                            "GetClusterSessionCredentials: emrgen grants steps with sessions only",
                        )
                    )
                    continue
                row = merged.setdefault(found.scope(), Row(found.actions, clusters=found.clusters, tags=found.tags))
                row.exact += [a for a in found.exact if a not in row.exact]
                row.patterns += [p for p in found.patterns if p not in row.patterns]
                row.sources += found.sources
    return list(merged.values()), problems
