#!/usr/bin/env bash
# Front-end benchmark: `cmtc check` (lex + parse + type-check) against two peers that only parse,
# `luac5.4 -p` and `node --check`, on generated programs of the same shape.
#
#   Benchmarks/frontend/run.sh            # 60,000-line programs, 7 rounds
#   LINES=120000 ROUNDS=11 Benchmarks/frontend/run.sh
#   SKIP_BUILD=1 Benchmarks/frontend/run.sh   # reuse .build-release
#
# Fails (non-zero) if cmtc reports any diagnostic on the generated program, or if a peer rejects
# its program. Prints a Markdown table; FLOOR (lines/second, default 200000) is checked and reported.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
OUT="$HERE/out"
LINES="${LINES:-60000}"
ROUNDS="${ROUNDS:-7}"
FLOOR="${FLOOR:-200000}"
SCRATCH="$ROOT/.build-release"
CMTC="$SCRATCH/release/cmtc"

log() { printf '== %s\n' "$*" >&2; }

# 1. Build cmtc in release mode, in its own scratch path (leaves the debug .build alone).
if [[ "${SKIP_BUILD:-0}" != 1 || ! -x "$CMTC" ]]; then
  log "building cmtc (release, scratch path $SCRATCH)"
  tries=0
  until (cd "$ROOT" && swift build -c release --product cmtc --scratch-path "$SCRATCH" >&2); do
    tries=$((tries + 1))
    if (( tries >= ${BUILD_RETRIES:-3} )); then log "build failed"; exit 1; fi
    log "build failed (sources may be mid-edit); retrying in 60 s"
    sleep 60
  done
fi

# 2. Peers.
SUDO=""
if [[ "$(id -u)" != 0 ]]; then SUDO="sudo"; fi
if ! command -v luac5.4 >/dev/null; then
  log "installing lua5.4 (provides luac5.4)"
  $SUDO apt-get update && $SUDO apt-get install -y lua5.4
fi
if ! command -v node >/dev/null; then
  log "installing nodejs"
  $SUDO apt-get update && $SUDO apt-get install -y nodejs
fi

# 3. Generate.
log "generating $LINES-line programs into $OUT"
python3 "$HERE/generate.py" --lines "$LINES" --out "$OUT" >&2

# 4. Validate, then 5. measure (interleaved rounds, medians), in one stdlib Python process.
CMTC="$CMTC" OUT="$OUT" ROUNDS="$ROUNDS" FLOOR="$FLOOR" python3 - <<'PY'
import os, platform, statistics, subprocess, sys, time

out, rounds, floor = os.environ["OUT"], int(os.environ["ROUNDS"]), float(os.environ["FLOOR"])
tools = [
    ("cmtc check", [os.environ["CMTC"], "check", "gen.cmt"], "gen.cmt"),
    ("luac5.4 -p", ["luac5.4", "-p", "gen.lua"], "gen.lua"),
    ("node --check", ["node", "--check", "gen.js"], "gen.js"),
]

def lines(path):
    with open(os.path.join(out, path), "rb") as f:
        return f.read().count(b"\n")

# Validation: every tool must accept its program; cmtc must print nothing at all.
for name, cmd, _ in tools:
    p = subprocess.run(cmd, cwd=out, capture_output=True, env=dict(os.environ, NO_COLOR="1"))
    if p.returncode != 0 or (name.startswith("cmtc") and (p.stderr.strip() or p.stdout.strip())):
        sys.stderr.write(f"FAIL: {name} on generated program: exit {p.returncode}\n")
        sys.stderr.write(p.stderr.decode(errors="replace")[:4000])
        sys.exit(1)

def run(cmd):
    t0 = time.perf_counter()
    subprocess.run(cmd, cwd=out, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    return time.perf_counter() - t0

for _, cmd, _ in tools:  # warm the page cache and the binaries once
    run(cmd)
times = {name: [] for name, _, _ in tools}
for r in range(rounds):  # interleaved: each round runs every tool once
    for name, cmd, _ in tools:
        times[name].append(run(cmd))

med = {name: statistics.median(ts) for name, ts in times.items()}
cm = med["cmtc check"]
try:
    cpu = next(l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name"))
except Exception:
    cpu = platform.processor() or "unknown CPU"
def version(cmd):
    try:
        p = subprocess.run(cmd, capture_output=True, text=True)
        return (p.stdout or p.stderr).strip().splitlines()[0]
    except Exception:
        return "?"
print(f"Machine: {cpu}, {os.cpu_count()} cores, {platform.system()} {platform.release()}; "
      f"{version(['swift', '--version'])}; {version(['luac5.4', '-v'])}; node {version(['node', '--version'])}")
print(f"Rounds: {rounds} interleaved (after one warm-up), median wall time per run, including process start.")
print()
print("| tool | lines | median s | lines/s | cmtc time / tool time |")
print("|---|---:|---:|---:|---:|")
for name, _, path in tools:
    n = lines(path)
    m = med[name]
    print(f"| `{name}` | {n:,} | {m:.3f} | {n / m:,.0f} | {cm / m:.2f} |")
print()
rate = lines("gen.cmt") / cm
verdict = "HOLDS" if rate >= floor else "DOES NOT HOLD"
print(f"Floor {floor:,.0f} lines/s for cmtc check (lex+parse+check): {verdict} ({rate:,.0f} lines/s; "
      f"min {min(times['cmtc check']):.3f} s, max {max(times['cmtc check']):.3f} s)")
PY
