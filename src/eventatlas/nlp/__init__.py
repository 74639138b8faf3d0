"""The only package that imports spaCy: loads models and converts Docs to model types.

thinc (spaCy's machine-learning layer) imports PyTorch whenever it is installed, for models
that wrap it. The small English pipeline is numpy only, and importing PyTorch costs each process
about 250 MB of memory and a second or two of start-up, so thinc is imported here first with
PyTorch hidden from it; it stays importable for everyone else afterwards. Where a spaCy plugin
that runs PyTorch models is installed, or PyTorch is already loaded, nothing is hidden.
"""

from __future__ import annotations

import importlib.util
import sys

_TORCH_PLUGINS = ("spacy_transformers", "spacy_curated_transformers")


def _import_thinc_without_torch() -> None:
    if "thinc.compat" in sys.modules or "torch" in sys.modules:
        return
    if any(importlib.util.find_spec(plugin) is not None for plugin in _TORCH_PLUGINS):
        return
    sys.modules["torch"] = None  # type: ignore[assignment]  # makes `import torch` fail
    try:
        import thinc.compat  # noqa: F401 - records that PyTorch is absent, once
    finally:
        del sys.modules["torch"]


_import_thinc_without_torch()
