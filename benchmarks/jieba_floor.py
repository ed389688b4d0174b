"""The floor of a jieba pipeline: tokenize every page of a seeds folder once with jieba.lcut.

Run as a subprocess by bench.py: ``python benchmarks/jieba_floor.py SEEDS``.
Pages are read and decoded exactly as the generator reads them; jieba's
dictionary is loaded and warmed up first, and only the lcut calls are timed.
Prints one line of JSON.
"""
from __future__ import annotations

import json
import logging
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main(seeds: Path) -> dict:
    import jieba

    from generator.read.decode import read_pages

    jieba.setLogLevel(logging.WARNING)
    texts = [p.text for p in read_pages(seeds, [])]
    t0 = time.perf_counter()
    jieba.initialize()
    jieba.lcut("衡阳高新区培育创新创业沃土，“小巨人”迸发大能量。")  # warm-up
    load = time.perf_counter() - t0
    t0 = time.perf_counter()
    tokens = sum(len(jieba.lcut(text)) for text in texts)
    seconds = time.perf_counter() - t0
    return {"pages": len(texts), "chars": sum(map(len, texts)), "tokens": tokens,
            "dict_load_s": round(load, 3), "tokenize_s": round(seconds, 3)}


if __name__ == "__main__":
    print(json.dumps(main(Path(sys.argv[1]))))
