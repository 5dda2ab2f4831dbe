#!/usr/bin/env bash
# Chain benchmark: signed CMT transfers admitted (CheckTx, signatures verified on every core),
# proposed, checked, finalized (app hash every block) and committed per second, with 100,000
# funded accounts in state, on the in-memory storage; printed next to Ed25519 verifications per
# second measured in the same run (docs/performance.md, "Chain: signed transfers").
#
#   Benchmarks/chain/transfers.sh                        # release build, 100,000 transfers
#   TRANSACTIONS=200000 BLOCK=4000 Benchmarks/chain/transfers.sh
#   SKIP_BUILD=1 Benchmarks/chain/transfers.sh
#   PIPELINED=1 Benchmarks/chain/transfers.sh            # verify block n+1 while block n runs
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
SCRATCH="${SCRATCH:-$ROOT/.build}"
BENCH="$SCRATCH/release/cmt-chain-bench"

if [[ -z "${SKIP_BUILD:-}" ]]; then
  (cd "$ROOT" && swift build -c release --product cmt-chain-bench --scratch-path "$SCRATCH" >&2)
fi
[[ -x "$BENCH" ]] || { echo "FAIL: no benchmark binary at $BENCH" >&2; exit 1; }
"$BENCH" transfers --accounts "${ACCOUNTS:-100000}" --senders "${SENDERS:-2000}" \
  --transactions "${TRANSACTIONS:-100000}" --block "${BLOCK:-2000}" ${PIPELINED:+--pipelined}
