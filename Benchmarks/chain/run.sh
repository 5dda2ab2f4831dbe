#!/usr/bin/env bash
# State tree benchmark: callgrind instructions of committing a block that writes 10 keys, against
# the number of keys already in state (docs/performance.md, "State tree").
#
#   Benchmarks/chain/run.sh                          # build (release), sizes 10^3 ... 10^6
#   SIZES="1000 100000" BLOCKS=50 Benchmarks/chain/run.sh
#   SKIP_BUILD=1 Benchmarks/chain/run.sh             # reuse $SCRATCH/release/cmt-chain-bench
#   STORE=sqlite Benchmarks/chain/run.sh             # the SQLite store's whole block commit
#
# Each size is one process under `valgrind --tool=callgrind --instr-atstart=no --collect-atstart=no`:
# building the state runs uninstrumented, and only the BLOCKS measured commits are counted (the
# benchmark turns instrumentation on and off around them). Prints a Markdown table of instructions
# per block and the ratio to the first size; fails when the last size costs 2x the first or more.
# The binary is measured as a `strip --strip-debug` copy (valgrind 3.19 cannot read its DWARF 5).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
SIZES="${SIZES:-1000 10000 100000 1000000}"
BLOCKS="${BLOCKS:-20}"
STORE="${STORE:-memory}"
SCRATCH="${SCRATCH:-$ROOT/.build}"
BENCH="$SCRATCH/release/cmt-chain-bench"
OUT="$HERE/out"

die() { printf 'FAIL: %s\n' "$*" >&2; exit 1; }
command -v valgrind >/dev/null || die "valgrind is not installed (apt-get install -y valgrind)"

if [[ -z "${SKIP_BUILD:-}" ]]; then
  (cd "$ROOT" && swift build -c release --product cmt-chain-bench --scratch-path "$SCRATCH" >&2)
fi
[[ -x "$BENCH" ]] || die "no benchmark binary at $BENCH"
mkdir -p "$OUT"
# valgrind 3.19 cannot read the toolchain's DWARF 5: measure a copy without debug information.
strip --strip-debug -o "$OUT/cmt-chain-bench" "$BENCH"
BENCH="$OUT/cmt-chain-bench"

echo "| keys in state | instructions per block (10 writes) | ratio to first |"
echo "|---:|---:|---:|"
first=""
for size in $SIZES; do
  file="$OUT/callgrind.$size.out"
  line="$(valgrind --tool=callgrind --instr-atstart=no --collect-atstart=no --callgrind-out-file="$file" \
    "$BENCH" state --keys "$size" --blocks "$BLOCKS" --store "$STORE" 2>/dev/null)"
  [[ "$line" == *"callgrind 1"* ]] || die "callgrind control did not reach valgrind: $line"
  total="$(grep -E '^totals:' "$file" | awk '{print $2}')"
  [[ -n "$total" ]] || die "no instruction total in $file"
  per=$(( total / BLOCKS ))
  [[ -n "$first" ]] || first=$per
  ratio="$(awk -v a="$per" -v b="$first" 'BEGIN { printf "%.2f", a / b }')"
  echo "| $size | $per | ${ratio}x |"
  last_ratio="$ratio"
done
awk -v r="$last_ratio" 'BEGIN { exit !(r < 2.0) }' || die "the largest state costs ${last_ratio}x the smallest (floor: < 2x)"
