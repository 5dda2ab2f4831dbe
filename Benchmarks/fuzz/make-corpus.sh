#!/bin/sh
# Fills the seed corpus of a fuzzer. frontend (the default): every .cmt file of the goldens, the
# examples, the standard library and Benchmarks/fuzz/seeds, each multi-file golden program as one
# file (`//--- name` lines between its files), plus every ```cmt block of docs/language.md.
# process, rules, manifest: every .bpm (and jPDL conformance .xml), every .drl/.rl, every cmt.toml of
# the examples and tests, plus the ```xml / ```drl / ```toml blocks of the docs (CMT_SHARED_DIR
# overrides where ../shared is, for a checkout that is not beside it).
# Usage: Benchmarks/fuzz/make-corpus.sh [DIR] [frontend|process|rules|manifest]
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
dir=${1:-/tmp/cmt-fuzz/frontend-seeds}
kind=${2:-frontend}
mkdir -p "$dir"
copy() { while read -r file; do cp "$file" "$dir/$(echo "$file" | sed "s|$root/||; s|/|_|g")"; done; }
blocks() {  # blocks FENCE DOC...: each fenced block of that language, one file each
    fence=$1; shift
    for doc in "$@"; do
        awk -v dir="$dir" -v fence="$fence" -v name="$(basename "$doc" .md)" '
            $0 == "```" fence || index($0, "```" fence " ") == 1 { n++; file = sprintf("%s/%s_md_%03d.%s", dir, name, n, fence); inside = 1; next }
            /^```/ { inside = 0; next }
            inside { print > file }
        ' "$doc"
    done
}
case $kind in
process)
    find "$root/Examples" "$root/Tests" "${CMT_SHARED_DIR:-$root/../shared}/conformance/jpdl" -name '*.bpm' -o -name '*.xml' 2>/dev/null | copy
    blocks xml "$root/docs/processes.md" "$root/docs/tutorial.md" "$root/README.md" ;;
rules)
    find "$root/Examples" "$root/Tests" "$root/Benchmarks/rules" -name '*.drl' -o -name '*.rl' 2>/dev/null | copy
    blocks drl "$root/docs/rules.md" "$root/docs/tutorial.md" "$root/README.md" ;;
manifest)
    find "$root/Examples" "$root/Tests" -name 'cmt.toml' 2>/dev/null | copy
    blocks toml "$root/docs/projects.md" "$root/docs/tutorial.md" "$root/README.md" ;;
esac
if [ "$kind" != frontend ]; then
    ls "$dir" | wc -l | sed 's/$/ seed files in '"$(echo "$dir" | sed 's/[\/&]/\\&/g')"'/'
    exit 0
fi
find "$root/Tests/CMTCompilerTests/Goldens" "$root/Examples" "$root/Stdlib" "$root/Benchmarks/fuzz/seeds" -name '*.cmt' 2>/dev/null | copy
# Each multi-file golden program (Goldens/programs/<name>/) also as one seed: main.cmt, then every
# other file after a `//--- file.cmt` line, which the front-end target splits into files again.
for program in "$root"/Tests/CMTCompilerTests/Goldens/programs/*/; do
    [ -f "$program/main.cmt" ] || continue
    seed="$dir/program_$(basename "$program").cmt"
    cat "$program/main.cmt" > "$seed"
    for file in "$program"*.cmt; do
        [ "$(basename "$file")" = main.cmt ] && continue
        printf '//--- %s\n' "$(basename "$file")" >> "$seed"
        cat "$file" >> "$seed"
    done
done
awk -v dir="$dir" '
    /^```cmt/ { n++; file = sprintf("%s/language_md_%03d.cmt", dir, n); inside = 1; next }
    /^```/ { inside = 0; next }
    inside { print > file }
' "$root/docs/language.md"
ls "$dir" | wc -l | sed 's/$/ seed files in '"$(echo "$dir" | sed 's/[\/&]/\\&/g')"'/'
