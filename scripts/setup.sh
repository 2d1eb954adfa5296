#!/usr/bin/env bash
# Creates .venv and installs branchgraph into it. With --dev also the test
# tools and, when run as root on Debian, the system packages the tests drive:
# chromium (dashboard tests), fonts-noto-cjk (Chinese in screenshots),
# LibreOffice Calc (checks that exports open in a spreadsheet), fonts-wqy-zenhei
# (the TrueType Chinese font the PDF report embeds) and poppler-utils (pdftotext,
# pdffonts, pdftoppm read the report back).
set -euo pipefail
cd "$(dirname "$0")/.."
dev=0
[ "${1:-}" = "--dev" ] && dev=1

if [ "$dev" = 1 ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  need=()
  command -v chromium >/dev/null || need+=(chromium)
  [ -d /usr/share/fonts/opentype/noto ] || need+=(fonts-noto-cjk)
  command -v libreoffice >/dev/null || need+=(libreoffice-calc-nogui)
  [ -f /usr/share/fonts/truetype/wqy/wqy-zenhei.ttc ] || need+=(fonts-wqy-zenhei)
  command -v pdftotext >/dev/null || need+=(poppler-utils)
  if [ "${#need[@]}" -gt 0 ]; then
    echo "== apt-get install ${need[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
  fi
fi

PY=${PYTHON:-python3}
[ -x .venv/bin/python ] || "$PY" -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip >/dev/null 2>&1 || true
if [ "$dev" = 1 ]; then
  .venv/bin/pip install -q -e '.[dev]'
else
  .venv/bin/pip install -q -e .
fi
