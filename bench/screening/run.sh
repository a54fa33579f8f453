#!/usr/bin/env bash
# The crisis screen's cost (issue 16): rules + learned second opinion per message, idle and beside a
# streaming reply, and the reply's tokens/s with and without screening beside it.
# Usage: bench/screening/run.sh [rounds] [gap ms between screened messages]
set -euo pipefail
cd "$(dirname "$0")/../.."
swift build -c release --product ScreeningBench
exec .build/release/ScreeningBench "$PWD" "${1:-5}" "${2:-250}"
