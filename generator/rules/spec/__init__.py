"""Rules over the spec model, run before planning: references, clusters, network, studio, principals, security
configuration, tags, names, and the warnings. One rule per module; RULES lists them in the order they run."""

from __future__ import annotations

from . import (
    access_clusters,
    access_runtime_roles,
    any_cluster,
    at_rest_encryption,
    cluster_runtime_roles,
    ebs_volumes,
    emr_tags,
    existing_by_name,
    existing_cluster_fields,
    existing_role_trust,
    existing_security_configuration,
    fleet_capacity,
    generated_names,
    ignored_security_options,
    instance_fleets,
    known_applications,
    lake_formation_release,
    managed_scaling,
    network_present,
    network_tags,
    no_users,
    nothing_to_create,
    partition,
    principal_auth_mode,
    release_known,
    release_label,
    required_applications,
    role_patterns,
    security_configuration,
    single_primary,
    studio_auth_mode_settings,
    studio_in_transit,
    studio_limitations,
    studio_settings,
    subnet_in_network,
    trusted_identity_propagation,
    trusted_roles,
    unique_names,
    untrusted_grants,
    version,
)

RULES = (
    version,  # E105
    unique_names,  # E203
    access_runtime_roles,  # E201
    access_clusters,  # E202
    cluster_runtime_roles,  # E204
    trusted_roles,  # E205
    release_label,  # E301
    known_applications,  # E303
    required_applications,  # E302
    single_primary,  # E306
    existing_cluster_fields,  # E307
    existing_by_name,  # E335
    network_present,  # E308
    subnet_in_network,  # W108
    trusted_identity_propagation,  # E304
    studio_settings,  # E309
    studio_auth_mode_settings,  # E310
    studio_in_transit,  # E311
    studio_limitations,  # W105
    principal_auth_mode,  # E305
    security_configuration,  # E312
    existing_security_configuration,  # W104
    ignored_security_options,  # W106
    emr_tags,  # E316
    nothing_to_create,  # E317
    partition,  # E318
    generated_names,  # E313
    role_patterns,  # W101
    any_cluster,  # W102
    network_tags,  # W103
    existing_role_trust,  # W107
    untrusted_grants,  # W140
    instance_fleets,  # E330 (issue 17)
    fleet_capacity,  # E331
    managed_scaling,  # E332
    ebs_volumes,  # E333
    at_rest_encryption,  # E334
    lake_formation_release,  # W130
    release_known,  # W131
    no_users,  # W132
)
