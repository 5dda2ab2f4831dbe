#!/usr/bin/env bash
# Crash safety of the chain store (docs/chain.md, "Crash safety"): SIGKILL the block-committing
# worker at random moments, KILLS times (default 25); after every kill, `cmt-chain-crash check`
# must find the database at the last block whose commit returned (or the one being committed, if
# its commit completed before the kill), with nothing half-written visible; at the end an
# uninterrupted run of the same deterministic workload must give the same app hash at every
# height a restart found.
#
#   Benchmarks/chain/crash.sh                  # release build, 25 kills, 2,000 writes per block
#   KILLS=40 WRITES=5000 Benchmarks/chain/crash.sh
#   SKIP_BUILD=1 Benchmarks/chain/crash.sh     # reuse $SCRATCH/release/cmt-chain-crash
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
KILLS="${KILLS:-25}"
WRITES="${WRITES:-2000}"
SCRATCH="${SCRATCH:-$ROOT/.build}"
WORKER="$SCRATCH/release/cmt-chain-crash"
OUT="$HERE/out/crash"

die() { printf 'FAIL: %s\n' "$*" >&2; exit 1; }

if [[ -z "${SKIP_BUILD:-}" ]]; then
  (cd "$ROOT" && swift build -c release --product cmt-chain-crash --scratch-path "$SCRATCH" >&2)
fi
[[ -x "$WORKER" ]] || die "no worker binary at $WORKER"
rm -rf "$OUT"
mkdir -p "$OUT"
DB="$OUT/crash.sqlite"

last=0          # the head after the previous restart
inside=0        # kills that landed between a block's `begin` and its `committed`
: > "$OUT/heads.txt"
for round in $(seq 1 "$KILLS"); do
  log="$OUT/round-$round.log"
  : > "$log"
  "$WORKER" run --db "$DB" --until 100000000 --writes "$WRITES" > "$log" 2>&1 &
  pid=$!
  # Wait for a first commit of this round, then kill at a random moment 0-600 ms later.
  for _ in $(seq 1 6000); do
    grep -q '^committed ' "$log" && break
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.01
  done
  sleep "0.$(printf '%03d' $(( RANDOM % 600 )))"
  kill -9 "$pid" 2>/dev/null || die "round $round: the worker was not running when killed ($(tail -1 "$log"))"
  wait "$pid" 2>/dev/null || true
  committed="$(grep '^committed ' "$log" | tail -1 | awk '{print $2}')"
  begun="$(grep '^begin ' "$log" | tail -1 | awk '{print $2}')"
  committed="${committed:-$last}"
  [[ "$(tail -1 "$log")" == begin* ]] && inside=$(( inside + 1 ))
  verdict="$("$WORKER" check --db "$DB" --writes "$WRITES")" || die "round $round: check failed: $verdict"
  height="$(awk '{print $2}' <<< "$verdict")"
  hash="$(awk '{print $3}' <<< "$verdict")"
  if [[ "$height" != "$committed" ]] && ! [[ "$height" == "$(( committed + 1 ))" && "$height" == "$begun" ]]; then
    die "round $round: the head is $height but the last committed block was $committed (begun: $begun)"
  fi
  echo "$height $hash" >> "$OUT/heads.txt"
  printf 'kill %2d: last committed %s, being committed %s, restart at %s %s\n' "$round" "$committed" "${begun:-none}" "$height" "${hash:0:16}"
  last="$height"
done

# The same workload, uninterrupted, to the last height reached.
"$WORKER" run --db "$OUT/reference.sqlite" --until "$last" --writes "$WRITES" > "$OUT/reference.log"
while read -r height hash; do
  [[ "$height" == 0 ]] && continue
  expected="$(awk -v h="$height" '$1 == "committed" && $2 == h {print $3}' "$OUT/reference.log")"
  [[ "$expected" == "$hash" ]] || die "height $height: app hash $hash after a restart, $expected uninterrupted"
done < "$OUT/heads.txt"
echo "$KILLS kills ($inside inside a commit), $last blocks of $WRITES writes: every restart at the last committed block with the uninterrupted run's app hash"
