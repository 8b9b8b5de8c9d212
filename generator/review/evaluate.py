"""A small IAM policy evaluator for identity-based policies, enough to answer "may this principal call
GetClusterSessionCredentials (or AddJobFlowSteps) on this cluster, as this runtime role?" from the
documents emrgen actually generated (issue 5).

It follows the IAM policy evaluation logic for one account without resource policies, boundaries or SCPs:
an explicit Deny in any applicable policy wins; otherwise any Allow allows; otherwise the request is
implicitly denied. With session policies (IAM Identity Center Studio users: the Studio user role's
policies narrowed by the user's session policy) a request must be allowed by both sets.

Condition semantics [IAMCOND]: operators in a block are ANDed, keys under one operator are ANDed,
the values of one key are ORed. Condition key names are case-insensitive, values are case-sensitive
(except *IgnoreCase). A key missing from the request makes a positive operator false and a negated one
true; ``...IfExists`` makes a missing key true. An operator this module does not know raises
``UnsupportedPolicy``, so the review never guesses.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache


class UnsupportedPolicy(ValueError):
    """A policy uses a construct this evaluator does not implement (never silently ignored)."""


@dataclass(frozen=True)
class Request:
    action: str
    resource: str
    context: dict = field(default_factory=dict)  # key -> str or list of str

    def __post_init__(self) -> None:
        # Condition key names are case-insensitive: index the context by lower-case name once.
        lowered = {k.lower(): (list(v) if isinstance(v, (list, tuple)) else [v]) for k, v in self.context.items()}
        object.__setattr__(self, "_lowered", lowered)

    def values(self, key: str) -> list[str] | None:
        return self._lowered.get(key.lower())


@dataclass(frozen=True)
class Match:
    """A statement that applies to a request: which policy, which Sid (or statement number)."""

    policy: str
    sid: str
    effect: str

    def __str__(self) -> str:
        return f"{self.policy}#{self.sid}"


@dataclass(frozen=True)
class Decision:
    allows: tuple[Match, ...] = ()
    denies: tuple[Match, ...] = ()

    @property
    def allowed(self) -> bool:
        return bool(self.allows) and not self.denies

    @property
    def explicit_deny(self) -> bool:
        return bool(self.denies)


Policy = tuple  # (name, document)


class PolicySet:
    """A principal's policies, with the statements that apply to each action found once (the access
    matrix asks about the same two actions thousands of times)."""

    def __init__(self, policies: Sequence[Policy]):
        self.policies = tuple(policies)
        self._by_action: dict[str, list] = {}

    @classmethod
    def of(cls, policies) -> PolicySet:
        return policies if isinstance(policies, PolicySet) else cls(policies)

    def statements(self, action: str) -> list:
        """[(Match, statement)] whose Action/NotAction covers ``action``."""
        if action not in self._by_action:
            found = []
            for name, document in self.policies:
                for number, statement in enumerate(_statements(document), start=1):
                    if action_applies(statement, action):
                        effect = statement.get("Effect")
                        if effect not in ("Allow", "Deny"):
                            raise UnsupportedPolicy(f"{name}: statement {number} has Effect {effect!r}")
                        found.append((Match(name, str(statement.get("Sid") or number), effect), statement))
            self._by_action[action] = found
        return self._by_action[action]


def evaluate(policies, request: Request) -> Decision:
    """Identity-based evaluation of one principal's policies (a list: one user may hold several)."""
    allows, denies = [], []
    for match, statement in PolicySet.of(policies).statements(request.action):
        if applies_to(statement, request):
            (allows if match.effect == "Allow" else denies).append(match)
    return Decision(tuple(allows), tuple(denies))


def evaluate_with_session(identity, session, request: Request) -> Decision:
    """Effective permissions of a session = identity policies ∩ session policies; a Deny in either wins.
    The allows reported are the session policy's: that is where emrgen writes a user's grants."""
    ident = evaluate(identity, request)
    sess = evaluate(session, request)
    denies = ident.denies + sess.denies
    allows = sess.allows if ident.allows and sess.allows else ()
    return Decision(allows, denies)


def _statements(document: dict) -> list[dict]:
    statements = document.get("Statement", [])
    return [statements] if isinstance(statements, dict) else list(statements)


def _as_list(value) -> list:
    return list(value) if isinstance(value, (list, tuple)) else [value]


def action_applies(statement: dict, action: str) -> bool:
    for bad in ("Principal", "NotPrincipal"):
        if bad in statement:
            raise UnsupportedPolicy(f"{bad} in an identity policy statement")
    if "Action" in statement:
        return any(action_matches(p, action) for p in _as_list(statement["Action"]))
    if "NotAction" in statement:
        return not any(action_matches(p, action) for p in _as_list(statement["NotAction"]))
    raise UnsupportedPolicy("statement without Action or NotAction")


def applies_to(statement: dict, request: Request) -> bool:
    """Resource and Condition of a statement whose action already matched."""
    if "Resource" in statement:
        if not any(resource_matches(p, request.resource, request) for p in _as_list(statement["Resource"])):
            return False
    elif "NotResource" in statement:
        if any(resource_matches(p, request.resource, request) for p in _as_list(statement["NotResource"])):
            return False
    else:
        raise UnsupportedPolicy("statement without Resource or NotResource")
    return conditions_hold(statement.get("Condition", {}), request)


@lru_cache(maxsize=4096)
def _glob(pattern: str, ignore_case: bool = False) -> re.Pattern:
    body = "".join(".*" if c == "*" else "." if c == "?" else re.escape(c) for c in pattern)
    return re.compile(body, re.DOTALL | (re.IGNORECASE if ignore_case else 0))


@lru_cache(maxsize=65536)
def glob_match(pattern: str, value: str, ignore_case: bool = False) -> bool:
    return _glob(pattern, ignore_case).fullmatch(value) is not None


def action_matches(pattern: str, action: str) -> bool:
    # Action names are case-insensitive; "*" and "service:*" are ordinary globs.
    return glob_match(pattern, action, ignore_case=True)


VARIABLE = re.compile(r"\$\{([^}]*)\}")


def substitute(text: str, request: Request) -> str | None:
    """Replace IAM policy variables (${aws:userid}, ${*}, ...) from the context; None when one is missing
    (the value then matches nothing, as IAM does for an unresolvable variable)."""
    if "${" not in text:
        return text
    missing = False

    def repl(m: re.Match) -> str:
        nonlocal missing
        name = m.group(1)
        if name in ("*", "?", "$"):
            return name  # literal escapes; a literal * or ? stays a wildcard in Like operators (IAM does the same)
        name, _, default = name.partition(", ")
        values = request.values(name)
        if values:
            return values[0]
        if default:
            return default.strip("'")
        missing = True
        return ""

    out = VARIABLE.sub(repl, text)
    return None if missing else out


@lru_cache(maxsize=65536)
def arn_match(pattern: str, value: str) -> bool:
    """ArnLike/ArnEquals: each of the six colon-separated parts matched separately, with wildcards."""
    p_parts, v_parts = pattern.split(":", 5), value.split(":", 5)
    if len(p_parts) != 6 or len(v_parts) != 6:
        return False
    return all(glob_match(p, v) for p, v in zip(p_parts, v_parts, strict=False))


def resource_matches(pattern: str, resource: str, request: Request) -> bool:
    pattern = substitute(pattern, request)
    if pattern is None:
        return False
    if pattern == "*":
        return True
    if pattern.count(":") >= 5 and resource.count(":") >= 5:
        return arn_match(pattern, resource)
    return glob_match(pattern, resource)


# operator -> (per-value test, negated)
_BASE = {
    "StringEquals": (lambda p, v: p == v, False),
    "StringNotEquals": (lambda p, v: p == v, True),
    "StringEqualsIgnoreCase": (lambda p, v: p.lower() == v.lower(), False),
    "StringNotEqualsIgnoreCase": (lambda p, v: p.lower() == v.lower(), True),
    "StringLike": (glob_match, False),
    "StringNotLike": (glob_match, True),
    "ArnEquals": (arn_match, False),
    "ArnLike": (arn_match, False),
    "ArnNotEquals": (arn_match, True),
    "ArnNotLike": (arn_match, True),
    "Bool": (lambda p, v: p.lower() == v.lower(), False),
}


def conditions_hold(block: dict, request: Request) -> bool:
    if not isinstance(block, dict):
        raise UnsupportedPolicy("Condition is not a mapping")
    return all(operator_holds(op, keys, request) for op, keys in block.items())


def operator_holds(operator: str, keys: dict, request: Request) -> bool:
    qualifier, _, name = operator.rpartition(":")
    if qualifier not in ("", "ForAnyValue", "ForAllValues"):
        raise UnsupportedPolicy(f"condition set operator {qualifier!r}")
    if_exists = name.endswith("IfExists")
    base = name[: -len("IfExists")] if if_exists else name
    if base == "Null":
        return all(
            (request.values(k) is None) == (str(v).lower() == "true") for k, vs in keys.items() for v in _as_list(vs)
        )
    if base not in _BASE:
        raise UnsupportedPolicy(f"condition operator {operator!r}")
    test, negated = _BASE[base]
    return all(
        key_holds(test, negated, qualifier, if_exists, _as_list(values), request.values(key), request)
        for key, values in keys.items()
    )


def key_holds(
    test,
    negated: bool,
    qualifier: str,
    if_exists: bool,
    policy_values: list,
    context_values: list[str] | None,
    request: Request,
) -> bool:
    if not context_values:
        if qualifier == "ForAllValues":
            return True  # vacuously true: every one of no values matches
        if qualifier == "ForAnyValue":
            return False
        return if_exists or negated
    resolved = [s for s in (substitute(str(p), request) for p in policy_values) if s is not None]

    def one(value: str) -> bool:
        hit = any(test(p, value) for p in resolved)
        return not hit if negated else hit

    if qualifier == "ForAllValues":
        return all(one(v) for v in context_values)
    if qualifier == "ForAnyValue" or not negated:
        return any(one(v) for v in context_values)
    return all(one(v) for v in context_values)


def may_allow(policies, action: str, key: str, value: str) -> bool:
    """False only when no Allow statement for ``action`` can hold once ``key`` is ``value``, whatever the
    rest of the request: the conditions of a statement are ANDed, so one failing test on that key sinks it.
    The access matrix uses it to skip runtime roles a user's policies never name; it never decides an Allow."""
    request = Request(action, "", {key: value})
    for match, statement in PolicySet.of(policies).statements(action):
        if match.effect != "Allow":
            continue
        block = statement.get("Condition", {})
        if not isinstance(block, dict):
            return True
        sunk = False
        for operator, keys in block.items():
            mine = {k: v for k, v in keys.items() if k.lower() == key.lower()}
            if mine and "${" not in str(mine) and not operator_holds(operator, mine, request):
                sunk = True
                break
        if not sunk:
            return True
    return False


def decide(identity, session, request: Request) -> Decision:
    """A principal's decision: its identity policies, narrowed by session policies when it has them."""
    return evaluate(identity, request) if session is None else evaluate_with_session(identity, session, request)
