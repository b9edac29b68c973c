"""Small helpers shared by the benchmark scripts: wall time and peak resident memory, and the
project's own dbt (next to the Python running the script, so no venv needs activating)."""

import os
import subprocess
import sys
import threading
import time
from contextlib import contextmanager
from pathlib import Path

PAGE = os.sysconf("SC_PAGE_SIZE")
ROOT = Path(__file__).resolve().parent.parent
DBT = str(Path(sys.executable).with_name("dbt"))


def rss_bytes(pid="self"):
    try:
        with open(f"/proc/{pid}/statm") as f:
            return int(f.read().split()[1]) * PAGE
    except (FileNotFoundError, ProcessLookupError):
        return 0


def tree_rss_bytes(pid):
    """Resident memory of a process and all its descendants."""
    children = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as f:
                    parent = int(f.read().rsplit(")", 1)[1].split()[1])
            except (FileNotFoundError, ProcessLookupError, IndexError):
                continue
            children.setdefault(parent, []).append(int(entry))
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        total += rss_bytes(p)
        todo.extend(children.get(p, []))
    return total


@contextmanager
def measured(sample=rss_bytes, every=0.02):
    """Yields a dict that gets `seconds` and `peak_gib` (peak resident memory of this process,
    or of what `sample` measures, while the block ran)."""
    result, stop = {}, threading.Event()
    peak = [sample()]

    def sampler():
        while not stop.is_set():
            peak[0] = max(peak[0], sample())
            time.sleep(every)

    thread = threading.Thread(target=sampler, daemon=True)
    thread.start()
    started = time.perf_counter()
    try:
        yield result
    finally:
        result["seconds"] = time.perf_counter() - started
        stop.set()
        thread.join()
        result["peak_gib"] = max(peak[0], sample()) / 2**30


def dbt(*args, env, quiet=True):
    """Run the project's dbt; returns the wall time, peak memory of its process tree and the
    exit code."""
    process = subprocess.Popen([DBT, *args, "--project-dir", str(ROOT), "--profiles-dir", str(ROOT),
                                *(["--quiet"] if quiet else [])], env=env, cwd=ROOT)
    with measured(lambda: tree_rss_bytes(process.pid), every=0.2) as m:
        code = process.wait()
    m["returncode"] = code
    return m
