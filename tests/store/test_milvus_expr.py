"""Milvus filter expressions: every user value is escaped (no Milvus needed)."""

from __future__ import annotations

from rag.query import Filters
from rag.store.milvus_expr import contains, filter_expr, one_of, quote


def test_quote_escapes_quotes_backslashes_and_control_characters():
    assert quote('a"b') == '"a\\"b"'
    assert quote("a\\") == '"a\\\\"'  # a trailing backslash cannot escape the closing quote
    assert quote("x\ny\x00") == '"x\\ny "'


def test_contains_takes_wildcards_literally():
    assert contains("source_lc", "50%_off") == 'source_lc like "%50\\\\%\\\\_off%"'


def test_filter_expr_matches_the_local_semantics():
    assert filter_expr(Filters()) == ""
    expr = filter_expr(Filters(source='BBC" or 1', since="2025-01-01", until="2025-02-01"))
    assert expr == ('source_lc like "%bbc\\" or 1%" and published_at != "" and published_at >= "2025-01-01" '
                    'and published_at <= "2025-02-01"')
    assert one_of("doc_id", ['a"', "b"]) == 'doc_id in ["a\\"", "b"]'
