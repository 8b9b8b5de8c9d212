"""E201: every runtime role named in users[].access[].runtime_roles is declared, or is a role ARN or a
role name/ARN pattern of the right shape.

Sources: SPEC.md §1 ("references resolve"); IAM User Guide, "IAM identifiers" (role ARN
arn:PARTITION:iam::ACCOUNT:role/NAME, role names of [\\w+=,.@-]); Management Guide, "Run an EMR Studio Workspace
with a runtime role" (emr-studio-runtime.html), the policy examples that grant roles by ARN prefix with StringLike.
"""

from __future__ import annotations

import re

from ...spec.definition import ROLE_ARN
from ...spec.model import Spec, is_pattern
from ...spec.report import Report
from ..suggest import hint

CODES = ("E201",)


def check(spec: Spec, r: Report) -> None:
    role_names = [x.name for x in spec.runtime_roles]
    for user in spec.users:
        for access in user.access:
            for i, entry in enumerate(access.runtime_roles):
                path = access.path + ("runtime_roles", i)
                if is_pattern(entry):
                    if entry.startswith("arn:") and not re.fullmatch(r"arn:[\w*?-]+:iam::[\d*?]{1,12}:role/.+", entry):
                        r.error(
                            path, "E201", f"'{entry}' is not a role ARN pattern (arn:PARTITION:iam::ACCOUNT:role/NAME*)"
                        )
                    elif not entry.startswith("arn:") and not re.fullmatch(r"[\w+=,.@*?/-]{1,64}", entry):
                        r.error(
                            path,
                            "E201",
                            f"'{entry}' is not a role name pattern: use letters, digits, + = , . @ _ - and * or ?",
                        )
                    continue
                if entry.startswith("arn:"):
                    if not re.fullmatch(ROLE_ARN, entry):
                        r.error(path, "E201", f"'{entry}' is not an IAM role ARN")
                    continue
                if spec.runtime_role(entry) is None:
                    r.error(
                        path,
                        "E201",
                        f"unknown runtime role '{entry}'{hint(entry, role_names)}"
                        + ("" if role_names else "; declare it under runtime_roles or give its ARN"),
                    )
