#!/usr/bin/env bash
# One command from a fresh clone: install, build the demo data into the
# embedded store, print the summary and the exports, open the dashboard.
# Extra arguments go to `branchgraph demo` (e.g. --no-dashboard).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec .venv/bin/branchgraph demo "$@"
