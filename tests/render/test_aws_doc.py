"""examples/aws-doc.yaml reproduces, statement for statement, the three JSON examples of the AWS page
"Run an EMR Studio Workspace with a runtime role" (../shared/reference/emr-studio-runtime-role.txt),
modulo Sid and the partition/region written as pseudo parameters where the spec gives none."""

from __future__ import annotations

import json

from ..cfndecode import decode
from ..hclexpr import read

# Verbatim from the page (whitespace aside).
AWS_EXAMPLES = [
    """{ "Sid": "AllowSpecificExecRoleArn", "Effect": "Allow", "Action": [ "elasticmapreduce:GetClusterSessionCredentials" ],
      "Resource": "*", "Condition": { "StringEquals": { "elasticmapreduce:ExecutionRoleArn": [
      "arn:aws:iam::111122223333:role/test-emr-demo1", "arn:aws:iam::111122223333:role/test-emr-demo2" ] } } }""",
    """{ "Sid":"AllowSpecificExecRoleArn", "Effect":"Allow", "Action":[ "elasticmapreduce:GetClusterSessionCredentials" ],
      "Resource": [ "arn:aws:elasticmapreduce:<region>:111122223333:cluster/j-123456789" ], "Condition":{ "StringEquals":{
      "elasticmapreduce:ExecutionRoleArn":[ "arn:aws:iam::111122223333:role/test-emr-demo3" ] } } }""",
    """{ "Sid":"AllowSpecificExecRoleArn", "Effect":"Allow", "Action":[ "elasticmapreduce:GetClusterSessionCredentials" ],
      "Resource": "*", "Condition":{ "StringEquals":{ "elasticmapreduce:ResourceTag/tagKey": "tagValue" }, "StringLike":{
      "elasticmapreduce:ExecutionRoleArn":[ "arn:aws:iam::111122223333:role/test-emr-demo4*" ] } } }""",
]
PSEUDO_AS_PAGE = {
    "${AWS::Partition}": "aws",
    "${AWS::Region}": "<region>",
    "${data.aws_partition.current.partition}": "aws",
    "${data.aws_region.current.id}": "<region>",
}


def as_page_writes_it(value):
    if isinstance(value, dict) and set(value) == {"Fn::Sub"}:
        value = value["Fn::Sub"]
        for pseudo, text in PSEUDO_AS_PAGE.items():
            value = value.replace(pseudo, text)
        return value
    if isinstance(value, dict) and set(value) == {"$template"}:
        return "".join(
            p if isinstance(p, str) else PSEUDO_AS_PAGE["${" + p["$interp"] + "}"] for p in value["$template"]
        )
    if isinstance(value, dict):
        return {k: as_page_writes_it(v) for k, v in value.items() if k != "Sid"}
    if isinstance(value, list):
        return [as_page_writes_it(v) for v in value]
    return value


def expected():
    return [as_page_writes_it(json.loads(text)) for text in AWS_EXAMPLES]


def test_cloudformation_statements_are_the_aws_examples(rendered_examples) -> None:
    template = decode(rendered_examples["aws-doc"].files["cloudformation/template.yaml"], "aws-doc")
    policies = [
        r["Properties"]["PolicyDocument"]
        for r in template["Resources"].values()
        if r["Type"] == "AWS::IAM::ManagedPolicy"
    ]
    statements = [as_page_writes_it(s) for doc in policies for s in doc["Statement"]]
    assert json.loads(json.dumps(statements)) == expected()


def test_terraform_statements_are_the_aws_examples(rendered_examples) -> None:
    import hcl2

    users = hcl2.loads(rendered_examples["aws-doc"].files["terraform/users.tf"])
    docs = []
    for block in users["resource"]:
        for rtype, named in block.items():
            if rtype.strip('"') == "aws_iam_policy":
                for body in named.values():
                    expr = body["policy"]
                    assert expr.startswith("${") and expr.endswith("}")
                    docs.append(read(expr[2:-1]))
    statements = [as_page_writes_it(s) for doc in docs for s in doc["Statement"]]
    assert statements == expected()
