"""LLM support: chat-model providers, the prompt, and verification of the model's reply."""

from rag.llm.prompt import NOT_FOUND, Prompt, build_prompt
from rag.llm.providers import ChatModelFactory, chat_models, create_chat_model
from rag.llm.verify import Verified, verify_reply

__all__ = [
    "NOT_FOUND",
    "ChatModelFactory",
    "Prompt",
    "Verified",
    "build_prompt",
    "chat_models",
    "create_chat_model",
    "verify_reply",
]
