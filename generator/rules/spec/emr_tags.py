"""E316: tags that land on a created EMR Studio (the spec's tags and the studio's) match the AWS::EMR::Studio tag
schema. Cluster tags need nothing more than every spec tag gets (E104, EMR's documented character set).

Source: cfn-lint 1.58.0's resource schemas (aws-facts.md H; DOMAIN.md fact check 3): AWS::EMR::Studio Tag Key
"^(?!aws:)[a-zA-Z+-=._:/]+$" (1..128), Value "[a-zA-Z+-=._:/]+$" (0..256), the value pattern anchored only at the
end, so "Data Platform" or "key: value" is valid and only the last character is constrained; AWS::EMR::Cluster Tag
Key/Value are plain strings. Management Guide "Tag restrictions" (emr-plan-tags-restrictions.html): letters in any
language, digits, white space and _ . : / = + - @.
"""

from __future__ import annotations

import re

from ...spec.definition import STUDIO_TAG_KEY, STUDIO_TAG_VALUE_END
from ...spec.model import Spec
from ...spec.report import Report

CODES = ("E316",)


def check(spec: Spec, r: Report) -> None:
    if spec.studio is None or not spec.studio.created:
        return
    for path, tags in ((("tags",), spec.tags), (spec.studio.path + ("tags",), spec.studio.tags)):
        for key, value in tags.items():
            if not re.fullmatch(STUDIO_TAG_KEY, key):
                r.error(
                    path + (key,),
                    "E316",
                    f"tag key '{key}' cannot go on the EMR Studio: AWS::EMR::Studio tag keys use only ASCII "
                    "letters, digits and + , - . / : ; < = _ (no spaces, no @)",
                    key=True,
                )
            if not re.search(STUDIO_TAG_VALUE_END, value):
                r.error(
                    path + (key,),
                    "E316",
                    f"tag value '{value}' cannot go on the EMR Studio: AWS::EMR::Studio tag values must end "
                    "with an ASCII letter, digit or one of + , - . / : ; < = _ (not empty, no trailing space or @)",
                )
