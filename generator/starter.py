"""The spec ``emrgen init`` writes: valid as it stands, every section explained."""

STARTER = """\
# emrgen spec v1 (see the README for every key). Validate with: emrgen validate THIS_FILE
version: 1
name: analytics                  # prefix of every created name: ^[a-z][a-z0-9-]{0,31}$
# account_id: "111122223333"     # default: the deploying account
# region: us-east-1              # default: the deploying region
tags: {team: data}               # added to every taggable resource emrgen creates

network:                         # the VPC and subnets of the cluster and the studio
  vpc_id: vpc-0123456789abcdef0
  subnet_ids: [subnet-0123456789abcdef0]

security_configuration:          # enables runtime roles on the clusters emrgen creates
  propagate_source_identity: false
  lake_formation: false
  in_transit_encryption:         # EMR Studio connects over TLS
    certificate_provider: PEM
    s3_object: s3://my-emr-config-bucket/certs/my-certs.zip

runtime_roles:                   # the roles Workspace jobs may run as
  - name: analytics-reader
    description: Reads the raw zone
    s3_read: [s3://my-data-lake/raw/]
  # - name: team-etl             # a role that already exists (in every target account): referenced, not created
  #   existing: true

clusters:
  - name: interactive
    release_label: emr-7.5.0     # emr-6.11.0 or later
    core: {instance_type: m5.xlarge, count: 2}
    idle_timeout_seconds: 3600
    tags: {workload: interactive}
  # - name: team-clusters        # existing clusters, selected by tag instead of id (access -> ResourceTag conditions)
  #   match_tags: {team: analytics}
  #   instance_profile_role: team-emr-ec2   # their EC2 role by name: created runtime roles trust it

studio:
  name: analytics-studio
  auth_mode: IAM                 # IAM | SSO
  default_s3_location: s3://my-studio-bucket/workspaces/

users:                           # who may use which runtime role on which cluster
  - name: analysts
    principal: {role: analyst}   # IAM: role | user | group; SSO: sso_user | sso_group
    access:
      - runtime_roles: [analytics-reader]
        clusters: [interactive]
"""
