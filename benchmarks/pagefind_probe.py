"""What a reader's browser downloads from Pagefind for one query (issue 7).

    python benchmarks/pagefind_probe.py SITE_DIR QUERY

Serves SITE_DIR on 127.0.0.1, opens its search page (find/) in Debian's
chromium with Playwright, types QUERY into the Pagefind UI, waits for the
results, and prints one JSON line: the number of results shown, the bytes of
every /pagefind/ response from opening the page to the results (UI script and
styles, WebAssembly, metadata, index chunks, result fragments), the part of
that which is index data (pf_meta, pf_index, pf_filter, pf_fragment), the
same bytes as a server that gzips text sends them (GitHub Pages compresses
scripts and styles; Pagefind's index files are gzipped already), and the size
of the whole Pagefind folder for comparison.
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
RESULT = ".pagefind-ui__result"


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
        page.wait_for_selector(".pagefind-ui__search-input", timeout=30_000)
        page.fill(".pagefind-ui__search-input", query)
        page.wait_for_selector(RESULT, timeout=30_000)
        page.wait_for_load_state("networkidle")
        results = page.locator(RESULT).count()
        browser.close()
        httpd.shutdown()
    return {"query": query, "results_shown": results, "requests": len(fetched),
            "bytes_fetched": sum(len(b) for _, b in fetched),
            "bytes_fetched_gzip": sum(min(len(b), len(gzip.compress(b, 6))) for _, b in fetched),
            "index_bytes_fetched": sum(len(b) for url, b in fetched if url.endswith(INDEX_SUFFIXES)),
            "pagefind_folder_bytes": folder_bytes(site / "pagefind")}


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
    if not (site / "pagefind" / "pagefind-ui.js").is_file():
        print(f"{site}: no Pagefind index (build with park-digest build --pagefind)", file=sys.stderr)
        return 1
    print(json.dumps(probe(site, argv[1]), ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
