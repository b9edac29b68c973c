"""Open the release explorer in Debian's headless chromium (Playwright's Python client), served
from a local static server: shared by the browser test and the explorer benchmark."""

import functools
import http.server
import threading
from contextlib import contextmanager

CHROMIUM = "/usr/bin/chromium"
# Playwright adds --headless and a fresh profile directory itself. Headless Chromium (156) still
# starts the omnibox popup's WebUI in a renderer of its own for every new window (each browser
# context): some 200 chrome:// files loaded and parsed beside the page under test, on the same
# two cores. A person's browser has done that long before they open the page: turned off here.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync",
                 "--disable-features=WebUIOmniboxPopup,WebUIOmniboxAimPopup"]


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@contextmanager
def serve(directory):
    """A static file server for `directory` on 127.0.0.1 (a free port); yields its base URL."""
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(directory)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@contextmanager
def headless_chromium():
    from playwright.sync_api import sync_playwright  # only the test and the benchmark need it

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def open_explorer(browser, url, errors, timeout_ms=60_000):
    """Open the explorer at `url` in a new page; console errors and uncaught exceptions are
    appended to `errors`. Returns the page once its first view is usable, and the time that
    took in milliseconds from the start of navigation (the page records it in data-ready)."""
    page = browser.new_page()
    page.on("console", lambda message: message.type == "error" and errors.append(f"{url}: {message.text}"))
    page.on("pageerror", lambda error: errors.append(f"{url}: {error}"))
    page.goto(url)
    page.wait_for_selector("body[data-ready]", timeout=timeout_ms)
    return page, int(page.get_attribute("body", "data-ready"))
