"""The access matrix as a Mermaid flowchart (users → runtime roles → clusters) that GitHub renders.

Every label comes from the spec, so every label is hostile until escaped. Node ids are generated
(u0, r0, c0) and never carry spec text. Labels are double-quoted, and every character outside a small
safe set becomes a Mermaid entity code ``#NNN;`` (decimal code point), which Mermaid turns back into
the character when it draws. That keeps quotes, brackets, pipes, ``<``, backticks (which would close the
Markdown fence), ``%%`` comments, newlines and ``:`` out of the diagram's syntax. ``:`` matters because
Mermaid pre-processes lines matching ``style.*:\\S*#.*;`` and would eat the ``;`` of an entity code.
"""

from __future__ import annotations

import string

SAFE = frozenset(string.ascii_letters + string.digits + " _.,/=+@-*?")
# Mermaid refuses diagrams past these (its maxTextSize and maxEdges defaults are 50,000 and 500).
MAX_TEXT = 40_000
MAX_EDGES = 400
STEPS_ACTION = "AddJobFlowSteps"


def escape(text: str) -> str:
    return "".join(c if c in SAFE else f"#{ord(c)};" for c in text)


def label(*lines: str) -> str:
    """A quoted label of escaped lines; the <br/> between them is ours, never the spec's (its < is escaped)."""
    return '"' + "<br/>".join(escape(x) for x in lines) + '"'


def diagram(cells) -> str | None:
    """Flowchart text for the cells, or None when the matrix is too large for Mermaid to draw."""
    users: dict[str, str] = {}
    roles: dict[str, str] = {}
    scopes: dict[str, str] = {}
    user_role: dict[tuple, set] = {}
    role_scope: dict[tuple, list] = {}
    lines = ["flowchart LR"]
    for c in cells:
        u = users.setdefault(c.user, f"u{len(users)}")
        r = roles.setdefault(c.runtime_role, f"r{len(roles)}")
        s = scopes.setdefault(c.clusters, f"c{len(scopes)}")
        user_role.setdefault((u, r), set()).update(c.actions)
        names = role_scope.setdefault((r, s), [])
        if c.user not in names:
            names.append(c.user)
    principal = {c.user: c.principal for c in cells}
    match = {c.runtime_role: c.match for c in cells}
    lines.append('  subgraph users["Studio users"]')
    lines += [f"    {i}[{label(name, principal[name])}]" for name, i in users.items()]
    lines.append("  end")
    lines.append('  subgraph roles["Runtime roles"]')
    lines += [f"    {i}[{label(('roles matching ' if match[name] == 'pattern' else '') + name)}]"
              for name, i in roles.items()]
    lines.append("  end")
    lines.append('  subgraph clusters["Clusters"]')
    lines += [f"    {i}[{label(name)}]" for name, i in scopes.items()]
    lines.append("  end")
    for (u, r), actions in user_role.items():
        text = "session + steps" if STEPS_ACTION in actions else "session"
        lines.append(f"  {u} -->|{label(text)}| {r}")
    for (r, s), names in role_scope.items():
        lines.append(f"  {r} -->|{label(', '.join(names))}| {s}")
    text = "\n".join(lines) + "\n"
    if len(user_role) + len(role_scope) > MAX_EDGES or len(text) > MAX_TEXT:
        return None
    return text
