"""Fitting statements into IAM policies: merge statements that differ only in their list of runtime roles,
split a list that is too long, and pack the result into as few managed policies as fit 6,144 characters.

Merging is exact IAM semantics: within one condition operator and key the values are ORed, so two
statements with the same Effect, Action, Resource and otherwise identical Condition allow exactly what
one statement with both value lists allows.
"""

from __future__ import annotations

from .limits import MANAGED_POLICY_CHARS, document_chars, policy_chars, statement_chars
from .policies import EXECUTION_ROLE_KEY, VERSION, document


def role_condition(statement: dict) -> tuple[str, list] | None:
    for operator, keys in statement.get("Condition", {}).items():
        if EXECUTION_ROLE_KEY in keys:
            return operator, keys[EXECUTION_ROLE_KEY]
    return None


def scope_key(statement: dict) -> str | None:
    """Everything but the role list; None for statements without one (never merged)."""
    found = role_condition(statement)
    if found is None:
        return None
    operator, _ = found
    condition = {
        op: {k: v for k, v in keys.items() if not (op == operator and k == EXECUTION_ROLE_KEY)}
        for op, keys in statement["Condition"].items()
    }
    return repr((statement["Effect"], statement["Action"], statement["Resource"], operator, condition))


def with_roles(statement: dict, roles: list) -> dict:
    operator, _ = role_condition(statement)
    condition = {op: dict(keys) for op, keys in statement["Condition"].items()}
    condition[operator][EXECUTION_ROLE_KEY] = roles
    return {**statement, "Condition": condition}


def merge(statements: list[dict]) -> tuple[list[dict], dict[str, str]]:
    """Merge same-scope grants (first Sid wins); also return old Sid -> new Sid."""
    out: list[dict] = []
    by_scope: dict[str, int] = {}
    renamed: dict[str, str] = {}
    for statement in statements:
        key = scope_key(statement)
        if key is not None and key in by_scope:
            target = out[by_scope[key]]
            roles = list(role_condition(target)[1])
            roles += [r for r in role_condition(statement)[1] if r not in roles]
            out[by_scope[key]] = with_roles(target, roles)
            renamed[statement["Sid"]] = target["Sid"]
            continue
        if key is not None:
            by_scope[key] = len(out)
        out.append(statement)
        renamed[statement["Sid"]] = statement["Sid"]
    return out, renamed


def split_large(statement: dict, budget: int) -> list[dict]:
    """A statement whose role list alone breaks the budget becomes several, each with part of the list."""
    return [piece for piece, _ in split_sized(statement, budget)]


def split_sized(statement: dict, budget: int) -> list[tuple[dict, int]]:
    """split_large, each piece with its size (limits.statement_chars), measured once."""
    size = statement_chars(statement)
    if document_chars(VERSION, [size]) <= budget or role_condition(statement) is None:
        return [(statement, size)]
    roles = role_condition(statement)[1]
    if len(roles) < 2:
        return [(statement, size)]  # cannot be made smaller; rules/plan/statement_size.py reports it
    half = len(roles) // 2
    first = with_roles(statement, roles[:half])
    second = {**with_roles(statement, roles[half:]), "Sid": statement["Sid"] + "B"}
    return split_sized(first, budget) + split_sized(second, budget)


def pack(statements: list[dict], budget: int = MANAGED_POLICY_CHARS) -> list[list[dict]]:
    """Statements in order, into as few policies as fit ``budget`` (next-fit keeps the order stable)."""
    return pack_sized(statements, budget)[0]


def pack_sized(statements: list[dict], budget: int = MANAGED_POLICY_CHARS) -> tuple[list[list[dict]], list[int]]:
    """pack, and each policy's size. Each statement is measured once; a policy's size is the sum of its
    statements' (limits.document_chars), not a new measurement of the whole policy as it grows (issue 14)."""
    policies: list[list[dict]] = []
    totals: list[int] = []
    current: list[dict] = []
    sizes: list[int] = []
    for statement, size in (piece for s in statements for piece in split_sized(s, budget)):
        if current and document_chars(VERSION, sizes + [size]) > budget:
            policies.append(current)
            totals.append(document_chars(VERSION, sizes))
            current, sizes = [], []
        current.append(statement)
        sizes.append(size)
    if current:
        policies.append(current)
        totals.append(document_chars(VERSION, sizes))
    return policies, totals


def largest(policies: list[list[dict]], sizes: list[int] | None = None) -> int:
    """The size of the largest packed policy: above the budget only when one statement alone breaks it.
    ``sizes``: the policies' sizes when already known (pack_sized)."""
    sizes = sizes if sizes is not None else [policy_chars(document(*p)) for p in policies]
    return max(sizes, default=0)
