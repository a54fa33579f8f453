#!/usr/bin/env bash
# Builds the release server and the in-process benchmark, then compares them with Python's cv2.
set -euo pipefail
cd "$(dirname "$0")/../.."
swift build -c release --product App
swift build -c release --product AnalysisBench
exec /usr/bin/python3 bench/analysis/analysis_bench.py "$@"
