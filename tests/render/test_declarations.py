"""Both renderers decide from the plan (Plan.needs) which declarations to write: each declaration they write is
used by the output, and each one the output uses is written."""

from __future__ import annotations

import re
from collections import defaultdict

DATA = re.compile(r"\bdata\.(aws_\w+)\.(\w+)\.")  # (data source, name) of every read


def modules(files: dict[str, str]) -> dict[str, dict[str, str]]:
    """Terraform files by module folder (the root, modules/member, modules/account)."""
    out: dict[str, dict[str, str]] = defaultdict(dict)
    for rel, text in files.items():
        if rel.startswith("terraform/") and rel.endswith(".tf"):
            folder, _, name = rel[len("terraform/") :].rpartition("/")
            out[folder][name] = text
    return out


def test_terraform_declares_exactly_the_data_sources_and_locals_it_uses(rendered_examples) -> None:
    for stem, rendered in rendered_examples.items():
        for folder, files in modules(rendered.files).items():
            declared = set(re.findall(r'^data "(\w+)" "(\w+)"', files.get("versions.tf", ""), re.M))
            used = {m for name, text in files.items() for m in DATA.findall(text) if name != "versions.tf"}
            assert declared == used, (stem, folder)
            uses_network = any("local.network." in text for text in files.values())
            assert ("network.tf" in files) == uses_network, (stem, folder)


def test_cloudformation_maps_the_network_only_where_a_template_looks_it_up(rendered_examples) -> None:
    for stem, rendered in rendered_examples.items():
        for rel, text in rendered.files.items():
            if rel.startswith("cloudformation/") and rel.endswith(".yaml"):
                assert ("\nMappings:\n" in text) == ("!FindInMap" in text), (stem, rel)
