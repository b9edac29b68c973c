"""Small helpers shared by the benchmark scripts: wall time and peak resident memory."""

import os
import threading
import time
from contextlib import contextmanager

PAGE = os.sysconf("SC_PAGE_SIZE")


def rss_bytes():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * PAGE


@contextmanager
def measured():
    """Yields a dict that gets `seconds` and `peak_gib` (peak resident memory of this process
    while the block ran, sampled every 20 ms)."""
    result, stop = {}, threading.Event()
    peak = [rss_bytes()]

    def sample():
        while not stop.is_set():
            peak[0] = max(peak[0], rss_bytes())
            time.sleep(0.02)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    started = time.perf_counter()
    try:
        yield result
    finally:
        result["seconds"] = time.perf_counter() - started
        stop.set()
        sampler.join()
        result["peak_gib"] = max(peak[0], rss_bytes()) / 2**30
