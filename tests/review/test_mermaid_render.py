"""REVIEW.md's Mermaid diagrams are valid: the real mermaid library draws each one in headless Chromium,
and hostile names from the spec come out as literal text, never as diagram syntax."""

from __future__ import annotations

import re

import pytest

from generator import api
from generator.review import mermaid
from generator.rules.validate import read_spec_bytes

from ..mermaid_browser import mermaid_blocks, render_all

# Names that would break a naive diagram: quotes and brackets closing a label, arrows, pipes (edge labels),
# %% comments, `style ...:#...;` lines, entity codes, HTML, backticks closing the Markdown fence, keywords.
HOSTILE_USER = (
    'x"]; u0-->|"pwn"| r0 %% end style u0 fill:#f00; #quot; #35; <b>bold</b> ``` click u0 "javascript:alert(1)"'
)
HOSTILE_PATTERN = "end*,subgraph=+@?-_.style"  # patterns may only hold IAM role-name characters (E201)
HOSTILE_TAG_VALUE = "a b:c/d=e+f-g@h.i_j"
HOSTILE = f"""version: 1
name: hostile-mermaid
account_id: "111122223333"
clusters:
  - {{name: end, id: j-123456789, tags: {{"sub graph": "{HOSTILE_TAG_VALUE}"}}}}
studio: {{id: es-ABCDEFGHIJKLMNOPQRSTUVWXY, auth_mode: SSO, service_role: svc, user_role: usr}}
users:
  - name: subgraph
    principal: {{sso_user: {HOSTILE_USER!r}}}
    steps: true
    access:
      - runtime_roles: [{HOSTILE_PATTERN!r}]
        cluster_tags: {{"sub graph": "{HOSTILE_TAG_VALUE}"}}
      - runtime_roles: ["arn:aws:iam::111122223333:role/end"]
        clusters: [end]
"""


def hostile_review() -> str:
    spec, warnings = read_spec_bytes(HOSTILE.encode(), "hostile-mermaid.yaml")
    from generator.plan import build_plan
    from generator.review import report as review

    return review.render(build_plan(spec), warnings)


def test_escaped_labels_hold_no_mermaid_or_markdown_syntax() -> None:
    for text in (HOSTILE_USER, HOSTILE_PATTERN, "\n\r\t`~%{}", "😀ü", 'ev"il]|x[y]-->z%%{init: {"theme":"dark"}}%%;'):
        out = mermaid.escape(text)
        assert re.fullmatch(r"([A-Za-z0-9 _.,/=+@*?-]|#\d+;)*", out), out
        assert ":" not in out and '"' not in out and "`" not in out


def test_diagram_is_omitted_when_too_large_for_mermaid() -> None:
    from generator.review.access import Cell

    cells = [
        Cell(f"u{i}", f"role p{i}", f"r{j}", "exact", "c", ("GetClusterSessionCredentials",), ("p#S",))
        for i in range(30)
        for j in range(30)
    ]
    assert mermaid.diagram(cells) is None
    assert mermaid.diagram(cells[:3]) is not None


def test_every_review_diagram_renders_in_chromium(rendered_examples) -> None:
    reviews = {name: r.files["REVIEW.md"] for name, r in sorted(rendered_examples.items())}
    reviews["hostile-mermaid"] = hostile_review()
    names, diagrams = [], []
    for name, text in reviews.items():
        blocks = mermaid_blocks(text)
        assert len(blocks) == (1 if "| User |" in text else 0), name
        names += [name] * len(blocks)
        diagrams += blocks
    assert "hostile-mermaid" in names and len(diagrams) >= 5
    results, seconds = render_all(diagrams)
    print(f"mermaid: {len(diagrams)} diagrams rendered in headless chromium in {seconds:.1f}s")
    assert len(results) == len(diagrams), results
    for name, text, result in zip(names, diagrams, results, strict=False):
        assert result["ok"], f"{name}: {result['error']}"
        assert result["svg_start"].startswith("<svg"), name
        assert "Syntax error" not in result["text"] and "Parse error" not in result["text"], name
        nodes = len(re.findall(r"^    [urc]\d+\[", text, flags=re.M))
        edges = len(re.findall(r"^  [urc]\d+ -->", text, flags=re.M))
        assert (result["nodes"], result["edges"]) == (nodes, edges), (name, result["nodes"], result["edges"])
    hostile = results[names.index("hostile-mermaid")]["text"]
    # Mermaid decodes the entity codes back: the names appear literally, as text.
    for literal in (
        HOSTILE_USER,
        "roles matching " + HOSTILE_PATTERN,
        f"other clusters tagged sub graph={HOSTILE_TAG_VALUE}",
    ):
        assert literal.replace("  ", " ") in hostile, literal


@pytest.mark.parametrize("example", ["iam-studio", "sso-studio"])
def test_committed_review_has_a_diagram_of_its_matrix(example) -> None:
    from ..conftest import ROOT

    text = (ROOT / "out" / example / "REVIEW.md").read_text()
    (block,) = mermaid_blocks(text)
    assert block.startswith("flowchart LR\n")
    for user in api.explain(ROOT / "examples" / f"{example}.yaml"):
        assert f'"{user.user}<br/>' in block
