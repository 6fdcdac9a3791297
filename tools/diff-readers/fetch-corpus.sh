#!/usr/bin/env bash
# Assembles the corpus that `make diff-readers` was run on (docs/diff-readers.md): real fixture
# workbooks from public projects' test suites, copied out of local git copies of those repositories
# into DEST (default .corpus/, which .gitignore keeps out of this repository). Nothing here is
# downloaded: clone the repositories listed below first (a bare mirror or an ordinary clone) under
# MIRRORS, as MIRRORS/<owner>+<name>/repo, then run
#
#   tools/diff-readers/fetch-corpus.sh [MIRRORS] [DEST]       (MIRRORS defaults to /work/.mirror)
#
# Each file is written to DEST/<owner>+<name>/<its path in the repository>; DEST/MANIFEST.tsv lists
# source, commit, path and size. The commit a repository is read at is the pinned one below when
# the copy has it, else the copy's HEAD (said on stderr). Git LFS pointers and blobs the copy lacks
# are skipped and counted. None of these files, nor any code from these repositories, is committed.
set -euo pipefail

MIRRORS=${1:-/work/.mirror}
DEST=${2:-.corpus}

# owner/name | commit the corpus was built from | path regex (extended, case-insensitive) | every Nth file
SOURCES=(
  'tafia/calamine|263762c8e98ef25da8511d9c5ea1783493e3bf6d|^tests/.*\.xls[xm]$|1'
  'tealeg/xlsx|611bf2be7be28a0027404c5fe07f0dd89e673b2d|\.xls[xm]$|1'
  'qax-os/excelize|8d26cbd932e8ff9e12dc42f7fef245baf7773b72|^test/.*\.xls[xm]$|1'
  'exceljs/exceljs|5bed18b45e824f409b08456b59b87430ded023ab|\.xls[xm]$|1'
  'jmcnamara/XlsxWriter|cf3fe78d3eab5e4c7d825d4451af3a60e2a04011|^xlsxwriter/test/comparison/xlsx_files/.*\.xls[xm]$|3'
  'SheetJS/test_files|fb4bdf0158ba308c182f82663b61607bb79cd4b5|\.xls[xm]$|1'
  'apache/poi|a528d43590b3f71aa94310de881a35af887fdd0f|^test-data/.*\.xls[xm]$|1'
  'PHPOffice/PhpSpreadsheet|11645d54ac203be6693309f0cd5153a4dfbf3761|\.xls[xm]$|1'
  'frictionlessdata/frictionless-py|44661adf0c9ec593d48642ba380ce33bbad95e15|^data/.*\.xls[xm]$|1'
  'theorchard/openpyxl|b06d737937d6c04927d8cfe9758a78d94c023872|\.xls[xm]$|1'
  'roo-rb/roo|20d424f8bf96f20929a8bbf4184e059cfd029531|^test/files/.*\.xls[xm]$|1'
)

git_dir() {
  local base="$MIRRORS/${1/\//+}"
  for candidate in "$base/repo/.git" "$base/repo" "$base/.git" "$base"; do
    if git --git-dir="$candidate" rev-parse --git-dir >/dev/null 2>&1; then echo "$candidate"; return; fi
  done
  return 1
}

mkdir -p "$DEST"
manifest="$DEST/MANIFEST.tsv"
printf 'source\tcommit\tpath\tbytes\n' >"$manifest"
total=0
for spec in "${SOURCES[@]}"; do
  IFS='|' read -r repo pinned pattern every <<<"$spec"
  if ! gd=$(git_dir "$repo"); then
    echo "skip $repo: no copy under $MIRRORS" >&2
    continue
  fi
  commit=$pinned
  if ! git --git-dir="$gd" cat-file -e "$commit^{commit}" 2>/dev/null; then
    commit=$(git --git-dir="$gd" rev-parse HEAD)
    echo "$repo: pinned commit $pinned absent, reading HEAD $commit" >&2
  fi
  out="$DEST/${repo/\//+}"
  copied=0 lfs=0 missing=0 i=0
  while IFS= read -r path; do
    i=$((i + 1))
    (( (i - 1) % every == 0 )) || continue
    mkdir -p "$out/$(dirname "$path")"
    # Blobs of 4 MiB and more may be absent from a snapshot copy.
    if ! git --git-dir="$gd" show "$commit:$path" >"$out/$path" 2>/dev/null; then
      rm -f "$out/$path"; missing=$((missing + 1)); continue
    fi
    if head -c 40 "$out/$path" | grep -q '^version https://git-lfs'; then
      rm -f "$out/$path"; lfs=$((lfs + 1)); continue
    fi
    printf '%s\t%s\t%s\t%s\n' "$repo" "$commit" "$path" "$(stat -c %s "$out/$path")" >>"$manifest"
    copied=$((copied + 1))
  done < <(git --git-dir="$gd" ls-tree -r --name-only "$commit" | grep -iE "$pattern" | LC_ALL=C sort)
  total=$((total + copied))
  echo "$repo@${commit:0:12}: $copied files (1 in $every of the $i that match; $lfs LFS pointers, $missing not in the copy)"
done
echo "corpus: $total files in $DEST (list: $manifest)"
