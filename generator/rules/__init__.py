"""Stage 3: the rules. One rule per module, each with its code(s) in CODES, a docstring citing its source, and a
fixture under tests/fixtures (bad/ for errors, warn/ for warnings):

- rules/spec/     rules over the spec model (references, clusters, network, studio, principals, tags, names ...)
- rules/targets/  rules for multi-account and multi-region `targets:`
- rules/plan/     AWS limits that need the built plan (E401-E406): the planner measures, these rules judge

Each sub-package lists its rules in RULES; nothing registers itself on import. Findings are sorted where they
are reported (SpecError, validate), so the order below is only the order in which rules run.
"""

from __future__ import annotations

from ..errors import Finding
from ..plan.core import Plan
from ..spec.model import Spec
from ..spec.report import Report
from . import plan as plan_rules
from . import spec as spec_rules
from . import targets as target_rules

SPEC_RULES = spec_rules.RULES + target_rules.RULES
PLAN_RULES = plan_rules.RULES
ALL_RULES = SPEC_RULES + PLAN_RULES


def check(spec: Spec, tolerant: bool = False) -> list[Finding]:
    """Run every spec rule. ``tolerant``: the model may hold None where the structure was invalid; skip a rule
    that trips over one."""
    report = Report(spec)
    for rule in SPEC_RULES:
        if not tolerant:
            rule.check(spec, report)
            continue
        before = len(report.findings)
        try:
            rule.check(spec, report)
        except Exception:  # noqa: BLE001 - see docstring
            del report.findings[before:]
    return report.findings


def check_plan(plan: Plan) -> list[Finding]:
    """Run the AWS-limit rules over what the planner measured (E401-E406)."""
    report = Report(plan.spec)
    for rule in PLAN_RULES:
        rule.check(plan, report)
    return report.findings
