#!/usr/bin/env bash
# Rules benchmark: Miss Manners and Waltz on our Rete engine (cmt-rules-bench: the engine API with
# Swift consequences, Benchmarks/rules/RuleBenchmarks) against CLIPS 6.30 on our own CLIPS
# programs (Benchmarks/rules/clips/*.clp), over the data of ../shared/bench/rules/data.
#
#   Benchmarks/rules/run.sh                              # build (release), all cases, 3 rounds
#   ROUNDS=7 CASES="manners128 waltz50" Benchmarks/rules/run.sh
#   SKIP_BUILD=1 Benchmarks/rules/run.sh                 # reuse $SCRATCH/release/cmt-rules-bench
#   SCRATCH=/tmp/build-rete-rel Benchmarks/rules/run.sh  # build somewhere else (default: .build)
#
# For each case: one counting run per engine (CLIPS with (watch rules), ours printing its
# per-rule counts) whose total must equal the README's and whose per-rule counts must agree;
# the Manners seatings are checked with check_manners.py, the Waltz edge labels must be equal.
# Then ROUNDS timed rounds, the two engines interleaved, each a whole process (start-up, loading
# the rules and facts, running); CLIPS runs with (watch statistics) only. Prints a Markdown table
# of medians and the ratio ours / CLIPS. Any mismatch fails the script.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
SHARED="$ROOT/../shared/bench/rules"
DATA="$SHARED/data"
ROUNDS="${ROUNDS:-3}"
CASES="${CASES:-manners64 manners128 waltz12 waltz25 waltz50}"
SCRATCH="${SCRATCH:-$ROOT/.build}"
BENCH="$SCRATCH/release/cmt-rules-bench"

log() { printf '== %s\n' "$*" >&2; }
die() { printf 'FAIL: %s\n' "$*" >&2; exit 1; }

[[ -d "$DATA" ]] || die "benchmark data not found in $DATA (expected ../shared next to the repository root)"
[[ "$ROUNDS" =~ ^[1-9][0-9]*$ ]] || die "ROUNDS must be a positive integer, not '$ROUNDS'"

# Expected total firings (../shared/bench/rules/README.md).
expected() {
  case "$1" in
    manners16) echo 183 ;; manners32) echo 623 ;; manners64) echo 2271 ;; manners128) echo 8639 ;;
    waltz12) echo 3576 ;; waltz25) echo 7164 ;; waltz37) echo 10476 ;; waltz50) echo 14064 ;;
    *) die "no expected firing count for case '$1'" ;;
  esac
}

# 1. Build cmt-rules-bench, install CLIPS.
if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
  log "building cmt-rules-bench (release, scratch path $SCRATCH)"
  (cd "$ROOT" && swift build -c release --product cmt-rules-bench --scratch-path "$SCRATCH" >&2) \
    || die "swift build failed"
fi
[[ -x "$BENCH" ]] || die "no $BENCH (build it, or unset SKIP_BUILD)"
if ! command -v clips >/dev/null; then
  log "installing clips (Debian package)"
  { apt-get update && apt-get install -y clips; } >&2 || die "apt-get install clips failed"
fi

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

# A CLIPS batch file: load the program and the facts, run, and for counting runs watch the rules
# and print what the answer check needs.
batch() { # case mode(count|time)
  local name="$1" mode="$2" program="${1%%[0-9]*}"
  {
    printf '(load "%s/clips/%s.clp")\n(reset)\n(load-facts "%s/%s.fct")\n' "$HERE" "$program" "$DATA" "$name"
    [[ "$mode" == count ]] && printf '(watch rules)\n'
    printf '(watch statistics)\n(run)\n'
    if [[ "$mode" == count && "$program" == waltz ]]; then
      printf '(do-for-all-facts ((?e edge)) TRUE (printout t "edge " ?e:p1 " " ?e:p2 " " ?e:label crlf))\n'
    fi
    printf '(exit)\n'
  } > "$WORK/$name.$mode.bat"
  echo "$WORK/$name.$mode.bat"
}

now() { date +%s%N; }
seconds() { awk -v ns="$1" 'BEGIN { printf "%.3f\n", ns / 1e9 }'; }
median() { sort -n | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.3f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# 2. Counting runs: totals, per-rule counts, answers.
for name in $CASES; do
  program="${name%%[0-9]*}"
  want="$(expected "$name")"
  (cd "$WORK" && clips -f2 "$(batch "$name" count)") > "$WORK/$name.clips.out" 2>&1 || die "clips failed on $name"
  clips_total="$(awk '/rules fired/ { print $1 }' "$WORK/$name.clips.out")"
  [[ "$clips_total" == "$want" ]] || die "$name: CLIPS fired ${clips_total:-nothing}, the README says $want"
  awk '/^FIRE/ { sub(":", "", $3); n[$3]++ } END { for (r in n) print r, n[r] }' "$WORK/$name.clips.out" | sort > "$WORK/$name.clips.rules"
  extra=(); [[ "$program" == manners ]] && extra=(--seating); [[ "$program" == waltz ]] && extra=(--edges)
  "$BENCH" "$program" "$DATA/$name.fct" --runs 1 "${extra[@]}" > "$WORK/$name.ours.out" || die "cmt-rules-bench failed on $name"
  ours_total="$(sed -n 's/^firings \([0-9]*\):.*/\1/p' "$WORK/$name.ours.out")"
  [[ "$ours_total" == "$want" ]] || die "$name: our engine fired ${ours_total:-nothing}, the README says $want"
  sed -n 's/^firings [0-9]*: \(.*\); gas .*/\1/p' "$WORK/$name.ours.out" | tr ',' '\n' \
    | awk 'NF == 2 && $2 > 0 { print $1, $2 }' | sort > "$WORK/$name.ours.rules"
  diff "$WORK/$name.clips.rules" "$WORK/$name.ours.rules" >&2 || die "$name: per-rule firing counts differ (< CLIPS, > ours)"
  if [[ "$program" == manners ]]; then
    python3 "$SHARED/check_manners.py" "$DATA/$name.fct" "$WORK/$name.clips.out" >&2 || die "$name: CLIPS seating is invalid"
    python3 "$SHARED/check_manners.py" "$DATA/$name.fct" "$WORK/$name.ours.out" >&2 || die "$name: our seating is invalid"
  else
    grep '^edge ' "$WORK/$name.clips.out" | sort > "$WORK/$name.clips.edges"
    grep '^edge ' "$WORK/$name.ours.out" | sort > "$WORK/$name.ours.edges"
    [[ -s "$WORK/$name.ours.edges" ]] || die "$name: no edge labels printed"
    diff -q "$WORK/$name.clips.edges" "$WORK/$name.ours.edges" >/dev/null || die "$name: final edge labels differ"
  fi
  log "$name: $want firings, per-rule counts agree ($(wc -l < "$WORK/$name.ours.rules") rules), answer checked"
done

# 3. Timed rounds, interleaved.
for round in $(seq "$ROUNDS"); do
  for name in $CASES; do
    program="${name%%[0-9]*}"
    bat="$(batch "$name" time)"
    start="$(now)"; (cd "$WORK" && clips -f2 "$bat") > /dev/null 2>&1; end="$(now)"
    seconds $((end - start)) >> "$WORK/$name.clips.times"
    start="$(now)"; "$BENCH" "$program" "$DATA/$name.fct" --runs 1 > /dev/null; end="$(now)"
    seconds $((end - start)) >> "$WORK/$name.ours.times"
  done
  log "round $round of $ROUNDS done"
done

# 4. The table.
echo "Machine: $(uname -srm), $(nproc) cores; $(swift --version 2>&1 | head -1); CLIPS: $(dpkg-query -W -f '${Version}' clips 2>/dev/null || echo '?')"
echo "Rounds: $ROUNDS interleaved; median wall time of one process (start-up, loading rules and facts, firing)."
echo "Ours is the Rete engine driven through its Swift API with Swift consequences (cmt-rules-bench),"
echo "gas metering on (drl/run.sh runs the DRL versions on the VM). CLIPS runs our Benchmarks/rules/clips programs."
echo
echo "| case | firings | ours s | CLIPS s | ours / CLIPS |"
echo "|---|---:|---:|---:|---:|"
for name in $CASES; do
  ours="$(median < "$WORK/$name.ours.times")"
  clips="$(median < "$WORK/$name.clips.times")"
  ratio="$(awk -v a="$ours" -v b="$clips" 'BEGIN { printf "%.2f", a / b }')"
  echo "| $name | $(expected "$name") | $ours | $clips | $ratio |"
done
