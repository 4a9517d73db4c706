"""A LangChain retriever over an :class:`rag.Index`, so the index plugs into LangChain chains.

    from rag import Index
    from rag.langchain import RagRetriever
    retriever = RagRetriever(index=Index.open(), k=5)
    docs = retriever.invoke("How large would Ukraine's army be?")
"""

from __future__ import annotations

from typing import Any

from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever
from pydantic import ConfigDict

from rag.index import Index
from rag.records import SearchHit


def hit_to_document(hit: SearchHit) -> Document:
    """A LangChain Document whose metadata carries everything needed to cite the passage."""
    meta = hit.to_dict()
    text = meta.pop("text")
    return Document(page_content=text, metadata=meta, id=hit.chunk.id)


class RagRetriever(BaseRetriever):
    """Hybrid (FAISS + BM25) retrieval from a rag index, returning cited passages."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    index: Index
    k: int = 5
    source: str | None = None
    since: str | None = None
    until: str | None = None

    def _get_relevant_documents(
        self, query: str, *, run_manager: CallbackManagerForRetrieverRun, **kwargs: Any
    ) -> list[Document]:
        hits = self.index.search(query, self.k, source=self.source, since=self.since, until=self.until)
        return [hit_to_document(h) for h in hits]
