#!/usr/bin/env bash
# Chain benchmark: signed contract calls (and gas) executed and committed per second, through the
# same block path as transfers.sh, with the contract executor plugged in (docs/performance.md,
# "Chain: contract calls"): a token transfer contract (Benchmarks/chain/contracts/token) and the
# loan marketplace's offerToBorrow (Examples/loan-marketplace).
#
#   Benchmarks/chain/calls.sh                              # release bench, debug cmtc to bundle
#   KINDS=loan TRANSACTIONS=5000 Benchmarks/chain/calls.sh
#   PIPELINED=1 Benchmarks/chain/calls.sh                  # verify the next block while one runs
#   SKIP_BUILD=1 Benchmarks/chain/calls.sh
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
SCRATCH="${SCRATCH:-$ROOT/.build}"
BENCH="$SCRATCH/release/cmt-chain-bench"
CMTC="${CMTC:-$ROOT/.build/debug/cmtc}"
OUT="$HERE/out"

if [[ -z "${SKIP_BUILD:-}" ]]; then
  (cd "$ROOT" && swift build -c release --product cmt-chain-bench --scratch-path "$SCRATCH" >&2)
  (cd "$ROOT" && swift build --product cmtc >&2)
fi
[[ -x "$BENCH" ]] || { echo "FAIL: no benchmark binary at $BENCH" >&2; exit 1; }
[[ -x "$CMTC" ]] || { echo "FAIL: no cmtc at $CMTC" >&2; exit 1; }
mkdir -p "$OUT"
"$CMTC" bundle "$HERE/contracts/token" -o "$OUT/token.sbc" >&2
"$CMTC" bundle "$ROOT/Examples/loan-marketplace" -o "$OUT/loan.sbc" >&2
for kind in ${KINDS:-token loan}; do
  "$BENCH" calls --kind "$kind" --bundle "$OUT/$kind.sbc" --accounts "${ACCOUNTS:-100000}" --senders "${SENDERS:-2000}" \
    --transactions "${TRANSACTIONS:-20000}" --block "${BLOCK:-1000}" ${PIPELINED:+--pipelined}
done
