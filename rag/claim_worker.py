"""A claim-extraction worker process: ``python -m rag.claim_worker MODEL``.

Reads one JSON request a line on stdin, ``{"batch": n, "items": [[doc_id, text], ...]}``, and
answers each with one line on stdout, ``{"batch": n, "claims": [[doc_id, [claim, ...]], ...]}``
(claims as :meth:`rag.claims.Claim.to_json` dicts), or ``{"batch": n, "error": "..."}``. It loads
the spaCy pipeline once, before the first request, and exits when stdin closes. See
:mod:`rag.claim_workers` for why and how it is used.
"""

from __future__ import annotations

import json
import sys


def serve(model: str) -> int:
    """Answer requests until stdin closes; 1 when the pipeline cannot be loaded."""
    from rag.claims import extract_claims
    from rag.errors import RagError
    from rag.nlp import load_pipeline

    try:
        nlp = load_pipeline(model)
    except RagError as exc:
        print(json.dumps({"batch": -1, "error": str(exc)}), flush=True)
        return 1
    for line in sys.stdin:
        if not line.strip():
            continue
        request = json.loads(line)
        try:
            items = [(str(d), str(t)) for d, t in request["items"]]
            docs = nlp.pipe((t for _, t in items), batch_size=16)
            claims = [[d, [c.to_json() for c in extract_claims(doc, d)]]
                      for (d, _), doc in zip(items, docs, strict=True)]
            reply: dict[str, object] = {"batch": request["batch"], "claims": claims}
        except Exception as exc:  # the parent extracts this batch itself and reports the error properly
            reply = {"batch": request.get("batch", -1), "error": f"{type(exc).__name__}: {exc}"}
        sys.stdout.write(json.dumps(reply, ensure_ascii=False) + "\n")
        sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(serve(sys.argv[1]))
