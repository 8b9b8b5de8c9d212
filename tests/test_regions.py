from cfnlint.helpers import REGIONS as CFN_LINT_REGIONS

from generator.spec.regions import REGIONS, partition_of


def test_region_list_matches_cfn_lint() -> None:
    assert sorted(REGIONS) == sorted(CFN_LINT_REGIONS)


def test_partitions() -> None:
    assert partition_of("cn-north-1") == "aws-cn"
    assert partition_of("us-gov-west-1") == "aws-us-gov"
    assert partition_of("eu-west-1") == "aws"
