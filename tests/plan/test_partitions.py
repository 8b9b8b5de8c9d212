"""Service principals and iam:PassedToService per partition (issue 11 item 8; aws-facts.md B). EMR's principal is
elasticmapreduce.amazonaws.com.cn in aws-cn and .amazonaws.com elsewhere; EC2's is ec2.amazonaws.com everywhere
(AWS CLI create-default-roles since aws/aws-cli#8703, terraform-provider-aws data.aws_service_principal). PassRole to
EC2 is conditioned StringLike "ec2.amazonaws.com*" as AmazonEMRServicePolicy_v2's PassRoleForEC2 is."""

from __future__ import annotations

import pytest

from generator.plan.policies import Env, ec2_trust, emr_service_pass_role, emr_service_trust


@pytest.mark.parametrize(
    "partition, emr",
    [
        ("aws", "elasticmapreduce.amazonaws.com"),
        ("aws-us-gov", "elasticmapreduce.amazonaws.com"),
        ("aws-cn", "elasticmapreduce.amazonaws.com.cn"),
    ],
)
def test_principals_per_partition(partition: str, emr: str) -> None:
    env = Env(partition=partition, account="111122223333", region="x")
    assert emr_service_trust(env)["Statement"][0]["Principal"] == {"Service": emr}
    assert ec2_trust(env)["Statement"][0]["Principal"] == {"Service": "ec2.amazonaws.com"}
    condition = emr_service_pass_role(["arn"], env)["Statement"][0]["Condition"]
    assert condition == {"StringLike": {"iam:PassedToService": "ec2.amazonaws.com*"}}
