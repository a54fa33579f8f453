#!/usr/bin/python3
"""Reference timing of the face pipeline's OpenCV part in Python, on the same models and media.

Runs what CFaceVision runs per frame minus dlib: res10 SSD face detection (300x300 blob, mean
(104,177,123), score >= 0.5) and the FER2013 emotion ONNX on the largest face (square crop + 10 %
margin, 64x64 gray, (p - 127.5) * 2/255). dlib's 68 landmarks, head pose and eye measures are NOT
included: Debian 12 has no python3-dlib and PyPI's dlib builds from source. Compare per-stage
numbers, not totals, with the Swift side.

Usage: /usr/bin/python3 bench/analysis/opencv_pipeline.py [--repeat 20] [--threads 1]
Prints ms/image p50/p95 per stage, and video sampled frames/s and decoded frames/s.
"""
import argparse
import json
import os
import statistics
import time

import cv2
import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
IMAGES = ["astronaut.png", "single_face.jpg", "multi_face.jpg", "0-f1-su-ph.jpg", "0-f15-hao-ph.jpg",
          "15-f13-anc-ph.jpg", "45-m7-di-ph.jpg", "free-mountain-vector-01.jpg"]
VIDEOS = ["single_face.mp4", "WolfgangLanger_Pexels.mp4", "face_noface.mov"]


def percentile(values, p):
    values = sorted(values)
    k = (len(values) - 1) * p / 100
    lo, hi = int(k), min(int(k) + 1, len(values) - 1)
    return values[lo] + (values[hi] - values[lo]) * (k - lo)


class Pipeline:
    def __init__(self, models):
        self.detector = cv2.dnn.readNetFromCaffe(os.path.join(models, "res10_deploy.prototxt"),
                                                 os.path.join(models, "res10_300x300_ssd_iter_140000.caffemodel"))
        self.emotion = cv2.dnn.readNetFromONNX(os.path.join(models, "emotion_model.onnx"))

    def detect(self, img):
        h, w = img.shape[:2]
        self.detector.setInput(cv2.dnn.blobFromImage(img, 1.0, (300, 300), (104.0, 177.0, 123.0)))
        boxes = []
        for d in self.detector.forward()[0, 0]:
            if d[2] < 0.5:
                continue
            x1, y1, x2, y2 = d[3] * w, d[4] * h, d[5] * w, d[6] * h
            bw, bh = x2 - x1, y2 - y1
            if bw <= 0 or bh <= 0:
                continue
            out_x = max(0, -x1) + max(0, x2 - w)
            out_y = max(0, -y1) + max(0, y2 - h)
            if out_x > 0.2 * bw or out_y > 0.2 * bh:
                continue
            x1, y1, x2, y2 = max(0, x1), max(0, y1), min(w, x2), min(h, y2)
            if x2 - x1 < 24 or y2 - y1 < 24:
                continue
            boxes.append((x1, y1, x2 - x1, y2 - y1, float(d[2])))
        boxes.sort(key=lambda b: (-b[2] * b[3], -b[4], b[0], b[1]))
        return boxes

    def classify(self, img, box):
        gray = cv2.cvtColor(img, cv2.COLOR_BGR2GRAY)
        x, y, bw, bh, _ = box
        side = max(bw, bh) * 1.2
        cx, cy = x + bw / 2, y + bh / 2
        sx, sy, s = int(round(cx - side / 2)), int(round(cy - side / 2)), int(round(side))
        crop = np.zeros((s, s), np.uint8)
        ix0, iy0, ix1, iy1 = max(0, sx), max(0, sy), min(gray.shape[1], sx + s), min(gray.shape[0], sy + s)
        crop[iy0 - sy:iy1 - sy, ix0 - sx:ix1 - sx] = gray[iy0:iy1, ix0:ix1]
        face = cv2.resize(crop, (64, 64), interpolation=cv2.INTER_LINEAR)
        self.emotion.setInput(cv2.dnn.blobFromImage(face, 2.0 / 255, (64, 64), 127.5))
        return self.emotion.forward().reshape(-1)


def bench_images(pipe, media, repeat):
    stages = {"decode": [], "detect": [], "emotion": [], "total": []}
    for name in IMAGES:
        path = os.path.join(media, name)
        for i in range(repeat + 1):
            t0 = time.perf_counter()
            img = cv2.imread(path, cv2.IMREAD_COLOR)
            t1 = time.perf_counter()
            boxes = pipe.detect(img)
            t2 = time.perf_counter()
            if boxes:
                pipe.classify(img, boxes[0])
            t3 = time.perf_counter()
            if i == 0:
                continue  # warm-up
            for key, value in (("decode", t1 - t0), ("detect", t2 - t1), ("emotion", t3 - t2), ("total", t3 - t0)):
                stages[key].append(value * 1000)
    n = len(stages["total"])
    print(f"images: {len(IMAGES)} files x {repeat} runs = {n} analyses")
    for key, values in stages.items():
        print(f"  {key:8s} p50 {percentile(values, 50):7.1f} ms   p95 {percentile(values, 95):7.1f} ms")
    return {"p50": percentile(stages["total"], 50), "p95": percentile(stages["total"], 95)}


def bench_video(pipe, media, target_fps=4.0):
    results = {}
    for name in VIDEOS:
        cap = cv2.VideoCapture(os.path.join(media, name), cv2.CAP_FFMPEG)
        if not cap.isOpened():
            print(f"video {name}: cannot open")
            continue
        interval = 1000.0 / target_fps
        t0 = time.perf_counter()
        decoded = sampled = faces = 0
        previous = None
        while cap.grab():
            decoded += 1
            t = cap.get(cv2.CAP_PROP_POS_MSEC)
            if previous is not None and t <= previous:
                t = previous + 1000.0 / max(cap.get(cv2.CAP_PROP_FPS), 1)
            owner = 0 if previous is None else int(np.floor(previous / interval)) + 1
            if owner * interval <= t:  # same due-time sampling as CFaceVision
                ok, frame = cap.retrieve()
                if ok:
                    sampled += 1
                    boxes = pipe.detect(frame)
                    if boxes:
                        faces += 1
                        pipe.classify(frame, boxes[0])
            previous = t
        elapsed = time.perf_counter() - t0
        print(f"video {name}: {decoded} frames decoded, {sampled} sampled ({faces} with a face) in {elapsed:.2f} s"
              f" -> {sampled / elapsed:.1f} sampled frames/s, {decoded / elapsed:.0f} decoded frames/s")
        results[name] = {"seconds": elapsed, "frames_read": decoded, "frames_sampled": sampled}
    return results


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--threads", type=int, default=1, help="cv2.setNumThreads (CFaceVision uses 1 per job)")
    parser.add_argument("--media", default=os.path.join(ROOT, ".cache", "media"))
    parser.add_argument("--models", default=os.path.join(ROOT, ".cache", "models"))
    parser.add_argument("--json", help="also write the figures to this file")
    args = parser.parse_args()
    for needed in [os.path.join(args.models, "emotion_model.onnx"), os.path.join(args.media, "astronaut.png")]:
        if not os.path.exists(needed):
            raise SystemExit(f"{needed} is missing: run make setup")
    cv2.setNumThreads(args.threads)
    print(f"OpenCV {cv2.__version__}, {args.threads} thread(s), load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")
    pipe = Pipeline(args.models)
    images = bench_images(pipe, args.media, args.repeat)
    videos = bench_video(pipe, args.media)
    if args.json:
        with open(args.json, "w") as out:
            json.dump({"images": images, "videos": videos}, out)


if __name__ == "__main__":
    main()
