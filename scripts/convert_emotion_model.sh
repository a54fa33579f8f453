#!/usr/bin/env bash
# Converts the FER2013 mini-Xception emotion model (Keras .hdf5) to ONNX and checks the ONNX against
# the real Keras model on the faces in MEDIA_DIR (see convert_emotion_model.py). Run once by setup.sh,
# which keeps the stamp; this script always converts and checks, and only skips the pip install.
# Usage: scripts/convert_emotion_model.sh HDF5 ONNX MEDIA_DIR
set -euo pipefail

say() { printf '[convert_emotion_model] %s\n' "$*" >&2; }
die() { printf '[convert_emotion_model] ERROR: %s\n' "$*" >&2; exit 1; }

[ $# -eq 3 ] || die "usage: $0 HDF5 ONNX MEDIA_DIR"
HDF5="$1" ONNX="$2" MEDIA_DIR="$3"
[ -f "$HDF5" ] || die "no Keras model at $HDF5"
[ -d "$MEDIA_DIR" ] || die "no media directory at $MEDIA_DIR"

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="${EMOTION_VENV:-$ROOT/.cache/venv-emotion}"
# Debian's python, not pyenv's: --system-site-packages then brings Debian's cv2 (OpenCV 4.6, the one the
# C++ server links) and numpy 1.24 into the venv.
SYS_PYTHON=/usr/bin/python3

# The whole resolved set, pinned so every machine converts with the same code. tensorflow-cpu 2.15 is the
# last with Keras 2 as tf.keras (reads this old .hdf5 as is) that still wants numpy<2, matching Debian's
# numpy 1.24; tf2onnx 1.16.1 needs protobuf 3.20.x, which tensorflow 2.15 and onnx 1.16 accept.
PINS="tensorflow-cpu==2.15.1 tf2onnx==1.16.1 onnx==1.16.2 protobuf==3.20.3 numpy==1.24.2
keras==2.15.0 tensorflow-estimator==2.15.0 tensorboard==2.15.2 tensorboard-data-server==0.7.2 h5py==3.16.0
ml-dtypes==0.3.2 absl-py==2.5.1 astunparse==1.6.3 flatbuffers==25.12.19 gast==0.7.0 google-pasta==0.2.0
grpcio==1.85.3 libclang==18.1.1 opt_einsum==3.4.0 tensorflow-io-gcs-filesystem==0.37.1 termcolor==3.3.0
typing_extensions==4.16.0 wrapt==1.14.2 packaging==26.4 google-auth==2.63.0 google-auth-oauthlib==1.5.0
requests-oauthlib==2.0.0 pyasn1==0.6.5 pyasn1_modules==0.4.2 Markdown==3.11.3 MarkupSafe==3.0.4
Werkzeug==3.1.9 requests==2.34.2 certifi==2026.10.19.post1 charset-normalizer==3.5.3 idna==3.20 urllib3==2.8.0"

start=$SECONDS
# The venv records the pins it was installed with; the same pins mean nothing to install.
if [ -x "$VENV/bin/python" ] && [ "$(cat "$VENV/.pins" 2>/dev/null)" = "$PINS" ]; then
  say "venv $VENV already has the pinned packages; skipping pip"
else
  [ -x "$SYS_PYTHON" ] || die "$SYS_PYTHON is missing (apt-get install python3 python3-venv)"
  "$SYS_PYTHON" -c 'import cv2, numpy' 2>/dev/null \
    || die "Debian's cv2/numpy are missing (apt-get install python3-opencv python3-numpy)"
  say "creating venv $VENV and installing tensorflow-cpu + tf2onnx (a ~274 MB download)"
  rm -rf "$VENV"
  "$SYS_PYTHON" -m venv --system-site-packages "$VENV" || die "could not create venv $VENV (apt-get install python3-venv)"
  # shellcheck disable=SC2086  # PINS is a word list on purpose
  "$VENV/bin/pip" install -q --disable-pip-version-check --only-binary :all: $PINS \
    || die "pip could not install the pinned tensorflow-cpu/tf2onnx set (is PyPI reachable?)"
  printf '%s' "$PINS" > "$VENV/.pins"
  say "venv ready in $((SECONDS - start))s"
fi

step=$SECONDS
mkdir -p "$(dirname "$ONNX")"
"$VENV/bin/python" "$ROOT/scripts/convert_emotion_model.py" "$HDF5" "$ONNX" "$MEDIA_DIR" \
  || die "conversion failed or the ONNX does not match the Keras model; $ONNX not written"
say "conversion + check took $((SECONDS - step))s (total $((SECONDS - start))s)"
