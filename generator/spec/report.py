"""Findings located in the spec: a rule names the path of what it is about, Report finds its line and column."""

from __future__ import annotations

from ..errors import ERROR, WARNING, Finding
from .model import Spec


class Report:
    def __init__(self, spec: Spec):
        self.spec = spec
        self.findings: list[Finding] = []

    def _add(self, severity: str, path: tuple, code: str, message: str, key: bool = False) -> None:
        walk = self.spec.walk
        node = None
        if walk is not None:
            node = (walk.key_nodes.get(path) if key else None) or walk.nodes.get(path)
            while node is None and path:
                path = path[:-1]
                node = walk.nodes.get(path)
            self.findings.append(walk.source.finding(node, code, message, severity))
        else:
            self.findings.append(Finding(self.spec.source, 1, 1, severity, code, message))

    def error(self, path: tuple, code: str, message: str, key: bool = False) -> None:
        self._add(ERROR, path, code, message, key)

    def warn(self, path: tuple, code: str, message: str, key: bool = False) -> None:
        self._add(WARNING, path, code, message, key)
