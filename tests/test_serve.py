"""park-digest serve: the preview regenerates when a seed page changes, without a restart."""
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request

NEW_PAGE = """# 无锡高新区集成电路产业再添新项目

本报讯 近日，无锡高新区一批集成电路项目集中签约，总投资超过50亿元。

陈明
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str, seconds: float = 60) -> str:
    with urllib.request.urlopen(url, timeout=seconds) as resp:
        return resp.read().decode("utf-8")


def wait_for(url: str, text: str, seconds: float) -> bool:
    """True once url shows text. seconds only guards against a hang (no speed is claimed): keep it >= 60."""
    deadline = time.monotonic() + seconds
    while (left := deadline - time.monotonic()) > 0:
        try:
            if text in fetch(url, max(1.0, left)):
                return True
        except OSError:
            pass
        time.sleep(0.5)
    return False


def test_serve_regenerates_when_a_seed_page_changes(project):
    port = free_port()
    # The build time must be the generator's own, which follows the newest article.
    env = {k: v for k, v in os.environ.items() if k not in ("SOURCE_DATE_EPOCH", "PARK_DIGEST_SOURCE_DATE_EPOCH")}
    env["NO_MKDOCS_2_WARNING"] = "1"
    log = (project / "serve.log").open("w")  # a pipe nobody reads would fill up and block the server
    proc = subprocess.Popen([sys.executable, "-m", "generator", "serve", "--dev-addr", f"127.0.0.1:{port}"],
                            cwd=project, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        home = f"http://127.0.0.1:{port}/park-digest/"
        assert wait_for(home, "最新报道", 120), "the preview did not start"
        (project / "seeds" / "2024-05-20_new.txt").write_text(NEW_PAGE, encoding="utf-8")
        assert wait_for(home, "无锡高新区集成电路产业再添新项目", 120), "the new page did not appear"
        # The build time (SOURCE_DATE_EPOCH, pinned to the newest article) follows the new
        # newest article in the same process; the seeds' newest is from 2022.
        assert "<lastmod>2024-05-20</lastmod>" in fetch(home + "sitemap.xml"), "the build time stayed the first build's"
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
        log.close()
