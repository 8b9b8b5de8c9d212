from cfnlint.helpers import REGIONS as CFN_LINT_REGIONS

from generator.spec.regions import REGIONS, STUDIO_UNAVAILABLE, partition_of


def test_region_list_matches_cfn_lint() -> None:
    assert sorted(REGIONS) == sorted(CFN_LINT_REGIONS)


def test_partitions() -> None:
    assert partition_of("cn-north-1") == "aws-cn"
    assert partition_of("us-gov-west-1") == "aws-us-gov"
    assert partition_of("eu-west-1") == "aws"


def test_studio_unavailable_matches_cfn_lint() -> None:
    """E322's offline list of regions without AWS::EMR::Studio is cfn-lint's region schemas, kept in sync."""
    from cfnlint.schema import PROVIDER_SCHEMA_MANAGER
    from cfnlint.schema._exceptions import ResourceNotFoundError

    missing = []
    for region in REGIONS:
        try:
            PROVIDER_SCHEMA_MANAGER.get_resource_schema(region, "AWS::EMR::Studio")
        except ResourceNotFoundError:
            missing.append(region)
    assert tuple(missing) == STUDIO_UNAVAILABLE
