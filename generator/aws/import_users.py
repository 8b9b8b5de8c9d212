"""Access rows -> ``users[]`` entries of the imported spec, for IAM principals (``importer.py``) and for IAM
Identity Center users and groups of Studio session mappings (``sso.py``) alike: the same names, the same
runtime-role and cluster labels, the same row shapes.
"""

from __future__ import annotations

import re

from ..plan.grants import STEPS_ACTION
from ..review.resolve import World

LABEL_BAD = re.compile(r"[^a-zA-Z0-9_-]+")
REGION_NAME = re.compile(r"[a-z]{2}(-[a-z]+)+-[0-9]+")


def label(text: str, taken: set) -> str:
    base = LABEL_BAD.sub("-", text).strip("-_")[:60] or "x"
    base = base if base[0].isalnum() else "x" + base
    out, n = base, 2
    while out in taken:
        out, n = f"{base}-{n}", n + 1
    taken.add(out)
    return out


def user_name(name: str, fallback: str, steps: bool, policies: set, region: str = "") -> str:
    """The user's name in emrgen's own policy name when one emrgen policy grants it all (adopting a setup that
    emrgen made keeps its policy names), else the fallback (KIND-NAME). With several target regions, IAM being
    global, a principal holds one such policy per region (NAME-user-X-REGION): the one of the region read names it."""
    prefix = f"{name}-user-"
    mine = sorted(p[len(prefix) :] for p in policies if p.startswith(prefix))
    if len(mine) == 1 == len(policies):
        return mine[0]
    here = [p for p in mine if region and p.endswith("-" + region)]
    if here and len(mine) == len(policies):
        stem = here[0][: -len(region)]
        if all(p.startswith(stem) and REGION_NAME.fullmatch(p[len(stem) :]) for p in mine):
            return here[0]
    return fallback + ("-steps" if steps else "")


def short_pattern(pattern: str, world: World) -> str:
    prefix = world.role_arn("")
    rest = pattern[len(prefix) :] if pattern.startswith(prefix) else ""
    return rest if rest and "/" not in rest else pattern


class UserWriter:
    """Collects the imported spec's users; clusters a row names that no runtime-role cluster holds are added
    (named after their id) to ``cluster_entries``."""

    def __init__(self, spec_name: str, world: World, role_names: dict, cluster_entries: list, taken: set, out):
        self.spec_name, self.world, self.role_names = spec_name, world, role_names
        self.cluster_entries, self.taken, self.out = cluster_entries, taken, out
        self.cluster_by_id = {c["id"]: c["name"] for c in cluster_entries}
        self.users: list = []
        self.names: set = set()

    def access(self, row) -> dict:
        entry = {
            "runtime_roles": [self.role_names.get(a, a) for a in row.exact]
            + [short_pattern(p, self.world) for p in row.patterns]
        }
        if row.clusters != "any":
            for cid in row.clusters:
                if cid not in self.cluster_by_id:  # named by a policy, not found among runtime-role clusters
                    self.cluster_by_id[cid] = label(cid.lower(), self.taken)
                    self.cluster_entries.append({"name": self.cluster_by_id[cid], "id": cid})
                    self.out.comments[("clusters", self.cluster_by_id[cid])] = [
                        "named by a user policy; not found among the account's runtime-role clusters"
                    ]
            entry["clusters"] = [self.cluster_by_id[c] for c in row.clusters]
        if row.tags:
            entry["cluster_tags"] = dict(sorted(row.tags.items()))
        return entry

    def by_steps(self, rows) -> dict:
        """{steps: ([access], {policy names})}: one user per steps setting (steps is per user in a spec)."""
        groups: dict = {}
        for row in rows:
            group = groups.setdefault(STEPS_ACTION in row.actions, ([], set()))
            group[0].append(self.access(row))
            group[1].update(source.split("#", 1)[0] for source in row.sources)
        return groups

    def add(self, principal: dict, fallback: str, steps: bool, accesses: list, policies: set) -> None:
        self.users.append(
            {
                "name": label(user_name(self.spec_name, fallback, steps, policies, self.world.region), self.names),
                "principal": principal,
                "steps": steps,
                "access": accesses,
            }
        )
