"""Keep spaCy from importing torch: ~3 s and ~300 MB of every process that only answers questions.

spaCy's ML library, thinc, runs ``try: import torch`` in ``thinc.compat`` whenever torch is
installed, only to offer torch interop. The CNN pipelines this project uses never touch it, and
the default embedding backend needs no torch either, so importing it is pure start-up cost.
While ``thinc.compat`` executes (and only then), ``torch`` is marked as not importable; thinc
then records ``has_torch = False``, exactly as on a machine without torch.

Nothing changes when torch is already imported (e.g. the ``sentence-transformers`` backend was
loaded first): thinc sees it as usual. Pipelines that need torch themselves (spaCy transformer
pipelines) need ``import torch`` before spaCy is first imported.
"""

from __future__ import annotations

import importlib.abc
import importlib.machinery
import sys
from collections.abc import Sequence
from types import ModuleType
from typing import Any

TARGET = "thinc.compat"


class _Loader(importlib.abc.Loader):
    def __init__(self, inner: Any) -> None:
        self.inner = inner

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> ModuleType | None:
        return self.inner.create_module(spec)  # type: ignore[no-any-return]

    def exec_module(self, module: ModuleType) -> None:
        if "torch" in sys.modules:
            self.inner.exec_module(module)
            return
        sys.modules["torch"] = None  # type: ignore[assignment]  # None makes `import torch` raise ImportError
        try:
            self.inner.exec_module(module)
        finally:
            if sys.modules.get("torch", 0) is None:
                del sys.modules["torch"]


class _Finder(importlib.abc.MetaPathFinder):
    def find_spec(
        self, fullname: str, path: Sequence[str] | None, target: ModuleType | None = None
    ) -> importlib.machinery.ModuleSpec | None:
        if fullname != TARGET or "torch" in sys.modules:
            return None
        spec = importlib.machinery.PathFinder.find_spec(fullname, path)
        if spec is None or spec.loader is None:
            return None
        spec.loader = _Loader(spec.loader)
        return spec


def install() -> None:
    """Register the import hook once (cheap; does nothing if thinc was already imported)."""
    if TARGET in sys.modules or any(isinstance(f, _Finder) for f in sys.meta_path):
        return
    sys.meta_path.insert(0, _Finder())
