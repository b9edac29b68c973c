#!/usr/bin/env bash
# Set-up shared by run.sh and test.sh: a project virtualenv with the pinned requirements, and the
# explorer's npm packages (explorer/package-lock.json). Needs Python 3.11 and Node.js with npm on
# the PATH. Safe to run again: it only installs what changed.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
    "$PYTHON" -m venv .venv
fi
stamp=.venv/.requirements.sha256
wanted=$(cat requirements.txt pyproject.toml | sha256sum | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$wanted" ]; then
    .venv/bin/python -m pip install --quiet --upgrade pip
    .venv/bin/python -m pip install --quiet -r requirements.txt
    .venv/bin/python -m pip install --quiet --no-deps -e .
    echo "$wanted" > "$stamp"
fi
npm_stamp=explorer/node_modules/.package-lock.sha256
npm_wanted=$(sha256sum explorer/package-lock.json | cut -d' ' -f1)
if [ ! -f "$npm_stamp" ] || [ "$(cat "$npm_stamp")" != "$npm_wanted" ]; then
    (cd explorer && npm ci --no-audit --no-fund --loglevel=error)
    echo "$npm_wanted" > "$npm_stamp"
fi
