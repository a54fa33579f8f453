#!/usr/bin/env bash
# Builds the server in release mode and runs the chat benchmark against llama-server.
set -euo pipefail
cd "$(dirname "$0")/../.."
swift build -c release --product App
exec /usr/bin/python3 bench/chat/chat_bench.py "$@"
