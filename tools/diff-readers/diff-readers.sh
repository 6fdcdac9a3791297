#!/usr/bin/env bash
# `make diff-readers DIR=folder [OUT=out/diff-readers]`: compares our workbook reader with openpyxl
# on every .xlsx/.xlsm under the folder (docs/diff-readers.md). Expects dist/ to be built (the make
# target builds it). Installs openpyxl when no python3 here has it: pip first, else Debian's package.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
export PYTHONDONTWRITEBYTECODE=1  # no __pycache__ beside the scripts
export PYTHONIOENCODING=utf-8:backslashreplace  # lone surrogates (Excel _xD801_ escapes) print escaped

find_python() {
  for candidate in python3 /usr/bin/python3; do
    if command -v "$candidate" >/dev/null 2>&1 && "$candidate" -c 'import openpyxl' 2>/dev/null; then
      "$candidate" -c 'import sys; print(sys.executable)'; return 0
    fi
  done
  return 1
}

if ! python=$(find_python); then
  echo 'diff-readers: installing openpyxl' >&2
  python3 -m pip install --quiet openpyxl >&2 ||
    { apt-get install -y -q python3-openpyxl >&2 || { apt-get update -q >&2 && apt-get install -y -q python3-openpyxl >&2; }; }
  python=$(find_python) || { echo 'diff-readers: openpyxl could not be installed (pip install openpyxl, or apt-get install python3-openpyxl)' >&2; exit 1; }
fi
echo "diff-readers: openpyxl $("$python" -c 'import openpyxl; print(openpyxl.__version__)') under $python" >&2
exec "$python" "$here/diff_readers.py" --python "$python" "$@"
