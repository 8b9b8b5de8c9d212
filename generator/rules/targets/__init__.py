"""Rules for `targets:` (SPEC.md §4, issue 7), run over the spec model after the spec rules. With targets one
member template is deployed into many accounts and regions, so nothing in the spec may name one account or one
region. (Names that IAM keeps per account are not created twice in one account: with several regions, IAM is
split off, see plan/scopes.py.)"""

from __future__ import annotations

from . import (
    account_pinning,
    fixed_buckets,
    network_per_region,
    principals_per_account,
    shared_network,
    stackset_options,
    studio_available,
    target_regions,
    unused_network,
)

RULES = (
    stackset_options,  # E314
    account_pinning,  # E319
    target_regions,  # E320
    network_per_region,  # E321
    studio_available,  # E322
    unused_network,  # W110
    shared_network,  # W109
    principals_per_account,  # W120
    fixed_buckets,  # W121
)
