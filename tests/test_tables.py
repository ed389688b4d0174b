"""The per-user cache of tables derived from jieba's files: made once, read back, remade when damaged."""
from pathlib import Path

import pytest

from generator.knowledge import tables
from generator.extract import terms
from generator.knowledge.files import jieba_lexicon, parse_lexicon


WORDS = frozenset({"高新区", "园区", "孵化器"})


@pytest.fixture
def cache(tmp_path: Path, monkeypatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv(tables.ENV, str(folder))
    return folder


@pytest.fixture
def source(tmp_path: Path) -> Path:
    path = tmp_path / "dict.txt"
    path.write_text("园区 3 n\n", encoding="utf-8")
    return path


def words_from(source: Path, made: list[int]):
    """cached() of a word set, counting how often it had to be made."""
    def make():
        made.append(1)
        return WORDS
    return tables.cached("words", source, make, tables.pack_words, tables.unpack_words)


def test_made_once_then_read_back(cache: Path, source: Path):
    made: list[int] = []
    assert words_from(source, made) == WORDS
    assert words_from(source, made) == WORDS
    assert made == [1]
    assert [p.name.startswith("words-") for p in cache.iterdir()] == [True]


def test_a_changed_source_makes_it_again_and_drops_the_stale_file(cache: Path, source: Path):
    made: list[int] = []
    words_from(source, made)
    old = next(cache.iterdir())
    source.write_text("园区 3 n\n高新区 5 n\n", encoding="utf-8")
    words_from(source, made)
    assert made == [1, 1]
    assert old.name not in [p.name for p in cache.iterdir()] and len(list(cache.iterdir())) == 1


@pytest.mark.parametrize("damage", [b"", b"\x00garbage", b"\xe9\x01\x00\x00\x00"])
def test_a_damaged_file_is_made_again(cache: Path, source: Path, damage: bytes):
    made: list[int] = []
    words_from(source, made)
    path = next(cache.iterdir())
    path.write_bytes(damage)
    assert words_from(source, made) == WORDS
    assert made == [1, 1]
    assert tables.unpack_words(__import__("marshal").loads(path.read_bytes())) == WORDS  # and cached again


def test_weights_of_the_wrong_shape_are_refused():
    data, checksum, median = tables.pack_weights(({"园区": 1.0, "高新区": 2.0}, 1.5))
    with pytest.raises(ValueError):
        tables.unpack_weights((data, checksum, "1.5"))
    with pytest.raises(ValueError):
        tables.unpack_weights((data, checksum))


@pytest.mark.parametrize("unpack", [tables.unpack_word_trie, lambda p: tables.unpack_weights((*p, 1.0))])
def test_a_damaged_trie_is_refused(unpack):
    data, checksum = tables.pack_word_trie({"园区", "高新区"})
    damaged = bytearray(data)
    damaged[len(data) // 2] ^= 0x40
    with pytest.raises(ValueError):
        unpack((bytes(damaged), checksum))
    with pytest.raises(ValueError):
        unpack((data[:-8], checksum))


def test_weights_tell_known_from_unknown_words():
    weights, median = tables.unpack_weights(tables.pack_weights(({"园区": 7.5, "高新区": 0.0}, 7.5)))
    assert [weights.get(w, median) for w in ("园区", "高新区", "新词", "园区")] == [7.5, 0.0, 7.5, 7.5]
    assert weights.get("新词") is None


def test_no_cache_when_turned_off_or_not_writable(tmp_path: Path, source: Path, monkeypatch):
    made: list[int] = []
    monkeypatch.setenv(tables.ENV, "")
    assert tables.user_cache_dir() is None
    assert words_from(source, made) == WORDS and words_from(source, made) == WORDS
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where the folder would be")
    monkeypatch.setenv(tables.ENV, str(blocked / "cache"))
    assert words_from(source, made) == WORDS
    assert made == [1, 1, 1]
    assert not list(tmp_path.glob("**/.tmp-*"))


def test_default_folder_follows_xdg(monkeypatch, tmp_path: Path):
    monkeypatch.delenv(tables.ENV, raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert tables.user_cache_dir() == tmp_path / "park-digest"


def test_jiebas_tables_read_back_equal_to_parsed(cache: Path):
    """The real tables: what the cache gives back is what parsing jieba's files gives."""
    jieba_lexicon.cache_clear()
    terms.idf_table.cache_clear()
    try:
        for _ in range(2):  # made and cached, then read back
            jieba_lexicon.cache_clear()
            terms.idf_table.cache_clear()
            common, places = jieba_lexicon()
            assert (frozenset(common), places) == parse_lexicon()
            weights, median = terms.idf_table()
            assert (dict(weights.items()), median) == terms.parse_idf()
        assert len(list(cache.iterdir())) == 3
    finally:
        jieba_lexicon.cache_clear()
        terms.idf_table.cache_clear()


@pytest.mark.parametrize("packed", ["x", ("x", "y"), (1,), ["x"]])
def test_word_lists_of_the_wrong_shape_are_refused(packed):
    with pytest.raises(TypeError):
        tables.unpack_words(packed)


def test_a_change_of_code_makes_it_again(cache: Path, source: Path, monkeypatch):
    import generator.runtime.codekey

    made: list[int] = []
    words_from(source, made)
    monkeypatch.setattr(generator.runtime.codekey, "code_key", lambda: "another version of the generator")
    words_from(source, made)
    assert made == [1, 1] and len(list(cache.iterdir())) == 1


def test_files_of_another_installation_are_left_alone_and_old_temporary_files_dropped(cache: Path, source: Path,
                                                                                     tmp_path: Path):
    import os
    import time

    made: list[int] = []
    other = tmp_path / "other" / "dict.txt"
    other.parent.mkdir()
    other.write_text("园区 3 n\n", encoding="utf-8")
    words_from(other, made)
    theirs = next(cache.iterdir())
    killed = cache / f".tmp-0badf00d-{next(p for p in cache.iterdir()).name}"
    killed.write_bytes(b"half")
    os.utime(killed, (time.time() - 2 * tables.STALE_TEMP_SECONDS,) * 2)
    source.write_text("园区 3 n\n高新区 5 n\n", encoding="utf-8")
    words_from(source, made)
    words_from(other, made)   # then the other source is changed too: its own stale file and old temp go
    assert theirs.exists() and killed.exists()   # a file of the other source stays until that source changes
    other.write_text("园区 4 n\n", encoding="utf-8")
    words_from(other, made)
    assert not theirs.exists() and not killed.exists()
    assert len([p for p in cache.iterdir() if not p.name.startswith(".tmp-")]) == 2
    assert made == [1, 1, 1]
