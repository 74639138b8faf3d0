"""Connected components with a union-find whose result does not depend on union order."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Iterable
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)


class Components(Generic[K]):
    """Union-find over hashable keys; ``groups()`` lists the components, each sorted."""

    def __init__(self, keys: Iterable[K] = ()) -> None:
        self._parent: dict[K, K] = {}
        for key in keys:
            self.add(key)

    def add(self, key: K) -> None:
        self._parent.setdefault(key, key)

    def find(self, key: K) -> K:
        self.add(key)
        root = key
        while self._parent[root] != root:
            root = self._parent[root]
        while self._parent[key] != root:  # path compression
            self._parent[key], key = root, self._parent[key]
        return root

    def union(self, a: K, b: K) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self._parent[rb] = ra

    def groups(self) -> list[list[K]]:
        """Components as sorted lists, ordered by their smallest key."""
        out: dict[K, list[K]] = defaultdict(list)
        for key in self._parent:
            out[self.find(key)].append(key)
        groups = [sorted(g, key=str) for g in out.values()]
        return sorted(groups, key=lambda g: str(g[0]))
