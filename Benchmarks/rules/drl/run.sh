#!/usr/bin/env bash
# Miss Manners through the whole pipeline: Benchmarks/rules/drl/manners/manners.drl compiled by cmtc
# (DRL -> generated CMT -> bytecode), consequences on the VM with gas metering on, matched by the Rete
# engine, driven by `cmtc repl` with the classic data; against CLIPS 6.30 running
# Benchmarks/rules/clips/manners.clp on the same data. Checks the firing totals agree and the seating
# is valid; prints medians and the ratio. Options: ROUNDS (default 3), CASES (default "manners64
# manners128"), SKIP_BUILD=1, SCRATCH (build path, default .build).
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/../../.." && pwd)"
SHARED="$ROOT/../shared/bench/rules"
DATA="$SHARED/data"
ROUNDS="${ROUNDS:-3}"
CASES="${CASES:-manners64 manners128}"
SCRATCH="${SCRATCH:-$ROOT/.build}"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
die() { echo "FAIL: $*" >&2; exit 1; }

if [ "${SKIP_BUILD:-0}" != 1 ]; then
  (cd "$ROOT" && swift build -c release --product cmtc --scratch-path "$SCRATCH") >&2 || die "build failed"
fi
CMTC="$SCRATCH/release/cmtc"
[ -x "$CMTC" ] || die "no cmtc at $CMTC"
if ! command -v clips >/dev/null; then
  { apt-get update && apt-get install -y clips; } >&2 || die "apt-get install clips failed"
fi

# The REPL commands that insert a .fct file's facts, then fire.
commands() {
  python3 - "$1" <<'PY'
import re, sys
names = {"guest": "Guest", "last_seat": "LastSeat", "count": "Count", "context": "Context"}
for line in open(sys.argv[1]):
    m = re.match(r"\s*\((\w+)((?:\s*\(\w+ [^)]*\))*)\)", line)
    if not m or m.group(1) not in names:
        continue
    slots = re.findall(r"\((\w+) ([^)]*)\)", m.group(2))
    numeric = m.group(1) in ("last_seat", "count")
    fields = ", ".join(f"{k}: {v}" if numeric else f'{k}: "{v}"' for k, v in slots)
    print(f"insert {names[m.group(1)]}({fields})")
print("fire 100000000")
PY
}
now() { date +%s%N; }

for name in $CASES; do
  commands "$DATA/$name.fct" > "$WORK/$name.repl"
  printf '(load "%s/../clips/manners.clp")\n(reset)\n(load-facts "%s/%s.fct")\n(watch statistics)\n(run)\n(exit)\n' "$HERE" "$DATA" "$name" > "$WORK/$name.bat"
  "$CMTC" repl "$HERE/manners" < "$WORK/$name.repl" > "$WORK/$name.ours.out" 2>&1 || die "cmtc repl failed on $name"
  ours_total="$(awk '/rules? fired$/ { print $1 }' "$WORK/$name.ours.out" | tail -1)"
  (cd "$WORK" && clips -f2 "$name.bat") > "$WORK/$name.clips.out" 2>&1 || die "clips failed on $name"
  clips_total="$(awk '/rules fired/ { print $1 }' "$WORK/$name.clips.out")"
  [ -n "$ours_total" ] && [ "$ours_total" = "$clips_total" ] || die "$name: firings differ: ours $ours_total, CLIPS $clips_total"
  grep -E '^[^ ]+ [0-9]+$' "$WORK/$name.ours.out" > "$WORK/$name.seats" || true
  python3 "$SHARED/check_manners.py" "$DATA/$name.fct" "$WORK/$name.seats" >&2 || die "$name: our seating is invalid"
  echo "$name: $ours_total firings on both engines, valid seating" >&2
done

for round in $(seq "$ROUNDS"); do
  for name in $CASES; do
    start="$(now)"; "$CMTC" repl "$HERE/manners" < "$WORK/$name.repl" > /dev/null 2>&1; end="$(now)"
    echo "$(( (end - start) / 1000000 ))" >> "$WORK/$name.ours.ms"
    start="$(now)"; (cd "$WORK" && clips -f2 "$name.bat") > /dev/null 2>&1; end="$(now)"
    echo "$(( (end - start) / 1000000 ))" >> "$WORK/$name.clips.ms"
  done
done
median() { sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] / 1000 }'; }
echo "| case | cmtc repl (DRL, VM consequences) s | CLIPS s | ratio |"
echo "|---|---:|---:|---:|"
for name in $CASES; do
  ours="$(median < "$WORK/$name.ours.ms")"
  clips="$(median < "$WORK/$name.clips.ms")"
  echo "| $name | $ours | $clips | $(awk -v a="$ours" -v b="$clips" 'BEGIN { printf "%.2f", a / b }') |"
done
