#!/usr/bin/env bash
# Miss Manners and Waltz through the whole pipeline: Benchmarks/rules/drl/{manners,waltz}/*.drl
# compiled by cmtc (DRL -> generated CMT -> bytecode), consequences and DRL functions on the VM with
# gas metering on, matched by the Rete engine, driven by `cmtc repl` with the classic data; against
# CLIPS 6.30 running Benchmarks/rules/clips/{manners,waltz}.clp on the same data.
#
#   Benchmarks/rules/drl/run.sh                          # build cmtc (release), all cases, 3 rounds
#   ROUNDS=7 CASES="manners128 waltz50" SKIP_BUILD=1 SCRATCH=/tmp/build-rel Benchmarks/rules/drl/run.sh
#
# For each case, one counting run per engine: both totals must equal the data README's, the
# per-rule firing counts must agree (CLIPS's from (watch rules), ours from the `fired RULE` lines),
# our Manners seating must pass check_manners.py, and the final Waltz edge labels must be equal
# (CLIPS prints them with do-for-all-facts, we list them with `facts Edge`). Then ROUNDS timed
# rounds, the engines interleaved, each a whole process (start-up, compiling or loading the
# program, loading the facts, firing); CLIPS runs with (watch statistics) only. Prints a Markdown
# table of medians and the ratio ours / CLIPS. Any mismatch fails the script.
# Options: ROUNDS (default 3), CASES, SKIP_BUILD=1, SCRATCH (build path, default .build).
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/../../.." && pwd)"
SHARED="$ROOT/../shared/bench/rules"
DATA="$SHARED/data"
ROUNDS="${ROUNDS:-3}"
CASES="${CASES:-manners64 manners128 waltz12 waltz25 waltz50}"
SCRATCH="${SCRATCH:-$ROOT/.build}"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
log() { printf '== %s\n' "$*" >&2; }
die() { echo "FAIL: $*" >&2; exit 1; }

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

if [ "${SKIP_BUILD:-0}" != 1 ]; then
  (cd "$ROOT" && swift build -c release --product cmtc --scratch-path "$SCRATCH") >&2 || die "build failed"
fi
CMTC="$SCRATCH/release/cmtc"
[ -x "$CMTC" ] || die "no cmtc at $CMTC"
if ! command -v clips >/dev/null; then
  { apt-get update && apt-get install -y clips; } >&2 || die "apt-get install clips failed"
fi
if [[ ! -x /usr/bin/time ]]; then
  { apt-get update && apt-get install -y time; } >&2 || die "apt-get install time failed"
fi

# A CLIPS batch file: load the program and the facts, run; for counting runs watch the rules and
# print the Waltz edge labels.
batch() { # case mode(count|time)
  local name="$1" mode="$2" program="${1%%[0-9]*}"
  {
    printf '(load "%s/../clips/%s.clp")\n(reset)\n(load-facts "%s/%s.fct")\n' "$HERE" "$program" "$DATA" "$name"
    [[ "$mode" == count ]] && printf '(watch rules)\n'
    printf '(watch statistics)\n(run)\n'
    if [[ "$mode" == count && "$program" == waltz ]]; then
      printf '(do-for-all-facts ((?e edge)) TRUE (printout t "edge " ?e:p1 " " ?e:p2 " " ?e:label crlf))\n'
    fi
    printf '(exit)\n'
  } > "$WORK/$name.$mode.bat"
}

# Runs a command, appending its wall time and its CPU time (user + system, which a loaded machine
# disturbs less), in milliseconds, to $1.wall and $1.cpu.
timed() { # prefix command...
  local prefix="$1"; shift
  /usr/bin/time -f '%e %U %S' -o "$WORK/time.out" "$@" > /dev/null 2>&1 || die "failed: $*"
  awk '{ printf "%d\n", $1 * 1000 }' "$WORK/time.out" >> "$prefix.wall"
  awk '{ printf "%d\n", ($2 + $3) * 1000 }' "$WORK/time.out" >> "$prefix.cpu"
}

for name in $CASES; do
  program="${name%%[0-9]*}"
  want="$(expected "$name")"
  python3 "$HERE/repl_commands.py" "$program" "$DATA/$name.fct" > "$WORK/$name.time.repl"
  python3 "$HERE/repl_commands.py" "$program" "$DATA/$name.fct" --edges > "$WORK/$name.count.repl"
  batch "$name" count
  batch "$name" time
  "$CMTC" repl "$HERE/$program" < "$WORK/$name.count.repl" > "$WORK/$name.ours.out" 2>&1 || die "cmtc repl failed on $name"
  ours_total="$(awk '/rules? fired$/ { print $1 }' "$WORK/$name.ours.out" | tail -1)"
  (cd "$WORK" && clips -f2 "$name.count.bat") > "$WORK/$name.clips.out" 2>&1 || die "clips failed on $name"
  clips_total="$(awk '/rules fired/ { print $1 }' "$WORK/$name.clips.out")"
  [[ "$clips_total" == "$want" ]] || die "$name: CLIPS fired ${clips_total:-nothing}, the README says $want"
  [[ "$ours_total" == "$want" ]] || die "$name: cmtc repl fired ${ours_total:-nothing}, the README says $want"
  awk '/^FIRE/ { sub(":", "", $3); n[$3]++ } END { for (r in n) print r, n[r] }' "$WORK/$name.clips.out" | sort > "$WORK/$name.clips.rules"
  awk '/^fired / { n[$2]++ } END { for (r in n) print r, n[r] }' "$WORK/$name.ours.out" | sort > "$WORK/$name.ours.rules"
  diff "$WORK/$name.clips.rules" "$WORK/$name.ours.rules" >&2 || die "$name: per-rule firing counts differ (< CLIPS, > ours)"
  if [[ "$program" == manners ]]; then
    grep -E '^[^ ]+ [0-9]+$' "$WORK/$name.ours.out" > "$WORK/$name.seats" || true
    python3 "$SHARED/check_manners.py" "$DATA/$name.fct" "$WORK/$name.seats" >&2 || die "$name: our seating is invalid"
    answer="valid seating"
  else
    grep '^edge ' "$WORK/$name.clips.out" | sort > "$WORK/$name.clips.edges"
    # f-12 Edge {p1: 3, p2: 4, joined: true, label: "B", plotted: true} -> edge 3 4 B (null is CLIPS's nil)
    sed -n 's/^f-[0-9]* Edge {p1: \([0-9-]*\), p2: \([0-9-]*\), .*label: \([^,]*\), .*/edge \1 \2 \3/p' "$WORK/$name.ours.out" \
      | sed 's/"//g; s/ null$/ nil/' | sort > "$WORK/$name.ours.edges"
    [[ -s "$WORK/$name.ours.edges" ]] || die "$name: no edge labels listed"
    diff -q "$WORK/$name.clips.edges" "$WORK/$name.ours.edges" > /dev/null || die "$name: final edge labels differ"
    answer="$(wc -l < "$WORK/$name.ours.edges") edge labels equal"
  fi
  log "$name: $want firings on both engines, per-rule counts agree ($(wc -l < "$WORK/$name.ours.rules") rules), $answer"
done

for round in $(seq "$ROUNDS"); do
  for name in $CASES; do
    program="${name%%[0-9]*}"
    timed "$WORK/$name.ours" sh -c '"$1" repl "$2" < "$3"' sh "$CMTC" "$HERE/$program" "$WORK/$name.time.repl"
    timed "$WORK/$name.clips" clips -f2 "$WORK/$name.time.bat"
  done
  log "round $round of $ROUNDS done"
done
median() { sort -n | awk '{ a[NR] = $1 } END { if (NR % 2) print a[(NR + 1) / 2] / 1000; else print (a[NR / 2] + a[NR / 2 + 1]) / 2000 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
echo "Machine: $(uname -srm), $(nproc) cores; CLIPS: $(dpkg-query -W -f '${Version}' clips 2>/dev/null || echo '?'); rounds: $ROUNDS interleaved; medians of one whole process"
echo
echo "| case | firings | ours wall s | CLIPS wall s | wall ratio | ours CPU s | CLIPS CPU s | CPU ratio |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|"
for name in $CASES; do
  ours="$(median < "$WORK/$name.ours.wall")"; clips="$(median < "$WORK/$name.clips.wall")"
  ours_cpu="$(median < "$WORK/$name.ours.cpu")"; clips_cpu="$(median < "$WORK/$name.clips.cpu")"
  echo "| $name | $(expected "$name") | $ours | $clips | $(ratio "$ours" "$clips") | $ours_cpu | $clips_cpu | $(ratio "$ours_cpu" "$clips_cpu") |"
done
