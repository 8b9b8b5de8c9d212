"""Render Mermaid diagrams with the real mermaid library in headless Debian Chromium.

A throw-away HTTP server on 127.0.0.1 serves a page, the pinned ``mermaid.min.js`` (tools/mermaid, installed
by ``npm ci`` from the committed lock file) and the diagrams; the page renders each one with
``mermaid.render`` and POSTs back, per diagram, the SVG's start, its text content and any error. Chromium runs
with the flags this machine needs (no sandbox as root, no background networking: the network is closed).
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MERMAID_JS = ROOT / "tools" / "mermaid" / "node_modules" / "mermaid" / "dist" / "mermaid.min.js"

PAGE = """<!doctype html>
<html><head><meta charset="utf-8"><script src="/mermaid.min.js"></script></head>
<body><div id="out"></div><script>
(async () => {
  const results = [];
  try {
    const diagrams = await (await fetch("/diagrams.json")).json();
    mermaid.initialize({startOnLoad: false, securityLevel: "strict"});
    for (let i = 0; i < diagrams.length; i++) {
      const holder = document.createElement("div");
      document.getElementById("out").appendChild(holder);
      try {
        const {svg} = await mermaid.render("diagram" + i, diagrams[i]);
        holder.innerHTML = svg;
        results.push({ok: true, svg_start: svg.slice(0, 200), text: holder.textContent, error: null,
                      nodes: holder.querySelectorAll("g.node").length, edges: holder.querySelectorAll("path.flowchart-link").length});
      } catch (e) {
        results.push({ok: false, svg_start: "", text: "", error: String(e && e.message || e), nodes: 0, edges: 0});
      }
    }
  } catch (e) {
    results.push({ok: false, svg_start: "", text: "", error: "page: " + String(e), nodes: 0, edges: 0});
  }
  await fetch("/result", {method: "POST", headers: {"Content-Type": "application/json"}, body: JSON.stringify(results)});
})();
</script></body></html>
"""

CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--no-default-browser-check",
    "--mute-audio",
]


def chromium_path() -> str:
    found = shutil.which("chromium") or ("/usr/bin/chromium" if os.path.exists("/usr/bin/chromium") else None)
    if not found:
        raise AssertionError("Debian's chromium is missing: `make test` installs it (apt-get install chromium)")
    return found


def render_all(diagrams: list[str], timeout: float = 180.0) -> tuple[list[dict], float]:
    """Render every diagram in one browser; returns (results, seconds)."""
    if not MERMAID_JS.is_file():
        raise AssertionError(f"{MERMAID_JS} is missing: `make test` runs npm ci in tools/mermaid")
    done = threading.Event()
    box: dict = {}
    payload = json.dumps(diagrams).encode()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - http.server's naming
            routes = {
                "/": (PAGE.encode(), "text/html"),
                "/diagrams.json": (payload, "application/json"),
                "/mermaid.min.js": (MERMAID_JS.read_bytes(), "text/javascript"),
            }
            body, kind = routes.get(self.path, (b"not found", "text/plain"))
            self.send_response(200 if self.path in routes else 404)
            self.send_header("Content-Type", kind + "; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_POST(self):  # noqa: N802
            box["results"] = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            self.send_response(204)
            self.end_headers()
            done.set()

        def log_message(self, *args):  # keep pytest output clean
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    profile = tempfile.mkdtemp(prefix="emrgen-chromium-")
    url = f"http://127.0.0.1:{server.server_address[1]}/"
    start = time.monotonic()
    browser = subprocess.Popen(
        [chromium_path(), *CHROMIUM_FLAGS, f"--user-data-dir={profile}", url],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    try:
        if not done.wait(timeout):
            browser.poll()
            raise AssertionError(f"no result from chromium within {timeout:.0f}s (exit code {browser.returncode})")
        return box["results"], time.monotonic() - start
    finally:
        # End the browser we started: its own process group (start_new_session), by id.
        try:
            os.killpg(browser.pid, signal.SIGTERM)
            browser.wait(timeout=10)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            try:
                os.killpg(browser.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        server.shutdown()
        server.server_close()
        shutil.rmtree(profile, ignore_errors=True)


def mermaid_blocks(markdown: str) -> list[str]:
    blocks, current = [], None
    for line in markdown.splitlines():
        if current is None and line == "```mermaid":
            current = []
        elif current is not None and line == "```":
            blocks.append("\n".join(current) + "\n")
            current = None
        elif current is not None:
            current.append(line)
    return blocks
