"""Time to the explorer's first usable view: headless chromium opens RELEASE_DIR/explorer/ from a
local static server, each run in a fresh browser context (no cache), target <= 3 s.

Usage: python scripts/bench_explorer.py RELEASE_DIR [--runs N] [--query '?gender=Female&by=ageBroad']
"""

import argparse
import statistics
from pathlib import Path

from ctdc_pipeline.browser import headless_chromium, open_explorer, serve

TARGET_MS = 3000

if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("release_dir", type=Path)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--query", default="?gender=Female&isForcedLabour=1&by=ageBroad")
    args = parser.parse_args()
    errors, timings = [], []
    with serve(args.release_dir) as base, headless_chromium() as browser:
        for run in range(1, args.runs + 1):
            page, ms = open_explorer(browser, f"{base}/explorer/{args.query}", errors)
            steps = page.evaluate(
                "performance.getEntriesByType('mark').map(m => `${m.name} ${Math.round(m.startTime)}`)")
            print(f"run {run}: first usable view {ms} ms ({'; '.join(steps)})")
            timings.append(ms)
            page.context.close()
    print(f"median {statistics.median(timings):.0f} ms (target <= {TARGET_MS} ms)")
    if errors:
        raise SystemExit(f"console errors: {errors}")
