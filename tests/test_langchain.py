"""The LangChain retriever adapter returns Documents with citation metadata."""

from __future__ import annotations

from pathlib import Path

from langchain_core.documents import Document
from langchain_core.runnables import RunnableLambda

from rag import Index
from rag.langchain import RagRetriever
from rag.settings import Settings


def test_retriever_returns_documents_with_citation_metadata(tmp_path: Path) -> None:
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "alpha.txt").write_text("Alpha harbour\n\nThe harbour of Alpha handles 4,000 ships a year.\n")
    (folder / "beta.txt").write_text("Beta mine\n\nThe mine in Beta produces copper and employs 900 miners.\n")
    idx = Index(Settings(index_dir=tmp_path / "idx", cache_dir=tmp_path / "cache", embedder="hash"))
    idx.add([folder])
    retriever = RagRetriever(index=idx, k=1)
    docs = retriever.invoke("copper mine miners")
    assert len(docs) == 1 and isinstance(docs[0], Document)
    meta = docs[0].metadata
    assert meta["doc_id"] == "beta"
    article = idx.document("beta")
    assert article is not None
    assert article.text[meta["start"] : meta["end"]] == docs[0].page_content
    assert {"chunk_id", "title", "source", "published_at", "score"} <= set(meta)
    # composes with other runnables like any LangChain retriever
    chain = retriever | RunnableLambda(lambda ds: [d.metadata["doc_id"] for d in ds])
    assert chain.invoke("ships in the harbour") == ["alpha"]
