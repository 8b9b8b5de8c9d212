"""The access matrix as a Mermaid flowchart (users → runtime roles → clusters) that GitHub renders.

Every label comes from the spec, so every label is hostile until escaped: the template
(``templates/markdown/mermaid.mmd.j2``) quotes each one through the ``mermaid`` filter (markdown.py). This
module only groups the cells into nodes and edges, and gives up on a matrix too large for Mermaid to draw.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .markdown import mermaid_escape as escape
from .markdown import render

__all__ = ["diagram", "escape", "graph"]

# Mermaid refuses diagrams past these (its maxTextSize and maxEdges defaults are 50,000 and 500).
MAX_TEXT = 40_000
MAX_EDGES = 400


@dataclass
class Graph:
    users: dict = field(default_factory=dict)  # user name -> (node id, principal)
    roles: dict = field(default_factory=dict)  # runtime role -> (node id, matched through a pattern)
    scopes: dict = field(default_factory=dict)  # clusters -> node id
    calls: dict = field(default_factory=dict)  # (user node, role node) -> {actions}
    reaches: dict = field(default_factory=dict)  # (role node, cluster node) -> [user names]


def graph(cells) -> Graph:
    g = Graph()
    for c in cells:
        u = g.users.setdefault(c.user, (f"u{len(g.users)}", c.principal))[0]
        r = g.roles.setdefault(c.runtime_role, (f"r{len(g.roles)}", c.match == "pattern"))[0]
        s = g.scopes.setdefault(c.clusters, f"c{len(g.scopes)}")
        g.calls.setdefault((u, r), set()).update(c.actions)
        names = g.reaches.setdefault((r, s), [])
        if c.user not in names:
            names.append(c.user)
    return g


def diagram(cells) -> str | None:
    """Flowchart text for the cells, or None when the matrix is too large for Mermaid to draw."""
    g = graph(cells)
    if len(g.calls) + len(g.reaches) > MAX_EDGES:
        return None
    text = render("mermaid.mmd.j2", g=g)
    return None if len(text) > MAX_TEXT else text
