"""templates/markdown: spec text enters Markdown only through a quoting filter (md, code, mermaid), and spec text
is data, never compiled as a template. The first test reads the templates' syntax trees: any printed value
that is not quoted must be one the review computes itself (counts, its own phrases), listed below with why."""

from __future__ import annotations

import jinja2
from jinja2 import nodes

from generator.plan import build_plan
from generator.review import diff as diff_mod
from generator.review import markdown, report
from generator.rules.validate import read_spec_bytes

from ..conftest import FIXTURES, ROOT

TEMPLATES = ROOT / "templates" / "markdown"
QUOTING = {"md", "code", "mermaid"}
PLAIN_TEXT = {"diff.txt.j2", "_diff.j2"}  # `emrgen diff`'s text form: not Markdown, nothing to escape
# Printed unquoted on purpose: numbers, and text the review writes itself.
OURS = {
    "header",  # plan/header.py's sentence, in an HTML comment like every generated file's first line
    "users",
    "evaluate_max",
    "s.users",
    "s.principals",
    "s.any_cluster",
    "s.pattern",
    "s.steps",
    "s.roles_created",
    "s.roles_referenced",
    "s.clusters_created",
    "s.clusters_referenced",
    "count",
    "w.line",
    "r.tolerance",
    "r.concurrent",
    "r.instances",
    "step",  # numbers
    "plural",
    "kind",
    "template",
    "noun",
    "r.change",
    "r.kind",  # our nouns (plan/kinds.py, the templates)
    "r.account_creates",
    "r.member_creates",  # counts and kind nouns (rollout.what_it_creates)
    "stacksets",  # set in _rollout.md.j2 from a `code` span
    "sup.reason",
    "reason",  # plan/suppressions.py's accepted-finding reasons
    "node",
    "src",
    "dst",  # mermaid.mmd.j2's node ids, generated (u0, r0, c0)
    "diagram",  # mermaid.mmd.j2's text: every label in it passed the `mermaid` filter
}


def source(node) -> str:
    if isinstance(node, nodes.Name):
        return node.name
    if isinstance(node, nodes.Getattr):
        return f"{source(node.node)}.{node.attr}"
    if isinstance(node, nodes.Filter):
        return source(node.node)
    return type(node).__name__


def unquoted(node) -> list[str]:
    """What in one printed expression reaches the page without a quoting filter."""
    if isinstance(node, nodes.Const):
        return []
    if isinstance(node, nodes.CondExpr):
        return unquoted(node.expr1) + (unquoted(node.expr2) if node.expr2 is not None else [])
    if isinstance(node, nodes.Filter) and (node.name in QUOTING or node.name == "length"):
        return []
    if (
        isinstance(node, nodes.Filter)
        and node.name == "map"
        and node.args
        and isinstance(node.args[0], nodes.Const)
        and node.args[0].value in QUOTING
    ):
        return []
    if isinstance(node, nodes.Filter) and node.name in {"trim", "join"}:
        return unquoted(node.node)
    if isinstance(node, nodes.Call) and isinstance(node.node, nodes.Name):  # a macro of these templates
        return []
    return [] if source(node) in OURS else [source(node)]


def test_every_printed_spec_value_passes_a_quoting_filter() -> None:
    env = markdown.environment()
    wrong = []
    for path in sorted(TEMPLATES.glob("*.j2")):
        if path.name in PLAIN_TEXT:
            continue
        tree = env.parse(path.read_text(encoding="utf-8"))
        for output in tree.find_all(nodes.Output):
            for node in output.nodes:
                if not isinstance(node, nodes.TemplateData):
                    wrong += [f"{path.name}:{node.lineno}: {name}" for name in unquoted(node)]
    assert not wrong, "printed without md/code/mermaid: " + "; ".join(wrong)


def test_the_check_sees_an_unquoted_value() -> None:
    env = markdown.environment()
    tree = env.parse("{{ c.user }} {{ c.user | md }} {{ n | length }} {{ 'x' if a else c.name }}")
    found = [
        name
        for o in tree.find_all(nodes.Output)
        for n in o.nodes
        if not isinstance(n, nodes.TemplateData)
        for name in unquoted(n)
    ]
    assert found == ["c.user", "c.name"]


def test_the_filters_are_on_the_review_environment_only() -> None:
    from generator.render.env import environment

    assert QUOTING <= set(markdown.environment().filters)
    assert not QUOTING & set(environment().filters)
    with_filters = markdown.environment()
    assert with_filters.undefined is jinja2.StrictUndefined and with_filters.keep_trailing_newline


def test_hostile_spec_text_reaches_the_review_literally_and_uncompiled() -> None:
    text = (FIXTURES / "good" / "hostile-values.yaml").read_bytes()
    spec, warnings = read_spec_bytes(text, "hostile-values.yaml")
    page = report.render(build_plan(spec), warnings)
    assert '| odd | sso\\_user o\'brien "the" ${aws:userid} %{x} {{y}} !Ref Z ü 😀 |' in page  # md, not a template
    assert "`s3://certs-bucket/${AWS::AccountId}/%{ if x }{{ 7*7 }}\"q'.zip`" in page  # code


def test_diff_markdown_escapes_the_labels() -> None:
    d = diff_mod.SpecDiff("a_*old*.yaml", "<b>new</b>.yaml")
    heading = "### emrgen diff: a\\_\\*old\\*.yaml → &lt;b&gt;new&lt;/b&gt;.yaml"
    assert diff_mod.as_markdown(d).splitlines()[0] == heading
    assert diff_mod.as_text(d).splitlines()[0] == "emrgen diff a_*old*.yaml -> <b>new</b>.yaml"
