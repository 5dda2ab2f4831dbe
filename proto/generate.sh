#!/usr/bin/env bash
# Regenerates Sources/CMTChain/Transactions/Generated/*.pb.swift from proto/**/*.proto.
#
#   proto/generate.sh
#
# Needs protoc (Debian's protobuf-compiler) and protoc-gen-swift from swift-protobuf 1.39.0, built
# once outside the package build (it is slow; CI never runs this script):
#
#   git clone /opt/swift-packages/apple/swift-protobuf.git /tmp/swift-protobuf-src
#   git -C /tmp/swift-protobuf-src checkout 1.39.0
#   (cd /tmp/swift-protobuf-src && swift build -c release --product protoc-gen-swift --scratch-path "$ROOT/.build-protoc")
#
# PROTOC_GEN_SWIFT overrides the plugin's path.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/.." && pwd)"
PLUGIN="${PROTOC_GEN_SWIFT:-$ROOT/.build-protoc/release/protoc-gen-swift}"
OUT="$ROOT/Sources/CMTChain/Transactions/Generated"

command -v protoc >/dev/null || { echo "protoc not found (apt-get install -y protobuf-compiler)" >&2; exit 1; }
[[ -x "$PLUGIN" ]] || { echo "protoc-gen-swift not found at $PLUGIN (see this script's header)" >&2; exit 1; }
mkdir -p "$OUT"
cd "$HERE"
protoc --plugin=protoc-gen-swift="$PLUGIN" --swift_out="$OUT" --swift_opt=Visibility=Internal \
  --swift_opt=FileNaming=PathToUnderscores $(find . -name '*.proto' | sort)
