#!/bin/sh
# Builds and runs one libFuzzer harness (docs/fuzzing.md).
# Usage: Benchmarks/fuzz/run.sh frontend|vm|process|rules|manifest|rpc|tx SECONDS [extra libFuzzer flags]
# process, rules and manifest are the three readers of the fuzz-readers harness; rpc is fuzz-rpc (the
# JSON-RPC request decoder); tx is fuzz-tx (the transaction decoder and the stateless check).
# Crashes, hangs (over 2 s per input) and out-of-memory inputs are saved in /tmp/cmt-fuzz/<target>-artifacts/.
set -eu
target=${1:?frontend, vm, process, rules, manifest, rpc or tx}
seconds=${2:-600}
shift 2 || true
root=$(cd "$(dirname "$0")/../.." && pwd)
scratch=${CMT_FUZZ_SCRATCH:-/tmp/build-fuzz-lf}
work=/tmp/cmt-fuzz
mkdir -p "$work/$target-corpus" "$work/$target-artifacts"
cd "$root"
case $target in
process|rules|manifest) product=fuzz-readers; export CMT_FUZZ_READER="$target" ;;
*) product="fuzz-$target" ;;
esac
swift build -c release --scratch-path "$scratch" --product "$product" \
    -Xswiftc -sanitize=fuzzer,address -Xswiftc -DCMT_LIBFUZZER
case $target in
frontend)
    "$root/Benchmarks/fuzz/make-corpus.sh" "$work/frontend-seeds"
    seeds="$work/frontend-seeds"
    flags="-max_len=65536 -dict=$root/Benchmarks/fuzz/cmt.dict" ;;
vm|tx)
    # LLVMFuzzerInitialize writes the seed modules (transactions) here before the corpus is read.
    export CMT_FUZZ_SEEDS_DIR="$work/$target-seeds"
    mkdir -p "$CMT_FUZZ_SEEDS_DIR"
    seeds="$work/$target-seeds"
    if [ "$target" = vm ]; then flags="-max_len=65536"; else flags="-max_len=8192"; fi ;;
process|rules|manifest)
    "$root/Benchmarks/fuzz/make-corpus.sh" "$work/$target-seeds" "$target"
    seeds="$work/$target-seeds"
    flags="-max_len=16384" ;;
rpc)
    # The specification's example requests; LLVMFuzzerInitialize adds the seed bodies (RPCTarget.seeds).
    seeds="$work/rpc-seeds"
    export CMT_FUZZ_SEEDS_DIR="$seeds"
    mkdir -p "$seeds"
    sed -n 's/^--> //p' "$root/Tests/CMTNodeTests/Goldens/jsonrpc-spec-examples.txt" | awk -v dir="$seeds" '{ print > sprintf("%s/spec-%02d.json", dir, NR) }'
    flags="-max_len=65536" ;;
*) echo "unknown target $target" >&2; exit 2 ;;
esac
# shellcheck disable=SC2086
exec "$scratch/release/$product" "$work/$target-corpus" "$seeds" $flags \
    -max_total_time="$seconds" -timeout=2 -rss_limit_mb=4096 -print_final_stats=1 \
    -artifact_prefix="$work/$target-artifacts/" "$@"
