"""Synthetic specs by size for the benchmark (and the scale tests): deterministic, valid, varied access shapes."""

from __future__ import annotations

import yaml

SIZES = {
    # name: (users, runtime roles, clusters)
    "S": (20, 8, 2),
    "M": (300, 60, 10),
    "L": (3000, 400, 60),
    "XL": (20000, 2000, 200),
}


# A size may name target regions too: "L-2R" is L rolled out to an OU in two regions (the account/regional split).
REGIONS = ["us-east-1", "eu-west-1", "ap-southeast-2", "us-west-2", "eu-central-1"]


def parse(size: str) -> tuple[str, int]:
    base, _, regions = size.partition("-")
    return base, int(regions.rstrip("R")) if regions else 0


def spec(size: str, auth_mode: str = "IAM") -> dict:
    base, regions = parse(size)
    users, roles, clusters = SIZES[base]
    role_names = [f"rr-team{i // 10:03d}-{i:05d}" for i in range(roles)]
    spec: dict = {
        "version": 1,
        "name": f"bench-{size.lower()}",
        "tags": {"team": "data"},
        "network": {"vpc_id": "vpc-0123456789abcdef0", "subnet_ids": ["subnet-0123456789abcdef0"]},
        "security_configuration": {"in_transit_encryption": {"s3_object": "s3://bench-config/certs.zip"}},
        "runtime_roles": [
            {"name": n, "description": f"Runtime role {n}", "s3_read": [f"s3://bench-lake/{n}/"]} for n in role_names
        ],
        "clusters": [
            {
                "name": f"c{i:03d}",
                "release_label": "emr-7.5.0",
                "tags": {"pool": f"p{i % 7}"},
                "runtime_roles": role_names[i * roles // clusters : (i + 1) * roles // clusters] or "all",
            }
            for i in range(clusters)
        ],
        "studio": {"name": "bench-studio", "auth_mode": auth_mode, "default_s3_location": "s3://bench-studio/ws/"},
        "users": [],
    }
    for i in range(users):
        # Three roles the user's cluster may assume (its runtime_roles), so every grant works there (no W140): a
        # spec whose grants fail would measure thousands of warning lines, not a setup anyone deploys.
        c = i % clusters
        pool = role_names[c * roles // clusters : (c + 1) * roles // clusters] or role_names
        owned = list(dict.fromkeys(pool[(i * 7 + k) % len(pool)] for k in range(3)))
        cluster = f"c{c:03d}"
        principal = {"role": f"analyst-{i:05d}"} if auth_mode == "IAM" else {"sso_user": f"user{i:05d}@example.com"}
        access = [{"runtime_roles": owned, "clusters": [cluster]}]
        if i % 3 == 0:
            access.append(
                {
                    "runtime_roles": [f"rr-team{(i // 10) % max(1, roles // 10):03d}-*"],
                    "cluster_tags": {"pool": f"p{i % 7}"},
                }
            )
        spec["users"].append({"name": f"u{i:05d}", "principal": principal, "steps": i % 5 == 0, "access": access})
    if regions:
        del spec["network"]
        spec["targets"] = {
            "organizational_units": ["ou-ab12-cdef3456"],
            "regions": REGIONS[:regions],
            "networks": {
                region: {"vpc_id": f"vpc-0{i}23456789abcdef0", "subnet_ids": [f"subnet-0{i}23456789abcdef0"]}
                for i, region in enumerate(REGIONS[:regions])
            },
        }
    return spec


def write(size: str, path) -> None:
    with open(path, "w", encoding="utf-8") as fh:
        yaml.dump(spec(size), fh, Dumper=yaml.CSafeDumper, sort_keys=False, width=200)
