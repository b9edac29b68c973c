"""Open the release explorer in Debian's Firefox ESR (headless, driven over WebDriver BiDi, which
Firefox ships) and print what its first view shows, with any console error: the check that the
page works in Firefox as in Chromium (the browser tests run Chromium). Needs `apt-get install
firefox-esr`.

Usage: python scripts/check_explorer_firefox.py RELEASE_DIR [--query '?gender=Female&by=ageBroad']
"""

import argparse
import itertools
import json
import subprocess
import tempfile
import time
from pathlib import Path

from websockets.sync.client import connect

from ctdc_pipeline.browser import serve

PORT = 9333
SHOWN = {"official figure": "#official", "synthetic estimate": "#synthetic"}


class Bidi:
    """A minimal WebDriver BiDi session: commands in order, console errors collected."""

    def __init__(self, socket):
        self.socket, self.ids, self.errors = socket, itertools.count(1), []

    def call(self, method, **params):
        number = next(self.ids)
        self.socket.send(json.dumps({"id": number, "method": method, "params": params}))
        while True:
            message = json.loads(self.socket.recv())
            if message.get("method") == "log.entryAdded" and message["params"].get("level") == "error":
                self.errors.append(message["params"].get("text"))
            if message.get("id") == number:
                if "error" in message:
                    raise RuntimeError(message)
                return message["result"]

    def evaluate(self, context, expression):
        result = self.call("script.evaluate", expression=expression, target={"context": context},
                           awaitPromise=False)
        return result["result"].get("value")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("release_dir", type=Path)
    parser.add_argument("--query", default="?gender=Female&isForcedLabour=1&by=ageBroad")
    args = parser.parse_args()
    with serve(args.release_dir) as base, tempfile.TemporaryDirectory() as profile:
        firefox = subprocess.Popen(["firefox-esr", "--headless", "--no-remote", "--profile", profile,
                                    "--remote-debugging-port", str(PORT)],
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            time.sleep(4)  # the remote agent starts listening
            with connect(f"ws://127.0.0.1:{PORT}/session", max_size=None) as socket:
                bidi = Bidi(socket)
                bidi.call("session.new", capabilities={})
                bidi.call("session.subscribe", events=["log.entryAdded"])
                context = bidi.call("browsingContext.getTree")["contexts"][0]["context"]
                bidi.call("browsingContext.navigate", context=context, url=f"{base}/explorer/{args.query}",
                          wait="complete")
                deadline = time.monotonic() + 60
                while not bidi.evaluate(context, "document.body.dataset.ready || ''"):
                    if time.monotonic() > deadline:
                        raise SystemExit("the first view did not become usable within 60 s")
                    time.sleep(0.1)
                print(bidi.evaluate(context, "navigator.userAgent"))
                print(f"first usable view: {bidi.evaluate(context, 'document.body.dataset.ready')} ms")
                for label, selector in SHOWN.items():
                    text = bidi.evaluate(context, f"document.querySelector({selector!r}).textContent")
                    print(f"{label}: {text}")
                rows = bidi.evaluate(context, "document.querySelectorAll('.chart tbody tr').length")
                print(f"chart rows: {rows}")
                if bidi.errors:
                    raise SystemExit(f"console errors: {bidi.errors}")
                print("no console error")
        finally:
            firefox.terminate()
