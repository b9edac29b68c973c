"""Time to the explorer's first usable view (figures and charts drawn): headless chromium opens
RELEASE_DIR/explorer/ from a local static server, each run in a fresh browser context (no cache),
target a median <= 2 s. With --baseline OTHER_RELEASE_DIR, the two explorers are opened in turn,
run by run, and both medians are printed with their ratio (same machine, same moment). Then, once,
a query over every synthetic record in the SQL box: its time and the longest task of the page's
main thread meanwhile (target < 200 ms: the page stays responsive).

Usage: python scripts/bench_explorer.py RELEASE_DIR [--runs N] [--query '?gender=Female&by=ageBroad']
                                        [--baseline OTHER_RELEASE_DIR]
"""

import argparse
import os
import statistics
from contextlib import ExitStack
from pathlib import Path

from ctdc_pipeline.browser import headless_chromium, open_explorer, serve

TARGET_MS = 2000
RESPONSIVE_MS = 200
BIG_QUERY = "select * from synthetic_cases"


def first_view(browser, base, query, errors):
    page, ms = open_explorer(browser, f"{base}/explorer/{query}", errors)
    steps = page.evaluate(
        "performance.getEntriesByType('mark').map(m => `${m.name} ${Math.round(m.startTime)}`)")
    page.context.close()
    return ms, steps


def big_query(browser, base, errors):
    """(ms to the result shown, longest main-thread task in ms, the result's caption)."""
    page, _ = open_explorer(browser, f"{base}/explorer/", errors)
    page.wait_for_selector("#run:not([disabled])", timeout=60_000)
    page.evaluate("""() => { window.longTasks = [];
        new PerformanceObserver(list => window.longTasks.push(...list.getEntries().map(e => e.duration)))
            .observe({ type: 'longtask' }); }""")
    page.fill("#sql", BIG_QUERY)
    started = page.evaluate("performance.now()")
    page.click("#run")
    page.wait_for_function("document.querySelector('#sql-status').textContent !== 'Running…'")
    ms = page.evaluate("performance.now()") - started
    page.wait_for_timeout(200)  # long tasks are reported after they end
    longest = max(page.evaluate("window.longTasks"), default=0)
    caption = page.evaluate("document.querySelector('#sql-result caption').firstChild.textContent")
    page.context.close()
    return ms, longest, caption


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("release_dir", type=Path)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--query", default="?gender=Female&isForcedLabour=1&by=ageBroad")
    parser.add_argument("--baseline", type=Path, help="another release folder, timed in turn with this one")
    args = parser.parse_args()
    releases = {"this": args.release_dir} | ({"baseline": args.baseline} if args.baseline else {})
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())} ({os.cpu_count()} cores)")
    errors, timings = [], {name: [] for name in releases}
    with ExitStack() as stack:
        bases = {name: stack.enter_context(serve(folder)) for name, folder in releases.items()}
        browser = stack.enter_context(headless_chromium())
        for run in range(1, args.runs + 1):
            for name, base in bases.items():
                ms, steps = first_view(browser, base, args.query, errors)
                print(f"run {run} {name}: first usable view {ms} ms ({'; '.join(steps)})")
                timings[name].append(ms)
        ms, longest, caption = big_query(browser, bases["this"], errors)
    print(f"{BIG_QUERY!r}: {caption} in {ms:.0f} ms; longest main-thread task {longest:.0f} ms "
          f"(target < {RESPONSIVE_MS} ms)")
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    medians = {name: statistics.median(values) for name, values in timings.items()}
    print(f"median {medians['this']:.0f} ms over {args.runs} runs (target <= {TARGET_MS} ms)")
    if args.baseline:
        print(f"baseline median {medians['baseline']:.0f} ms: this / baseline = "
              f"{medians['this'] / medians['baseline']:.2f}")
    if errors:
        raise SystemExit(f"console errors: {errors}")
