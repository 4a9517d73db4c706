"""Shared inputs of the embedding backend tests."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(scope="session")
def sentences() -> list[str]:
    """News-like sentences and a question: what every backend must embed like torch does."""
    return [
        "The harbour authority confirmed that the new container terminal will open in March.",
        "Farmers expect the smallest wheat harvest in twenty years after a spring without rain.",
        "The railway union called off next week's national strike after a pay deal.",
        "How large would Ukraine's army be?",
    ]


@pytest.fixture(scope="module")
def cache_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One model cache per test module: each backend exports the model once."""
    return tmp_path_factory.mktemp("model-cache")
