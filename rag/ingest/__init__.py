"""Ingestion: files -> clean :class:`~rag.records.Article` records."""

from rag.ingest.cleaner import Cleaned, clean_article
from rag.ingest.loaders import discover, load_files, make_article

__all__ = ["Cleaned", "clean_article", "discover", "load_files", "make_article"]
