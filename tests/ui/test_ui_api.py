"""The JSON API: every endpoint, bad input (4xx with a one-line detail, never a 500), load and login."""

from __future__ import annotations

import base64
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient

from rag import Index
from rag.errors import IndexCorruptError, LLMError
from ui.api import create_api
from ui.service import IndexService

QUESTION = "Who presented the plan to Zelensky?"  # answered even with the hash embedder


@pytest.fixture
def client(seed_index: Index) -> TestClient:
    return TestClient(create_api(seed_index), raise_server_exceptions=False)


def _without_timings(d: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in d.items() if k != "timings_ms"}


def test_health_reports_counts_and_embedder(client: TestClient, seed_index: Index) -> None:
    r = client.get("/api/health")
    assert r.status_code == 200
    body = r.json()
    assert body["status"] == "ok"
    assert body["articles"] == 5
    assert body["chunks"] == seed_index.stats()["chunks"] > 5
    assert body["embedder"]["name"] == "hash"
    assert body["answerers"] == ["extractive"]  # no LLM provider configured


def test_ask_returns_exactly_the_cli_json(client: TestClient, seed_index: Index) -> None:
    r = client.post("/api/ask", json={"question": QUESTION, "k": 4})
    assert r.status_code == 200
    got = r.json()
    expected = seed_index.ask(QUESTION, 4).to_dict()
    assert list(got) == list(expected)  # same keys, same order as `rag ask --json`
    assert _without_timings(got) == _without_timings(expected)
    assert got["citations"], "a seed question should be answered with citations"


def test_ask_filters_are_applied(client: TestClient) -> None:
    r = client.post("/api/ask", json={"question": QUESTION, "source": "BBC"})
    assert r.status_code == 200
    assert all("BBC" in (c["source"] or "") for c in r.json()["citations"])


@pytest.mark.parametrize(
    ("body", "needle"),
    [
        ({"question": ""}, "question"),
        ({"question": "   "}, "must not be empty"),
        ({}, "question: Field required"),
        ({"question": QUESTION, "k": 0}, "k: Input should be greater than or equal to 1"),
        ({"question": QUESTION, "k": 51}, "k: Input should be less than or equal to 50"),
        ({"question": QUESTION, "k": "many"}, "k:"),
        ({"question": QUESTION, "since": "last week"}, "must be a date like"),
        ({"question": QUESTION, "since": "2025-12-01", "until": "2025-01-01"}, "is after"),
        ({"question": "x" * 1001}, "at most 1000 characters"),
        ({"question": QUESTION, "answerer": "oracle"}, "answerer:"),
        ({"question": QUESTION, "colour": "red"}, "colour: Extra inputs are not permitted"),
    ],
)
def test_ask_rejects_bad_input_with_422(client: TestClient, body: dict[str, Any], needle: str) -> None:
    r = client.post("/api/ask", json=body)
    assert r.status_code == 422, r.text
    detail = r.json()["detail"]
    assert isinstance(detail, str) and needle in detail


def test_llm_answerer_without_provider_is_a_clear_4xx(client: TestClient) -> None:
    r = client.post("/api/ask", json={"question": QUESTION, "answerer": "llm"})
    assert 400 <= r.status_code < 500
    assert isinstance(r.json()["detail"], str) and r.json()["detail"]


def test_malformed_json_is_422(client: TestClient) -> None:
    r = client.post("/api/ask", content=b'{"question": ', headers={"content-type": "application/json"})
    assert r.status_code == 422
    assert "not valid JSON" in r.json()["detail"]


def test_search_returns_ranked_hits(client: TestClient) -> None:
    r = client.post("/api/search", json={"query": "army troops", "k": 3})
    assert r.status_code == 200
    body = r.json()
    assert body["query"] == "army troops"
    assert 1 <= len(body["results"]) <= 3
    assert [h["rank"] for h in body["results"]] == list(range(1, len(body["results"]) + 1))
    assert {"doc_id", "chunk_id", "text", "start", "end", "score"} <= set(body["results"][0])


@pytest.mark.parametrize(
    "body",
    [{"query": ""}, {"query": "army", "k": 0}, {"query": "army", "until": "2025-13-45"}, {"q": "army"}],
)
def test_search_rejects_bad_input(client: TestClient, body: dict[str, Any]) -> None:
    r = client.post("/api/search", json=body)
    assert r.status_code == 422
    assert isinstance(r.json()["detail"], str)


def test_documents_list_has_metadata_and_chunk_counts(client: TestClient, seed_index: Index) -> None:
    r = client.get("/api/documents")
    assert r.status_code == 200
    docs = r.json()["documents"]
    assert r.json()["count"] == len(docs) == 5
    by_id = {d["doc_id"]: d for d in docs}
    assert by_id["004_3dab22978efde2ee"]["source"] == "BBC"
    assert all(d["chunks"] == len(seed_index.chunks(d["doc_id"])) >= 1 for d in docs)
    assert sum(d["chunks"] for d in docs) == seed_index.stats()["chunks"]
    assert "path" not in docs[0]  # server file paths are not the client's business


def test_document_has_text_and_consistent_chunks(client: TestClient) -> None:
    r = client.get("/api/documents/003_130c61d26131bc2f")
    assert r.status_code == 200
    doc = r.json()
    assert doc["title"] == "US security guarantees to depend on Donetsk and Luhansk"
    assert doc["chunks"] and all(doc["text"][c["start"]:c["end"]] == c["text"] for c in doc["chunks"])


def test_unknown_document_is_404(client: TestClient) -> None:
    for method in ("get", "delete"):
        r = client.request(method.upper(), "/api/documents/no-such-article")
        assert r.status_code == 404
        assert "no-such-article" in r.json()["detail"]


def test_delete_removes_the_article_everywhere(client: TestClient) -> None:
    doc_id = "004_3dab22978efde2ee"
    r = client.delete(f"/api/documents/{doc_id}")
    assert r.status_code == 200 and r.json() == {"removed": [doc_id]}
    assert client.get(f"/api/documents/{doc_id}").status_code == 404
    assert client.get("/api/health").json()["articles"] == 4
    hits = client.post("/api/search", json={"query": "BBC leak secret peace plan", "k": 10}).json()["results"]
    assert doc_id not in {h["doc_id"] for h in hits}


def test_busy_is_503_not_a_crash(seed_index: Index) -> None:
    service = IndexService(seed_index, max_pending=1)
    client = TestClient(create_api(service), raise_server_exceptions=False)
    with service.use():  # one request in flight fills the queue
        r = client.post("/api/ask", json={"question": QUESTION})
    assert r.status_code == 503
    assert r.json() == {"detail": "busy, try again"}
    assert client.post("/api/ask", json={"question": QUESTION}).status_code == 200


@pytest.mark.parametrize(("error", "status"), [(LLMError("LLM server timed out"), 502),
                                               (IndexCorruptError("index damaged: rebuild"), 400)])
def test_library_errors_map_to_clear_statuses(seed_index: Index, monkeypatch: pytest.MonkeyPatch,
                                              error: Exception, status: int) -> None:
    service = IndexService(seed_index)

    def fail(*args: Any, **kwargs: Any) -> None:
        raise error

    monkeypatch.setattr(service, "ask", fail)
    client = TestClient(create_api(service), raise_server_exceptions=False)
    r = client.post("/api/ask", json={"question": QUESTION})
    assert r.status_code == status
    assert r.json() == {"detail": str(error)}


def test_twenty_concurrent_asks_all_succeed(seed_index: Index, serve: Any) -> None:
    questions = [QUESTION, "How large would Ukraine's army be?", "Which group would Russia rejoin?",
                 "What did Wang Yi say about the plan?"] * 5
    with serve(create_api(seed_index)) as server, httpx.Client(base_url=server.url, timeout=60) as http:
        def ask(q: str) -> httpx.Response:
            return http.post("/api/ask", json={"question": q})

        with ThreadPoolExecutor(max_workers=20) as pool:
            responses = list(pool.map(ask, questions))
    assert [r.status_code for r in responses] == [200] * 20
    assert [r.json()["question"] for r in responses] == questions  # each caller got its own answer


def test_login_protects_the_api(seed_index: Index) -> None:
    client = TestClient(create_api(seed_index, auth=("editor", "s3cret")))

    def basic(user: str, password: str) -> dict[str, str]:
        return {"Authorization": "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()}

    assert client.post("/api/ask", json={"question": QUESTION}).status_code == 401
    assert client.get("/api/documents", headers=basic("editor", "wrong")).status_code == 401
    assert client.get("/api/documents", headers=basic("editor", "s3cret")).status_code == 200
    assert client.get("/api/health").status_code == 200  # monitoring needs no login


def test_openapi_schema_lists_the_endpoints(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    wanted = {"/api/ask", "/api/search", "/api/documents", "/api/documents/{doc_id}", "/api/health"}
    assert wanted <= set(paths)
    ask_schema = client.get("/openapi.json").json()["components"]["schemas"]["AskRequest"]["properties"]
    assert ask_schema["k"]["anyOf"][0]["maximum"] == 50
