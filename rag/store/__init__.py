"""Storage: manifest, SQLite metadata, FAISS vectors and BM25, written generation by generation."""
