#!/bin/sh
# Fills the seed corpus of the front-end fuzzer: every .cmt file of the goldens, the examples and
# the standard library, plus every ```cmt block of docs/language.md, one file each.
# Usage: Benchmarks/fuzz/make-corpus.sh [DIR]   (default /tmp/cmt-fuzz/frontend-seeds)
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
dir=${1:-/tmp/cmt-fuzz/frontend-seeds}
mkdir -p "$dir"
find "$root/Tests/CMTCompilerTests/Goldens" "$root/Examples" "$root/Stdlib" -name '*.cmt' 2>/dev/null |
    while read -r file; do cp "$file" "$dir/$(echo "$file" | sed "s|$root/||; s|/|_|g")"; done
awk -v dir="$dir" '
    /^```cmt/ { n++; file = sprintf("%s/language_md_%03d.cmt", dir, n); inside = 1; next }
    /^```/ { inside = 0; next }
    inside { print > file }
' "$root/docs/language.md"
ls "$dir" | wc -l | sed 's/$/ seed files in '"$(echo "$dir" | sed 's/[\/&]/\\&/g')"'/'
