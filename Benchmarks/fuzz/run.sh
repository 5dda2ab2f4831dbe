#!/bin/sh
# Builds and runs one libFuzzer harness (docs/fuzzing.md).
# Usage: Benchmarks/fuzz/run.sh frontend|vm SECONDS [extra libFuzzer flags]
# Crashes, hangs (over 2 s per input) and out-of-memory inputs are saved in /tmp/cmt-fuzz/<target>-artifacts/.
set -eu
target=${1:?frontend or vm}
seconds=${2:-600}
shift 2 || true
root=$(cd "$(dirname "$0")/../.." && pwd)
scratch=${CMT_FUZZ_SCRATCH:-/tmp/build-fuzz-lf}
work=/tmp/cmt-fuzz
mkdir -p "$work/$target-corpus" "$work/$target-artifacts"
cd "$root"
swift build -c release --scratch-path "$scratch" --product "fuzz-$target" \
    -Xswiftc -sanitize=fuzzer,address -Xswiftc -DCMT_LIBFUZZER
case $target in
frontend)
    "$root/Benchmarks/fuzz/make-corpus.sh" "$work/frontend-seeds"
    seeds="$work/frontend-seeds"
    flags="-max_len=65536 -dict=$root/Benchmarks/fuzz/cmt.dict" ;;
vm)
    # LLVMFuzzerInitialize writes the seed modules here before the corpus is read.
    export CMT_FUZZ_SEEDS_DIR="$work/vm-seeds"
    mkdir -p "$CMT_FUZZ_SEEDS_DIR"
    seeds="$work/vm-seeds"
    flags="-max_len=65536" ;;
*) echo "unknown target $target" >&2; exit 2 ;;
esac
# shellcheck disable=SC2086
exec "$scratch/release/fuzz-$target" "$work/$target-corpus" "$seeds" $flags \
    -max_total_time="$seconds" -timeout=2 -rss_limit_mb=4096 -print_final_stats=1 \
    -artifact_prefix="$work/$target-artifacts/" "$@"
