#!/usr/bin/env bash
# Admission beside a streaming reply (issue 14, item 5): the reply's tokens/s while three
# conversations with 1,500+ tokens of history are admitted, against the same reply alone, for the
# unbounded and the default prompt share. Usage: bench/admission/run.sh [rounds]
set -euo pipefail
cd "$(dirname "$0")/../.."
swift build -c release --product AdmissionBench
exec .build/release/AdmissionBench "$PWD" "${1:-5}"
