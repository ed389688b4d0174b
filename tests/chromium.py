"""Debian's chromium for the real-browser tests: where it is, and how the tests start it."""
import shutil

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
# No sandbox (tests run as root in CI), no GPU, and nothing that reaches the network by itself.
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def launch(playwright):
    """A headless chromium started by a Playwright instance (sync API)."""
    return playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
