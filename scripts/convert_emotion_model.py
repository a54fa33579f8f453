"""Convert the FER2013 mini-Xception Keras model to ONNX and prove the ONNX matches Keras on real faces.

Usage: convert_emotion_model.py HDF5 ONNX MEDIA_DIR   (run by convert_emotion_model.sh inside its venv)

The ONNX is checked through cv2.dnn.readNetFromONNX of the Debian OpenCV 4.6 the C++ server links, so
a file that passes here is one the server can load. It is written to ONNX only after it passed.

ONNX contract (what the C++ side must do):
  input  "input"       float32 [1,1,64,64] NCHW: 64x64 grayscale face crop, (pixel - 127.5) * 2/255,
                       i.e. cv::dnn::blobFromImage(gray64, 2.0/255, Size(64,64), Scalar(127.5))
  output "predictions" float32 [1,7] softmax over angry, disgust, fear, happy, sad, surprise, neutral
  Batch is fixed at 1: OpenCV 4.6 dies with SIGFPE on a batch > 1, and a dynamic batch gives wrong results.
"""
import logging
import os
import sys
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")  # silence TensorFlow's CPU/CUDA banners

import cv2
import numpy as np
import onnx
import tensorflow as tf
import tf2onnx

# OpenCV 4.6's ONNX importer cannot parse opset >= 13 (Squeeze takes axes as an input there). Opset 11 loads.
OPSET = 11
INPUT, OUTPUT = "input", "predictions"
CLASSES = ["angry", "disgust", "fear", "happy", "sad", "surprise", "neutral"]
MAX_DIFF, MIN_FACES = 1e-4, 5
IMAGE_EXT = (".jpg", ".jpeg", ".png")


def log(msg):
    print(f"[convert_emotion_model] {msg}", flush=True)


def convert(hdf5, path):
    model = tf.keras.models.load_model(hdf5, compile=False)  # inference only: no optimizer/loss needed
    # inputs_as_nchw makes the ONNX take [1,1,64,64], so C++ can feed cv::dnn::blobFromImage directly;
    # tf2onnx's optimizer folds the NHWC<->NCHW transposes away, leaving a plain NCHW graph.
    spec = [tf.TensorSpec((1, 64, 64, 1), tf.float32, name=INPUT)]
    proto, _ = tf2onnx.convert.from_keras(model, input_signature=spec, opset=OPSET, inputs_as_nchw=[INPUT])
    onnx.checker.check_model(proto)
    with open(path, "wb") as f:
        f.write(proto.SerializeToString())
    return model, proto


def describe(proto):
    def dims(v):
        return [d.dim_value or d.dim_param for d in v.type.tensor_type.shape.dim]
    for kind, values in (("input", proto.graph.input), ("output", proto.graph.output)):
        for v in values:
            log(f"ONNX {kind}: {v.name} {dims(v)} float32")
    ops = sorted({n.op_type for n in proto.graph.node})
    log(f"ONNX opset {proto.opset_import[0].version}, {len(proto.graph.node)} nodes: {', '.join(ops)}")
    assert [v.name for v in proto.graph.input] == [INPUT] and dims(proto.graph.input[0]) == [1, 1, 64, 64]
    assert [v.name for v in proto.graph.output] == [OUTPUT] and dims(proto.graph.output[0]) == [1, 7]


def faces(media_dir, models_dir):
    """Yields (name, 64x64 uint8 gray crop) for every face the res10 SSD finds at confidence >= 0.5.
    The res10 face detector files are expected next to the HDF5 (setup.sh puts all models there)."""
    det = cv2.dnn.readNetFromCaffe(f"{models_dir}/res10_deploy.prototxt",
                                   f"{models_dir}/res10_300x300_ssd_iter_140000.caffemodel")
    for name in sorted(os.listdir(media_dir)):
        if not name.lower().endswith(IMAGE_EXT):
            continue
        img = cv2.imread(os.path.join(media_dir, name))
        if img is None:
            raise SystemExit(f"cannot read image {name}")
        h, w = img.shape[:2]
        det.setInput(cv2.dnn.blobFromImage(cv2.resize(img, (300, 300)), 1.0, (300, 300), (104, 177, 123)))
        for i, d in enumerate(det.forward()[0, 0]):
            x1, y1, x2, y2 = (d[3:7] * [w, h, w, h]).astype(int)
            # Boxes running outside the image are unreliable partial detections: drop them.
            if d[2] < 0.5 or x1 < 0 or y1 < 0 or x2 > w or y2 > h or x2 - x1 < 8 or y2 - y1 < 8:
                continue
            gray = cv2.cvtColor(img[y1:y2, x1:x2], cv2.COLOR_BGR2GRAY)
            yield f"{name}#{i}", cv2.resize(gray, (64, 64))


def verify(model, path, media_dir, models_dir):
    net = cv2.dnn.readNetFromONNX(path)  # the same OpenCV dnn the C++ server uses
    worst, count = 0.0, 0
    for name, gray in faces(media_dir, models_dir):
        # Keras gets fer's own preprocessing; OpenCV gets the blob recipe the C++ side will use.
        ref = model(gray.astype(np.float32)[None, :, :, None] / 255.0 * 2.0 - 1.0, training=False).numpy()[0]
        net.setInput(cv2.dnn.blobFromImage(gray, 2.0 / 255, (64, 64), 127.5))
        got = net.forward().reshape(-1)
        diff = float(np.abs(ref - got).max())
        worst, count = max(worst, diff), count + 1
        log(f"{name:24s} keras={CLASSES[ref.argmax()]:8s} ({ref.max():.3f})  "
            f"onnx={CLASSES[got.argmax()]:8s} ({got.max():.3f})  max|diff|={diff:.2e}")
    log(f"checked {count} faces, max |keras - onnx| = {worst:.2e} (limit {MAX_DIFF:g}, need >= {MIN_FACES} faces)")
    return count >= MIN_FACES and worst <= MAX_DIFF


def main():
    if len(sys.argv) != 4:
        raise SystemExit("usage: convert_emotion_model.py HDF5 ONNX MEDIA_DIR")
    hdf5, out, media_dir = sys.argv[1:]
    logging.getLogger("tf2onnx").setLevel(logging.ERROR)
    tmp = f"{out}.tmp.{os.getpid()}"  # same directory, so the final os.replace is atomic
    try:
        t = time.monotonic()
        model, proto = convert(hdf5, tmp)
        log(f"converted {os.path.basename(hdf5)} with tf {tf.__version__}, tf2onnx {tf2onnx.__version__} "
            f"in {time.monotonic() - t:.1f}s")
        describe(proto)
        t = time.monotonic()
        ok = verify(model, tmp, media_dir, os.path.dirname(os.path.abspath(hdf5)))
        log(f"verified with OpenCV {cv2.__version__} in {time.monotonic() - t:.1f}s")
        if not ok:
            log("FAILED: ONNX does not match Keras (or too few faces); nothing written")
            return 1
        os.replace(tmp, out)
        log(f"wrote {out} ({os.path.getsize(out)} bytes)")
        return 0
    finally:
        if os.path.exists(tmp):
            os.remove(tmp)


if __name__ == "__main__":
    sys.exit(main())
