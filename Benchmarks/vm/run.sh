#!/usr/bin/env bash
# VM benchmark: the nine programs of ../shared/bench/vm, run as whole processes under
# `cmtc run` (Benchmarks/vm/programs/*.cmt) and three interpreter peers on the shared Lua and
# JavaScript versions: `lua5.4`, `luajit -joff` and `node --jitless`.
#
#   Benchmarks/vm/run.sh                          # build cmtc (release), all programs, 5 rounds
#   ROUNDS=9 PROGRAMS="fib loop sieve" Benchmarks/vm/run.sh
#   SKIP_BUILD=1 Benchmarks/vm/run.sh             # reuse $SCRATCH/release/cmtc
#   SCRATCH=/tmp/build-release Benchmarks/vm/run.sh   # build somewhere else (default: .build)
#   CMTC_SKIP=1 Benchmarks/vm/run.sh              # peers only (no build, no cmtc)
#
# Every run's first stdout line must equal the expected line of ../shared/bench/vm/README.md;
# any mismatch or non-zero exit fails the script, naming program and runner. Prints a Markdown
# table of median wall-clock seconds per process (start-up and, for cmtc, compilation included)
# and the geometric means of the cmtc/peer ratios.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
SHARED="$ROOT/../shared/bench/vm"
ROUNDS="${ROUNDS:-5}"
PROGRAMS="${PROGRAMS:-empty fib loop sieve matmul map strbuild orders sort}"
SCRATCH="${SCRATCH:-$ROOT/.build}"
CMTC="$SCRATCH/release/cmtc"
CMTC_SKIP="${CMTC_SKIP:-0}"

log() { printf '== %s\n' "$*" >&2; }
die() { printf 'FAIL: %s\n' "$*" >&2; exit 1; }

[[ -f "$SHARED/README.md" && -d "$SHARED/lua" && -d "$SHARED/js" ]] \
  || die "peer programs not found in $SHARED (expected ../shared next to the repository root)"
[[ "$ROUNDS" =~ ^[1-9][0-9]*$ ]] || die "ROUNDS must be a positive integer, not '$ROUNDS'"

# 1. Build cmtc in release mode.
if [[ "$CMTC_SKIP" == 1 ]]; then
  log "CMTC_SKIP=1: not building or running cmtc"
else
  if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
    log "building cmtc (release, scratch path $SCRATCH)"
    (cd "$ROOT" && swift build -c release --product cmtc --scratch-path "$SCRATCH" >&2) \
      || die "swift build -c release --product cmtc failed"
  fi
  [[ -x "$CMTC" ]] || die "no cmtc binary at $CMTC (build it, drop SKIP_BUILD=1, set SCRATCH, or use CMTC_SKIP=1)"
fi

# 2. Peers: install the missing ones from Debian (one apt-get update); skip what cannot be had.
declare -A PACKAGE=([lua5.4]=lua5.4 [luajit]=luajit [node]=nodejs)
missing=()
for cmd in lua5.4 luajit node; do
  command -v "$cmd" >/dev/null || missing+=("${PACKAGE[$cmd]}")
done
if (( ${#missing[@]} > 0 )); then
  SUDO=""
  if [[ "$(id -u)" != 0 ]]; then SUDO="sudo"; fi
  log "installing ${missing[*]} from Debian"
  if $SUDO apt-get update >&2; then
    if ! DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y "${missing[@]}" >&2; then
      for pkg in "${missing[@]}"; do  # one at a time, so one unavailable package skips only itself
        DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y "$pkg" >&2 || true
      done
    fi
  else
    log "apt-get update failed"
  fi
fi
PEERS=""
for cmd in lua5.4 luajit node; do
  if command -v "$cmd" >/dev/null; then
    PEERS="$PEERS $cmd"
  else
    log "skipping peer $cmd: not installed and could not be installed (package ${PACKAGE[$cmd]})"
  fi
done

# 3. Run (interleaved rounds, medians) and check outputs, in one stdlib Python process.
CMTC="$CMTC" CMTC_SKIP="$CMTC_SKIP" SHARED="$SHARED" PROGDIR="$HERE/programs" ROUNDS="$ROUNDS" \
  PROGRAMS="$PROGRAMS" PEERS="$PEERS" python3 - <<'PY'
import math, os, platform, re, statistics, subprocess, sys, time

shared, progdir = os.environ["SHARED"], os.environ["PROGDIR"]
rounds = int(os.environ["ROUNDS"])
programs = os.environ["PROGRAMS"].replace(",", " ").split()
peers = os.environ["PEERS"].split()

def fail(message):
    sys.stderr.write(f"FAIL: {message}\n")
    sys.exit(1)

# Expected lines: the README table's last column, `…` with `\|` for a literal bar.
expected = {}
for row in open(os.path.join(shared, "README.md"), encoding="utf-8"):
    m = re.match(r"^\| (\w+) \|.*\| `(.*)` \|\s*$", row)
    if m:
        expected[m.group(1)] = m.group(2).replace("\\|", "|")
for p in programs:
    if p not in expected:
        fail(f"unknown program '{p}': no expected line in {shared}/README.md (known: {' '.join(expected)})")

runners = []  # (name, command for program p)
if os.environ["CMTC_SKIP"] != "1":
    cmtc = os.environ["CMTC"]
    runners.append(("cmtc", lambda p: [cmtc, "run", "--gas", "1000000000000", "--heap-mib", "8192",
                                       "--quiet", os.path.join(progdir, p + ".cmt")]))
if "lua5.4" in peers:
    runners.append(("lua5.4", lambda p: ["lua5.4", os.path.join(shared, "lua", p + ".lua")]))
if "luajit" in peers:
    runners.append(("luajit -joff", lambda p: ["luajit", "-joff", os.path.join(shared, "lua", p + ".lua")]))
if "node" in peers:
    runners.append(("node --jitless", lambda p: ["node", "--jitless", os.path.join(shared, "js", p + ".js")]))
if not runners:
    fail("nothing to run: no cmtc (CMTC_SKIP=1) and no peer installed")

def run(name, program, cmd):
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    elapsed = time.perf_counter() - t0
    out = proc.stdout.decode(errors="replace")
    first = out.splitlines()[0] if out else ""
    if proc.returncode != 0 or first != expected[program]:
        err = proc.stderr.decode(errors="replace").strip()
        hint = ""
        if name == "cmtc" and proc.returncode != 0 and re.search(r"(?i)unknown|unexpected argument|usage", err):
            hint = "\n  (does this cmtc have the 'run' subcommand? CMTC_SKIP=1 runs only the peers)"
        fail(f"{program} under {name}: exit {proc.returncode}, first line {first!r}, expected {expected[program]!r}"
             f"\n  command: {' '.join(cmd)}" + (f"\n  stderr: {err[:2000]}" if err else "") + hint)
    return elapsed

times = {(p, r): [] for p in programs for r, _ in runners}
for rnd in range(rounds):  # interleaved: each round runs every program under every runner once
    for p in programs:
        for r, cmd in runners:
            times[(p, r)].append(run(r, p, cmd(p)))
    sys.stderr.write(f"== round {rnd + 1}/{rounds} done\n")

def version(cmd):
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True)
        first = ((proc.stdout or proc.stderr).strip().splitlines() or ["?"])[0]
        return re.split(r"\s+(?:--\s+)?Copyright", first)[0]  # drop Lua's and LuaJIT's copyright
    except Exception:
        return "?"
try:
    cpu = next(l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name"))
except Exception:
    cpu = platform.processor() or "unknown CPU"
versions = {"cmtc": ["swift", "--version"], "lua5.4": ["lua5.4", "-v"], "luajit -joff": ["luajit", "-v"],
            "node --jitless": ["node", "--version"]}
print(f"Machine: {cpu}, {os.cpu_count()} cores, {platform.system()} {platform.release()}; "
      + "; ".join(f"{r}: {version(versions[r])}" for r, _ in runners))
print(f"Rounds: {rounds} interleaved, median wall time of one process run (start-up included"
      + (", and for cmtc, compilation)." if runners[0][0] == "cmtc" else ")."))
print()

names = [r for r, _ in runners]
peer_names = [r for r in names if r != "cmtc"]
has_cmtc = "cmtc" in names
med = {k: statistics.median(v) for k, v in times.items()}
header = ["program"] + [f"{r} s" for r in names] + ([f"cmtc / {r}" for r in peer_names] if has_cmtc else [])
print("| " + " | ".join(header) + " |")
print("|---" + "|---:" * (len(header) - 1) + "|")
for p in programs:
    cells = [p] + [f"{med[(p, r)]:.3f}" for r in names]
    if has_cmtc:
        cells += [f"{med[(p, 'cmtc')] / med[(p, r)]:.2f}" for r in peer_names]
    print("| " + " | ".join(cells) + " |")

if has_cmtc and peer_names:
    # `empty` measures only start-up; the geometric means cover the workloads.
    work = [p for p in programs if p != "empty"] or programs
    print()
    for r in peer_names:
        ratios = [med[(p, "cmtc")] / med[(p, r)] for p in work]
        gm = math.exp(sum(math.log(x) for x in ratios) / len(ratios))
        print(f"Geometric mean cmtc / {r} over {len(work)} programs ({' '.join(work)}): {gm:.2f}")
PY
