"""The SQLite key -> value table behind the claim and parse caches (rag.blob_table)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from rag.blob_table import BlobTable


def test_values_round_trip_past_sqlites_parameter_limit(tmp_path: Path) -> None:
    table = BlobTable.open(tmp_path / "sub" / "t.sqlite", "things")  # the folder is created
    rows = [(f"k{i}", f"v{i}".encode()) for i in range(1200)]
    table.put_many(rows)
    table.put_many([("k7", b"replaced")])
    got = table.get_many([k for k, _ in rows] + ["missing"])
    assert len(got) == 1200 and got["k7"] == b"replaced" and got["k1199"] == b"v1199"
    assert table.get("missing") is None and table.get("k3") == b"v3"
    table.close()
    assert BlobTable.open(tmp_path / "sub" / "t.sqlite", "things").get("k0") == b"v0"  # closing committed


def test_a_read_only_table_sees_committed_values_and_cannot_write(tmp_path: Path) -> None:
    path = tmp_path / "t.sqlite"
    writer = BlobTable.open(path, "things", value_type="TEXT")
    writer.put_many([("a", "1")])
    writer.commit()
    writer.put_many([("b", "2")])  # not committed yet
    reader = BlobTable.read_only(path, "things", timeout=0.05)
    assert reader.get_many(["a", "b"]) == {"a": "1"}
    with pytest.raises(sqlite3.OperationalError, match="readonly"):
        reader.put_many([("c", "3")])
    reader.close()
    writer.close()


def test_read_only_never_creates_a_file(tmp_path: Path) -> None:
    with pytest.raises(sqlite3.Error):
        BlobTable.read_only(tmp_path / "none.sqlite", "things", timeout=0.05).get("a")
    assert not (tmp_path / "none.sqlite").exists()


@pytest.mark.parametrize("folder", ["cache #1", "what?", "50% off"])
def test_read_only_opens_a_folder_whose_name_means_something_in_a_uri(tmp_path: Path, folder: str) -> None:
    path = tmp_path / folder / "t.sqlite"
    writer = BlobTable.open(path, "things")
    writer.put_many([("a", b"1")])
    writer.close()
    assert BlobTable.read_only(path, "things", timeout=0.05).get("a") == b"1"


def test_a_table_name_must_be_an_identifier(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="not a table name"):
        BlobTable.open(tmp_path / "t.sqlite", "x; DROP TABLE y")
