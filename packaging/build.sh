#!/usr/bin/env bash
# Build the one-folder desktop app into dist/ccplan/ with PyInstaller (packaging/ccplan.spec).
#
#   packaging/build.sh            # uses .venv (created with the app installed if missing)
#   PYTHON=/path/to/python packaging/build.sh
#
# PyInstaller is installed into the venv if missing (the "package" extra of pyproject.toml). The build is
# for the platform it runs on: build on Windows for Windows and on macOS for macOS (packaging/README.md).
set -euo pipefail
cd "$(dirname "$0")/.."

if [ -z "${PYTHON:-}" ]; then
  if [ -x .venv/bin/python ]; then
    PYTHON=.venv/bin/python
  elif [ -x .venv/Scripts/python.exe ]; then  # Git Bash on Windows
    PYTHON=.venv/Scripts/python.exe
  else
    python3 -m venv .venv
    PYTHON=.venv/bin/python
    "$PYTHON" -m pip install -q -e .
  fi
fi

if ! "$PYTHON" -c "import PyInstaller" >/dev/null 2>&1; then
  echo "build.sh: installing PyInstaller into the venv"
  "$PYTHON" -m pip install -q -e '.[package]'
fi

start=$(date +%s)
"$PYTHON" -m PyInstaller --noconfirm --clean --log-level WARN \
  --distpath dist --workpath build/pyinstaller packaging/ccplan.spec
seconds=$(( $(date +%s) - start ))

size=$(du -sh dist/ccplan | cut -f1)
echo "build.sh: built dist/ccplan/ in ${seconds} s (${size})"
