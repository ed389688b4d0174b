"""Benchmark of park-digest on a synthetic archive (issue 7).

    .venv/bin/python benchmarks/bench.py --articles 1000 [--articles 10000] [--seed 1] [--out /tmp/bench]

For each size: build a synthetic archive from the seed pages (benchmarks/synth.py),
then run, each as a subprocess and measured with /usr/bin/time -v (else wait4):
``park-digest generate`` and jieba.lcut over the same text (the floor of a jieba
pipeline), back to back, --pairs times (medians reported), ``mkdocs build`` of the generated docs, ``park-digest build`` end to end,
Pagefind over the built site with the bytes a browser fetches for one query,
a no-change re-run of generate and a re-run after one page changed. Prints two
Markdown tables and writes everything to <out>/results.json. See benchmarks/README.md.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.dont_write_bytecode = True  # keep benchmarks/ free of __pycache__
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import synth  # noqa: E402

BIN = Path(sys.executable).parent if (Path(sys.executable).parent / "park-digest").exists() else ROOT / ".venv" / "bin"
PYTHON = BIN / "python" if (BIN / "python").exists() else Path(sys.executable)
GNU_TIME = Path("/usr/bin/time")
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONDONTWRITEBYTECODE": "1"}

def owned_names() -> set[str]:
    """What the generator owns in docs/ (its folders, manifest and lock): never copied as hand-written."""
    from generator import settings
    from generator.write import docs as write

    return set(settings.OWNED_DIRS) | {settings.MANIFEST_NAME, getattr(write, "LOCK_NAME", ".park-digest.lock")}

STEPS = ("generate", "jieba", "mkdocs", "build", "pagefind", "rerun", "change")
QUERY = "高新技术企业"   # a domain term every synthetic archive uses (from the term dictionary)
SUMMARY = re.compile(r"(\d+) pages read, (\d+) articles written to .*?, (\d+) warnings, (\d+) errors, "
                     r"(\d+) to review; (?:(\d+) files changed|no file changed)")
# park-digest build's last line: how long the generator and MkDocs took inside it.
BUILD_PARTS = re.compile(r"site built in .* \(generator ([\d.]+) s, MkDocs ([\d.]+) s\)")


# --- running one measured subprocess ---------------------------------------------

def gnu_time_works() -> bool:
    if not GNU_TIME.exists():
        return False
    try:
        return subprocess.run([str(GNU_TIME), "-v", "true"], capture_output=True, timeout=10).returncode == 0
    except (OSError, subprocess.SubprocessError):
        return False


def measure(name: str, cmd: list, cwd: Path, logs: Path, timeout: float, use_time: bool) -> dict:
    """Run cmd; wall time, CPU time, peak RSS and exit status (stdout/stderr kept under logs/)."""
    logs.mkdir(parents=True, exist_ok=True)
    out, err, rep = logs / f"{name}.stdout", logs / f"{name}.stderr", logs / f"{name}.time"
    cmd = [str(c) for c in cmd]
    full = [str(GNU_TIME), "-v", "-o", str(rep)] + cmd if use_time else cmd
    with open(out, "wb") as fo, open(err, "wb") as fe:
        t0 = time.perf_counter()
        proc = subprocess.Popen(full, cwd=cwd, stdout=fo, stderr=fe, env=ENV, start_new_session=True)
        timed_out = threading.Event()

        def kill() -> None:
            timed_out.set()
            try:
                os.killpg(proc.pid, signal.SIGKILL)  # the group of the process started just above
            except ProcessLookupError:
                pass

        timer = threading.Timer(timeout, kill)
        timer.start()
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - t0
        timer.cancel()
        proc.returncode = os.waitstatus_to_exitcode(status)
    result = {"cmd": " ".join(cmd), "cwd": str(cwd), "wall_s": round(wall, 3),
              "cpu_s": round(usage.ru_utime + usage.ru_stime, 3), "peak_rss_kb": usage.ru_maxrss,
              "exit": proc.returncode, "timed_out": timed_out.is_set(),
              "stdout": str(out), "stderr": str(err)}
    if use_time and rep.exists():
        report = rep.read_text(errors="replace")
        m = re.search(r"Maximum resident set size \(kbytes\): (\d+)", report)
        if m:
            result["peak_rss_kb"] = int(m.group(1))
        m = re.search(r"Exit status: (\d+)", report)
        if m and not timed_out.is_set():
            result["exit"] = int(m.group(1))
    return result


def generate_summary(step: dict) -> dict:
    """Counts from park-digest generate's last line and its stderr."""
    text = Path(step["stdout"]).read_text(errors="replace")
    m = SUMMARY.search(text)
    info: dict = {}
    if m:
        info = {"pages": int(m.group(1)), "articles": int(m.group(2)), "warnings": int(m.group(3)),
                "errors": int(m.group(4)), "review": int(m.group(5)), "files_changed": int(m.group(6) or 0)}
    err = Path(step["stderr"]).read_text(errors="replace")
    if "Traceback" in err:
        info["traceback"] = err[err.index("Traceback"):][-2000:]
    elif step["exit"] and err.strip():
        info["error"] = err.strip().splitlines()[-1][:500]
    return info


def build_parts(step: dict) -> dict:
    """The generator's and MkDocs' seconds inside park-digest build, from its last line."""
    m = BUILD_PARTS.search(Path(step["stdout"]).read_text(errors="replace"))
    return {"generator_s": float(m.group(1)), "mkdocs_s": float(m.group(2))} if m else {}


# --- the bench project ---------------------------------------------------------------

def compile_generator(cwd: Path) -> None:
    """Byte-compile the generator package the timed steps import, as pip does when it installs one.

    The steps run with PYTHONDONTWRITEBYTECODE (no __pycache__ left in the
    checkout), so an editable install would otherwise compile every module of
    the generator from source in every timed run, while the libraries beside it
    (jinja2, jieba, MkDocs …) load their compiled files. The package is found as
    the steps find it: by the venv's Python, from a folder that holds no other copy.
    """
    code = ("import compileall, os, sys, generator\n"
            "sys.exit(0 if compileall.compile_dir(os.path.dirname(generator.__file__), quiet=1) else 1)")
    done = subprocess.run([PYTHON, "-c", code], cwd=cwd, env=ENV, capture_output=True, text=True)
    if done.returncode != 0:
        print(f"warning: could not byte-compile the generator; it runs from source ({done.stderr.strip()[-200:]})",
              file=sys.stderr)


def warm_up(out: Path, use_time: bool, timeout: float) -> dict:
    """Run ``generate`` once on the repository's own seeds, untimed, before any timed step.

    The first run on a machine derives its tables from jieba's dictionary and IDF
    files and caches them per user (``~/.cache/park-digest/``), as jieba caches its
    dictionary on its first load; the floor leaves jieba's load out, so the timed
    runs should not pay for ours either. It also brings the libraries' files into
    the OS cache for both sides alike.
    """
    root = out / "warmup"
    shutil.rmtree(root, ignore_errors=True)  # 40-odd files: too few to slow the timed steps' writes (see README)
    make_project(root, ROOT / "seeds")
    step = measure("warmup", [BIN / "park-digest", "generate", "--seeds", ROOT / "seeds", "--docs", root / "docs"],
                   root, root / "logs", timeout, use_time)
    print(f"warm-up (not timed): generate on {ROOT / 'seeds'}, {step['wall_s']:.1f} s, exit {step['exit']}",
          file=sys.stderr, flush=True)
    return step


def make_project(dest: Path, seeds: Path) -> None:
    """A copy of the site project (config, hand-written docs, templates) with regenerate: false."""
    dest.mkdir(parents=True)
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    config, n = re.subn(r"(?m)^(\s*)- park-digest\s*$", r"\1- park-digest:\n\1    regenerate: false", config)
    if not n:  # the entry already has options
        config, n = re.subn(r"(?m)^(\s*)- park-digest:\s*$", r"\1- park-digest:\n\1    regenerate: false", config)
    if not n:
        raise SystemExit("mkdocs.yml: no '- park-digest' plugin entry to turn regeneration off in")
    (dest / "mkdocs.yml").write_text(config, encoding="utf-8")
    (dest / "docs").mkdir()
    owned = owned_names()
    for item in (ROOT / "docs").iterdir():
        if item.name in owned:
            continue
        (shutil.copytree if item.is_dir() else shutil.copy2)(item, dest / "docs" / item.name)
    for name in ("site_templates", "overrides"):
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, dest / name)
    (dest / "seeds").symlink_to(seeds)  # as in the real project (the plugin's default seeds folder)


def tree_size(path: Path) -> tuple[int, int]:
    files = [p for p in path.rglob("*") if p.is_file()] if path.is_dir() else []
    return len(files), sum(p.stat().st_size for p in files)


# --- one size -------------------------------------------------------------------

def bench_size(n: int, seed: int, out: Path, material, args, use_time: bool) -> dict:
    root = out / str(n)
    if root.exists():
        shutil.rmtree(root)
    seeds, project, e2e, logs = root / "seeds", root / "project", root / "e2e", root / "logs"
    t0 = time.perf_counter()
    archive = synth.build_archive(n, seed, seeds, *material)
    run = {"articles_asked": n, "seed": seed, "pages": archive.pages, "articles_made": archive.articles,
           "photo_items": archive.photos, "input_bytes": archive.bytes,
           "synth_s": round(time.perf_counter() - t0, 3), "dir": str(root), "steps": {}}
    print(f"[{n}] archive: {archive.pages} pages, {archive.articles} articles, "
          f"{archive.bytes / 1e6:.2f} MB in {seeds} ({run['synth_s']:.1f} s)", file=sys.stderr)
    make_project(project, seeds)
    make_project(e2e, seeds)
    steps = run["steps"]
    pd = BIN / "park-digest"
    docs = project / "docs"

    def step(name: str, cmd: list, cwd: Path, log: str | None = None) -> dict | None:
        if name in args.skip:
            return None
        print(f"[{n}] {log or name}: {' '.join(map(str, cmd))}", file=sys.stderr, flush=True)
        steps[name] = measure(log or name, cmd, cwd, logs, args.timeout, use_time)
        s = steps[name]
        print(f"[{n}] {log or name}: {s['wall_s']:.1f} s, peak {s['peak_rss_kb'] / 1024:.0f} MB, exit {s['exit']}"
              + (" (TIMED OUT)" if s["timed_out"] else ""), file=sys.stderr, flush=True)
        return s

    # generate and the floor run back to back, --pairs times: on a machine whose speed
    # drifts from minute to minute, each pair shares a minute (the later steps use the first docs).
    generated_runs, floor_runs = [], []
    for k in range(args.pairs):
        suffix = f".{k + 1}" if k else ""
        where = project if not k else root / f"project{suffix}"
        if k:
            make_project(where, seeds)
        if s := step("generate", [pd, "generate", "--seeds", seeds, "--docs", where / "docs"], where, f"generate{suffix}"):
            s.update(generate_summary(s))
            s["docs_files"], s["docs_bytes"] = tree_size(where / "docs")
            generated_runs.append(s)
        if s := step("jieba", [PYTHON, Path(__file__).parent / "jieba_floor.py", seeds], ROOT, f"jieba{suffix}"):
            try:
                s.update(json.loads(Path(s["stdout"]).read_text().strip().splitlines()[-1]))
            except (ValueError, IndexError):
                pass
            floor_runs.append(s)
    run["pairs"] = pairs(generated_runs, floor_runs)
    if generated_runs:
        steps["generate"] = median_run(generated_runs, "wall_s")
    if floor_runs:
        steps["jieba"] = median_run(floor_runs, "tokenize_s")
    generated = "generate" in steps and (docs / "articles").is_dir()  # later steps need generated docs
    if generated and (s := step("mkdocs", [BIN / "mkdocs", "build", "-q"], project)):
        s["site_files"], s["site_bytes"] = tree_size(project / "site")
        index = project / "site" / "search" / "search_index.json"
        s["search_index_bytes"] = index.stat().st_size if index.exists() else None
    if s := step("build", [pd, "build", "--seeds", seeds, "--site", e2e / "site"], e2e):
        s.update(generate_summary(s))
        s.update(build_parts(s))
        index = e2e / "site" / "search" / "search_index.json"
        s["search_index_bytes"] = index.stat().st_size if index.exists() else None
        s["site_files"], s["site_bytes"] = tree_size(e2e / "site")
    # A site of its own: only a site built for Pagefind has the search copies it indexes.
    found = root / "pagefind"
    if "pagefind" not in args.skip:
        make_project(found, seeds)
    if s := step("pagefind", [pd, "build", "--pagefind", "--seeds", seeds, "--site", found / "site"], found):
        s["pagefind_files"], s["pagefind_bytes"] = tree_size(found / "site" / "pagefind")
        s.update(pagefind_query(found / "site", logs))
    if generated:
        if s := step("rerun", [pd, "generate", "--seeds", seeds, "--docs", docs], project):
            s.update(generate_summary(s))
        if "change" not in args.skip:
            page = archive.files[len(archive.files) // 2]
            old = synth.change_one_page(seeds, page)
            try:
                s = step("change", [pd, "generate", "--seeds", seeds, "--docs", docs], project)
                s.update(generate_summary(s))
                s["changed_page"] = page
            finally:
                (seeds / page).write_bytes(old)
    return run


def median_run(runs: list[dict], key: str) -> dict:
    """The run with the median value of key (the lower middle one of an even number), with every run's value."""
    ordered = sorted(runs, key=lambda r: (r.get(key) is None, r.get(key) or 0.0))
    middle = dict(ordered[(len(ordered) - 1) // 2])
    middle[f"{key}_runs"] = [r.get(key) for r in runs]
    return middle


def pairs(generated: list[dict], floors: list[dict]) -> list[dict]:
    """generate's wall seconds beside the floor's tokenizing seconds, pair by pair, and their ratio."""
    out = []
    for g, j in zip(generated, floors):
        ok = not g.get("exit") and not g.get("timed_out") and j.get("tokenize_s")
        out.append({"generate_s": g["wall_s"], "jieba_s": j.get("tokenize_s"),
                    "ratio": round(g["wall_s"] / j["tokenize_s"], 3) if ok else None})
    return out


def pagefind_query(site: Path, logs: Path) -> dict:
    """What the browser fetches from Pagefind for one query (benchmarks/pagefind_probe.py)."""
    probe = subprocess.run([str(PYTHON), str(Path(__file__).parent / "pagefind_probe.py"), str(site), QUERY],
                           capture_output=True, text=True, env=ENV, timeout=300)
    (logs / "pagefind_probe.stderr").write_text(probe.stderr)
    try:
        return {"probe": json.loads(probe.stdout.strip().splitlines()[-1])}
    except (ValueError, IndexError):
        return {"probe_error": (probe.stderr.strip().splitlines() or ["no output"])[-1][:300]}


# --- report ---------------------------------------------------------------------------

def _f(x, digits=1) -> str:
    if x is None:
        return "–"
    return f"{x:.{digits}f}" if x >= 10 or digits == 0 else f"{x:.{max(digits, 2)}f}"


def _wall(s: dict | None) -> str:
    if not s:
        return "–"
    mark = " (timeout)" if s.get("timed_out") else (f" (exit {s['exit']})" if s.get("exit") else "")
    return _f(s["wall_s"]) + mark


def ratio_cell(pair_list: list[dict]) -> str:
    """The median of the pairs' generate/jieba ratios, and their range when there are several."""
    ratios = sorted(p["ratio"] for p in pair_list if p.get("ratio"))
    if not ratios:
        return "–"
    median = ratios[len(ratios) // 2] if len(ratios) % 2 else (ratios[len(ratios) // 2 - 1] + ratios[len(ratios) // 2]) / 2
    spread = f" ({_f(ratios[0], 2)}–{_f(ratios[-1], 2)})" if len(ratios) > 1 else ""
    return f"{_f(median, 2)}×{spread}"


def tables(runs: list[dict]) -> str:
    head = ("| articles | pages | input MB | generate s | articles/s | MB/s | peak MB | jieba s | generate/jieba "
            "| mkdocs build s | build (e2e) s | build/mkdocs | build/its MkDocs | build peak MB | search index MB "
            "| Pagefind 1st query KB "
            "| re-run s | 1 page changed s |")
    lines = [head, "|" + "|".join("---:" for _ in range(head.count("|") - 1)) + "|"]
    for r in runs:
        st = r["steps"]
        g, j, m, b, pf, rr, ch = (st.get(k) for k in STEPS)
        probe = (pf or {}).get("probe")
        mb = r["input_bytes"] / 1e6
        found = g.get("articles") if g else None
        ok = g and not g.get("exit") and not g.get("timed_out")
        art = f"{r['articles_made']}" + (f" ({found} found)" if found is not None else "")
        index = (m or {}).get("search_index_bytes") or (b or {}).get("search_index_bytes")
        lines.append("| " + " | ".join([
            art, str(r["pages"]), _f(mb, 2), _wall(g),
            _f(found / g["wall_s"]) if ok and found else "–",
            _f(mb / g["wall_s"], 2) if ok else "–",
            _f(g["peak_rss_kb"] / 1024, 0) if g else "–",
            _f(j.get("tokenize_s")) if j and "tokenize_s" in j else _wall(j),
            ratio_cell(r.get("pairs") or []),
            _wall(m), _wall(b),
            (_f(b["wall_s"] / m["wall_s"], 2) + "×") if b and m and not b.get("exit") and not m.get("exit") else "–",
            (_f(1 + b["generator_s"] / b["mkdocs_s"], 2) + "×") if b and b.get("mkdocs_s") else "–",
            _f(b["peak_rss_kb"] / 1024, 0) if b else "–",
            _f(index / 1e6, 2) if index else "–",
            (f"{probe['bytes_fetched_gzip'] / 1024:.0f} ({probe['bytes_fetched'] / 1024:.0f} raw, "
             f"{probe['index_bytes_fetched'] / 1024:.0f} index)") if probe else "–",
            _wall(rr) + (f" ({rr.get('files_changed', '?')} files)" if rr else ""),
            _wall(ch) + (f" ({ch.get('files_changed', '?')} files)" if ch else ""),
        ]) + " |")
    detail = ["", "| articles | step | wall s | CPU s | peak RSS MB | exit | result |",
              "|---:|---|---:|---:|---:|---:|---|"]
    for r in runs:
        for name, s in r["steps"].items():
            if name in ("generate", "rerun", "change", "build"):
                note = (f"{s.get('articles', '?')} articles, {s.get('warnings', '?')} warnings, "
                        f"{s.get('review', '?')} to review, {s.get('files_changed', '?')} files changed")
                if name == "build" and s.get("search_index_bytes"):
                    note += f"; site {s['site_files']} files, {s['site_bytes'] / 1e6:.1f} MB"
            elif name == "pagefind":
                probe = s.get("probe")
                note = (f"index {s.get('pagefind_files')} files, {(s.get('pagefind_bytes') or 0) / 1e6:.1f} MB; "
                        + (f"query {probe['query']}: {probe['results_shown']} results, {probe['requests']} requests, "
                           f"{probe['bytes_fetched'] / 1024:.0f} KB fetched ({probe['bytes_fetched_gzip'] / 1024:.0f} KB "
                           f"gzipped), of which index {probe['index_bytes_fetched'] / 1024:.0f} KB"
                           if probe else f"query probe failed: {s.get('probe_error', '?')}"))
            elif name == "jieba":
                note = (f"{s.get('tokens', '?')} tokens of {s.get('chars', '?')} chars; "
                        f"dictionary load {s.get('dict_load_s', '?')} s (not counted)")
            else:
                note = (f"site {s.get('site_files')} files, {s.get('site_bytes', 0) / 1e6:.1f} MB; "
                        f"search index {(s.get('search_index_bytes') or 0) / 1e6:.2f} MB")
            runs_of = s.get("wall_s_runs") or s.get("tokenize_s_runs")
            if runs_of and len(runs_of) > 1:
                note += "; median of " + ", ".join(_f(x, 2) if x is not None else "–" for x in runs_of) + " s"
            if s.get("timed_out"):
                note = "timed out; " + note
            if s.get("traceback") or s.get("error"):
                note += "; " + (s.get("traceback") or s.get("error")).strip().splitlines()[-1][:160]
            detail.append(f"| {r['articles_made']} | {name} | {_f(s['wall_s'])} | {_f(s['cpu_s'])} | "
                          f"{s['peak_rss_kb'] / 1024:.0f} | {s['exit']} | {note} |")
    return "\n".join(lines + detail)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--articles", type=int, action="append", help="archive size in articles (repeatable; default 1000)")
    p.add_argument("--seed", type=int, default=1, help="random seed of the synthetic archive (default 1)")
    p.add_argument("--out", type=Path, default=Path("/tmp/bench"), help="output folder (default /tmp/bench)")
    p.add_argument("--skip", default="", help=f"comma-separated steps to leave out: {','.join(STEPS)}")
    p.add_argument("--pairs", type=int, default=3,
                   help="times generate and the jieba floor run, back to back (default 3; the table has the medians)")
    p.add_argument("--timeout", type=float, default=3600, help="seconds before a step is killed (default 3600)")
    args = p.parse_args(argv)
    args.skip = {s.strip() for s in args.skip.split(",") if s.strip()}
    if args.pairs < 1:
        p.error("--pairs must be at least 1")
    if args.skip - set(STEPS):
        p.error(f"unknown step(s) {sorted(args.skip - set(STEPS))}; steps are {', '.join(STEPS)}")
    if not (BIN / "park-digest").exists():
        p.error(f"{BIN / 'park-digest'} not found: run with the project's venv python")
    sizes = args.articles or [1000]
    out = args.out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    use_time = gnu_time_works()
    compile_generator(out)
    warmup = warm_up(out, use_time, args.timeout)
    t0 = time.perf_counter()
    material = synth.load_material()
    print(f"seed material: {len(material[0])} articles from {synth.SEEDS} "
          f"({time.perf_counter() - t0:.1f} s)", file=sys.stderr)
    runs = [bench_size(n, args.seed, out, material, args, use_time) for n in sizes]
    table = tables(runs)
    results = {"created": time.strftime("%Y-%m-%dT%H:%M:%S%z"), "argv": sys.argv[1:],
               "machine": {"cpus": os.cpu_count(), "platform": platform.platform(),
                           "python": platform.python_version(),
                           "memory_method": "/usr/bin/time -v" if use_time else "os.wait4 ru_maxrss"},
               "warmup": warmup, "runs": runs, "table": table}
    (out / "results.json").write_text(json.dumps(results, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(table)
    print(f"\nresults: {out / 'results.json'}; logs per step: {out}/<articles>/logs/")
    return 0


if __name__ == "__main__":
    sys.exit(main())
