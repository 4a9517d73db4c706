"""Web front ends of newsrag: the JSON HTTP API (:mod:`ui.api`) and the Gradio app (:mod:`ui.app`).

Both are thin layers over :class:`rag.Index`; start them with ``rag ui``.
"""

import os

# Local-first: Gradio must not phone home (usage analytics) from a user's machine.
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
