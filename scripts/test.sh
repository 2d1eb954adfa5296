#!/usr/bin/env bash
# One command runs the tests: installs what they need, then pytest.
# Extra arguments go to pytest (e.g. -k coverage, -m "not browser").
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --dev
exec .venv/bin/python -m pytest "$@"
