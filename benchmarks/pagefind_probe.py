"""What a reader's browser downloads from Pagefind for one query (issue 7).

    python benchmarks/pagefind_probe.py SITE_DIR QUERY

Serves SITE_DIR on 127.0.0.1, opens its search page (find/) in Debian's
chromium with Playwright, types QUERY into the page's search box, waits for the
results, and prints one JSON line: the number of results shown, the bytes of
every /pagefind/ response from opening the page to the results (Pagefind's
script and worker, WebAssembly, metadata, index chunks, filters if any, result
fragments), the part of that which is index data (pf_meta, pf_index,
pf_filter, pf_fragment), the same bytes as a server that gzips text sends them
(GitHub Pages compresses scripts and styles; Pagefind's index files are gzipped
already), those gzip bytes by kind of file, and the size of the whole Pagefind
folder for comparison.
"""
from __future__ import annotations

import functools
import gzip
import http.server
import json
import shutil
import socketserver
import sys
import threading
from pathlib import Path

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
INDEX_SUFFIXES = (".pf_meta", ".pf_index", ".pf_filter", ".pf_fragment")
INPUT = "#pd-find-q"          # the search box of site_templates/find.md.j2
RESULT = ".pd-find-result"    # one result shown
KINDS = {".pf_meta": "meta", ".pf_index": "index", ".pf_filter": "filter", ".pf_fragment": "fragment",
         ".pagefind": "wasm", ".js": "script", ".css": "style", ".json": "entry"}


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # no request log on stderr
        pass


def folder_bytes(path: Path) -> int:
    """Total size of the files under path."""
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def probe(site: Path, query: str) -> dict:
    """Open find/, run query, and account for every Pagefind download."""
    from playwright.sync_api import sync_playwright

    fetched: list[tuple[str, bytes]] = []
    handler = functools.partial(_Quiet, directory=str(site))
    with socketserver.TCPServer(("127.0.0.1", 0), handler) as httpd, sync_playwright() as p:
        threading.Thread(target=httpd.serve_forever, daemon=True).start()
        browser = p.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync"])
        page = browser.new_page()
        page.on("requestfinished", lambda req: fetched.append((req.url, _body(req))) if "/pagefind/" in req.url else None)
        page.goto(f"http://127.0.0.1:{httpd.server_address[1]}/find/")
        page.wait_for_selector(INPUT, timeout=30_000)
        page.fill(INPUT, query)
        page.wait_for_selector(RESULT, timeout=30_000)
        page.wait_for_load_state("networkidle")
        results = page.locator(RESULT).count()
        browser.close()
        httpd.shutdown()
    return {"query": query, "results_shown": results, "requests": len(fetched),
            "bytes_fetched": sum(len(b) for _, b in fetched),
            "bytes_fetched_gzip": sum(_gzip_size(b) for _, b in fetched),
            "index_bytes_fetched": sum(len(b) for url, b in fetched if url.endswith(INDEX_SUFFIXES)),
            "gzip_bytes_by_kind": by_kind(fetched),
            "pagefind_folder_bytes": folder_bytes(site / "pagefind")}


def _gzip_size(body: bytes) -> int:
    """Bytes on the wire from a server that gzips it (never more than the raw body)."""
    return min(len(body), len(gzip.compress(body, 6)))


def by_kind(fetched: list[tuple[str, bytes]]) -> dict[str, int]:
    """Gzip bytes per kind of Pagefind file (script, wasm, meta, index, filter, fragment, ...)."""
    out: dict[str, int] = {}
    for url, body in fetched:
        path = url.split("?")[0]
        kind = next((k for suffix, k in KINDS.items() if path.endswith(suffix)), "other")
        out[kind] = out.get(kind, 0) + _gzip_size(body)
    return out


def _body(request) -> bytes:
    """A finished request's response body (empty when the browser kept none)."""
    response = request.response()
    try:
        return response.body() if response else b""
    except Exception:  # a body the browser already dropped (redirects): nothing to count
        return b""


def main(argv: list[str]) -> int:
    """Command line: SITE_DIR QUERY."""
    if len(argv) != 2:
        print(__doc__.strip().splitlines()[2].strip(), file=sys.stderr)
        return 2
    site = Path(argv[0])
    if not (site / "pagefind" / "pagefind.js").is_file():
        print(f"{site}: no Pagefind index (build with park-digest build --pagefind)", file=sys.stderr)
        return 1
    print(json.dumps(probe(site, argv[1]), ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
