"""The gas calibration benchmark's measurements (run by Benchmarks/gas/run.sh; see its header)."""
import os, re, statistics, subprocess, sys, tempfile, time

cmtc = os.environ["CMTC"]
mode = os.environ["MODE"]
if mode == "instructions":
    # Valgrind 3.19 cannot read the DWARF 5 debug information Swift emits: count a copy without it.
    stripped = os.path.join(tempfile.mkdtemp(prefix="gas-bench-"), "cmtc")
    subprocess.run(["strip", "--strip-debug", "-o", stripped, cmtc], check=True)
    cmtc = stripped
workdir, vmdir = os.environ["WORKDIR"], os.environ["VMDIR"]
limit = float(os.environ.get("LIMIT", "3"))
max_bytes_per_gas = float(os.environ.get("MAX_BYTES_PER_GAS", "16"))
heap_mib = int(os.environ.get("HEAP_MIB", "16"))
rounds = int(os.environ.get("ROUNDS", "5"))
if mode == "instructions":
    g1, g2 = int(os.environ.get("G1", "300000")), int(os.environ.get("G2", "1500000"))
else:
    g1, g2 = int(os.environ.get("G1", "4000000")), int(os.environ.get("G2", "20000000"))
mem_g1, mem_g2 = int(os.environ.get("MEM_G1", "2000000")), int(os.environ.get("MEM_G2", "20000000"))
heap_gas = int(os.environ.get("HEAP_GAS", "200000000"))
reference_programs = os.environ.get("REFERENCE", "fib loop sieve matmul map strbuild orders sort").split()
workloads = os.environ.get("WORKLOADS", "").split() or sorted(
    d for d in os.listdir(workdir) if os.path.isfile(os.path.join(workdir, d, "main.cmt")))


def fail(message):
    sys.stderr.write(f"FAIL: {message}\n")
    sys.exit(1)


def command(target, gas, heap=8192):
    if target.endswith(".cmt"):
        return [cmtc, "run", "--gas", str(gas), "--heap-mib", str(heap), target]
    return [cmtc, "run", target, "--entry", "run", "--gas", str(gas), "--heap-mib", str(heap)]


def gas_used(stderr, what):
    found = re.findall(r"gas used: (\d+)", stderr)
    if not found:
        fail(f"{what}: no 'gas used' line\n{stderr[-2000:]}")
    return int(found[-1])


def ending(stderr):
    if "out of gas" in stderr:
        return "gas"
    if "heap limit" in stderr or "out of memory" in stderr:
        return "heap"
    return "other"


def run_native(cmd):
    """(stderr, seconds, peak RSS in bytes) of one process."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    stderr = proc.stderr.read().decode(errors="replace")
    proc.stderr.close()
    return stderr, elapsed, usage.ru_maxrss * 1024


def run_counted(cmd):
    """(stderr of the program, instructions) under callgrind."""
    proc = subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null"] + cmd,
                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    stderr = proc.stderr.decode(errors="replace")
    found = re.findall(r"Collected : (\d+)", stderr)
    if not found:
        fail(f"no callgrind count for {' '.join(cmd)}\n{stderr[-2000:]}")
    return stderr, int(found[-1])


def cost(target, gas, what):
    """(cost, gas used, ending) at gas limit `gas`: instructions or nanoseconds (median of rounds)."""
    if mode == "instructions":
        stderr, count = run_counted(command(target, gas))
        return count, gas_used(stderr, what), ending(stderr)
    samples = []
    for _ in range(rounds):
        stderr, seconds, _ = run_native(command(target, gas))
        samples.append(seconds * 1e9)
    return statistics.median(samples), gas_used(stderr, what), ending(stderr)


def per_gas(target, what):
    c1, u1, e1 = cost(target, g1, what)
    c2, u2, e2 = cost(target, g2, what)
    if e1 != "gas" or e2 != "gas" or u2 <= u1:
        fail(f"{what} must run until out of gas at {g1} and {g2} (ended: {e1}, {e2}; gas used {u1}, {u2})")
    return (c2 - c1) / (u2 - u1)


def memory_per_gas(target, what):
    s1, _, r1 = run_native(command(target, mem_g1, heap=4096))
    s2, _, r2 = run_native(command(target, mem_g2, heap=4096))
    u1, u2 = gas_used(s1, what), gas_used(s2, what)
    return max(r2 - r1, 0) / max(u2 - u1, 1)


def heap_check(target, what):
    base_err, _, base = run_native(command(target, 1000, heap=heap_mib))
    stderr, _, peak = run_native(command(target, heap_gas, heap=heap_mib))
    end = ending(stderr)
    bound = base + 2 * (heap_mib << 20) + (16 << 20)
    return end, (peak - base) / (1 << 20), end in ("gas", "heap") and peak <= bound


unit = "instr/gas" if mode == "instructions" else "ns/gas"
print(f"Mode: {mode} ({unit}); gas limits {g1:,} and {g2:,}; memory at {mem_g1:,} and {mem_g2:,} gas; "
      f"heap check {heap_mib} MiB at {heap_gas:,} gas; bound {limit}x the reference, {max_bytes_per_gas} bytes/gas")
reference = {}
for p in reference_programs:
    path = os.path.join(vmdir, p + ".cmt")
    if not os.path.isfile(path):
        fail(f"no reference program {path}")
    reference[p] = per_gas(path, f"reference {p}")
    sys.stderr.write(f"== reference {p}: {reference[p]:.2f} {unit}\n")
ref = statistics.median(reference.values())
print()
print("Reference programs: " + ", ".join(f"{p} {v:.2f}" for p, v in reference.items()) + f"; median {ref:.2f} {unit}")
print()
print(f"| workload | {unit} | x reference | bytes/gas | heap check ({heap_mib} MiB): end, peak MiB over base | verdict |")
print("|---|---:|---:|---:|---|---|")
failed = []
for w in workloads:
    target = os.path.join(workdir, w)
    value = per_gas(target, w)
    ratio = value / ref
    bpg = memory_per_gas(target, w)
    end, grown, heap_ok = heap_check(target, w)
    ok = ratio <= limit and bpg <= max_bytes_per_gas and heap_ok
    if not ok:
        failed.append(w)
    print(f"| {w} | {value:.2f} | {ratio:.2f} | {bpg:.2f} | {end}, {grown:.1f} | {'ok' if ok else 'OUT OF BOUNDS'} |", flush=True)
print()
if failed:
    print(f"Out of bounds: {' '.join(failed)}")
    sys.exit(1)
print("Every workload is within the bounds.")
