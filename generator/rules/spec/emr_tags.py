"""E316: tags that land on a created EMR cluster or studio (the spec's tags, the cluster's, the studio's) match
the AWS::EMR::Cluster/Studio tag pattern.

Source: cfn-lint 1.58.0's resource schema of AWS::EMR::Studio (Tag Key "^(?!aws:)[a-zA-Z+-=._:/]+$", Value
"[a-zA-Z+-=._:/]+$"), the strictest resource a spec tag reaches (../shared/reference/DOMAIN.md, fact check §3);
the pattern is EMR_CLUSTER_TAG in spec/definition.py.
"""

from __future__ import annotations

import re

from ...spec.definition import EMR_CLUSTER_TAG
from ...spec.model import Spec
from ...spec.report import Report

CODES = ("E316",)


def check(spec: Spec, r: Report) -> None:
    studio_created = spec.studio is not None and spec.studio.created
    if not spec.created_clusters and not studio_created:
        return
    sources = [(("tags",), spec.tags)] + [(c.path + ("tags",), c.tags) for c in spec.created_clusters]
    if studio_created:
        sources.append((spec.studio.path + ("tags",), spec.studio.tags))
    for path, tags in sources:
        for key, value in tags.items():
            for text, what in ((key, "key"), (value, "value")):
                if not re.fullmatch(EMR_CLUSTER_TAG, text):
                    r.error(path + (key,), "E316",
                            f"tag {what} '{text}' cannot go on an EMR cluster or studio: use letters, digits and "
                            "+ , - . / : ; < = _ only (no spaces, no @, not empty)", key=(what == "key"))
