"""The command line's words before typer reads them."""

from __future__ import annotations

RAY_LOCAL = "local"


def ray_address(args: list[str]) -> list[str]:
    """`--ray` may stand alone (a local Ray) or take an ADDRESS: give it the value "local" when the next
    word is not an address (an option, or a path to index)."""
    out = list(args)
    for i, arg in enumerate(out):
        if arg == "--ray":
            nxt = out[i + 1] if i + 1 < len(out) else None
            looks_like_address = nxt is not None and (nxt == "auto" or "://" in nxt or _host_port(nxt))
            if not looks_like_address:
                out.insert(i + 1, RAY_LOCAL)
            break
    return out


def _host_port(word: str) -> bool:
    """ "head-node:6379" and "10.0.0.5:10001" are Ray addresses."""
    host, sep, port = word.rpartition(":")
    return bool(sep and host and port.isdigit() and all(ch.isalnum() or ch in "._-" for ch in host))
