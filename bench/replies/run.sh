#!/usr/bin/env bash
# Builds the server in release mode and runs the reply-quality benchmark against llama-server.
set -euo pipefail
cd "$(dirname "$0")/../.."
swift build -c release --product App
exec /usr/bin/python3 bench/replies/replies_bench.py "$@"
