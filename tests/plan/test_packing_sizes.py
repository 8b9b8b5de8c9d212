"""Policy sizes summed from statement sizes (limits.document_chars, issue 14) equal IAM's measure of the
whole document (limits.policy_chars), so packing measures each statement once and packs exactly as before."""

from __future__ import annotations

from generator.plan import packing
from generator.plan.limits import document_chars, policy_chars, statement_chars
from generator.plan.policies import VERSION, document


def test_document_size_is_the_sum_of_its_statements(rendered_examples) -> None:
    documents = [
        r.props["document"]
        for rendered in rendered_examples.values()
        for r in rendered.plan.resources
        if r.kind == "managed_policy"
    ]
    assert documents
    for doc in documents + [document()]:
        assert document_chars(VERSION, [statement_chars(s) for s in doc["Statement"]]) == policy_chars(doc)


def test_pack_sized_gives_pack_and_the_policies_sizes(rendered_examples) -> None:
    statements = [
        s
        for rendered in rendered_examples.values()
        for r in rendered.plan.resources
        if r.kind == "managed_policy"
        for s in r.props["document"]["Statement"]
    ]
    for budget in (400, 2000, 6144):
        policies, sizes = packing.pack_sized(statements, budget)
        assert policies == packing.pack(statements, budget)
        assert sizes == [policy_chars(document(*p)) for p in policies]
