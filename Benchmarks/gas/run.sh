#!/usr/bin/env bash
# Gas calibration benchmark (issue 10): for every kind of work gas pays for, an adversarial
# program (Benchmarks/gas/workloads/*/main.cmt, a contract whose `run()` loops until the gas or
# the heap runs out) is measured as cost per unit of gas and compared with the reference: the
# median cost per gas of the VM benchmark programs (Benchmarks/vm/programs, the CMT versions of
# ../shared/bench/vm).
#
#   Benchmarks/gas/run.sh                        # build cmtc (release), instruction counts (callgrind)
#   MODE=time Benchmarks/gas/run.sh              # wall time instead (needs a quiet machine)
#   SKIP_BUILD=1 Benchmarks/gas/run.sh           # reuse $SCRATCH/release/cmtc
#   WORKLOADS="rules-firing tables" Benchmarks/gas/run.sh
#   LIMIT=3 MAX_BYTES_PER_GAS=16 HEAP_MIB=16 Benchmarks/gas/run.sh   # the bounds (these are the defaults)
#
# Cost per gas is marginal: each program runs at two gas limits (G1 < G2, both reached) and
# (cost(G2) - cost(G1)) / (gas(G2) - gas(G1)) is taken, so start-up and compilation cancel out.
# Cost is instructions (callgrind's `Collected`, MODE=instructions, the default: deterministic on a
# loaded machine; G1=300000 G2=1500000) or nanoseconds (MODE=time, median of ROUNDS=5 runs;
# G1=4000000 G2=20000000, below the 22.9 million gas `fib` uses in all). Memory per gas is the growth of the
# peak resident set between two native runs at MEM_G1 and MEM_G2, divided by the gas between them.
# The heap check runs every workload with --heap-mib $HEAP_MIB and HEAP_GAS gas and requires it to
# end with out of gas or a heap-limit trap, its peak resident set staying within 2 x the heap limit
# + 16 MiB of what the same program takes with 1,000 gas.
#
# Exits 1 when a workload's cost per gas is more than LIMIT x the reference, its memory per gas is
# above MAX_BYTES_PER_GAS, or it breaks the heap check.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
SCRATCH="${SCRATCH:-$ROOT/.build}"
CMTC="$SCRATCH/release/cmtc"
MODE="${MODE:-instructions}"

die() { printf 'FAIL: %s\n' "$*" >&2; exit 1; }
[[ "$MODE" == instructions || "$MODE" == time ]] || die "MODE must be 'instructions' or 'time', not '$MODE'"
if [[ "$MODE" == instructions ]]; then
  command -v valgrind >/dev/null || die "MODE=instructions needs valgrind (apt-get install -y valgrind), or use MODE=time"
fi
if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
  printf '== building cmtc (release, scratch path %s)\n' "$SCRATCH" >&2
  (cd "$ROOT" && swift build -c release --product cmtc --scratch-path "$SCRATCH" >&2) || die "swift build -c release failed"
fi
[[ -x "$CMTC" ]] || die "no cmtc at $CMTC (build it or drop SKIP_BUILD=1)"

CMTC="$CMTC" MODE="$MODE" WORKDIR="$HERE/workloads" VMDIR="$ROOT/Benchmarks/vm/programs" python3 "$HERE/measure.py"
