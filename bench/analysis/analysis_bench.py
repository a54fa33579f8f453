#!/usr/bin/env python3
"""Face analysis benchmark, three ways in one run on the same models and media:

1. the Python pipeline a Python user would run (Debian's cv2: res10 SSD + FER2013 ONNX; no dlib,
   which Debian 12 does not package for Python), single-threaded as such a script is;
2. this project's FaceAnalysis in-process (native measurement incl. dlib landmarks and head pose,
   Swift scoring), with one and with two workers;
3. through the HTTP endpoint of the release server (upload, storage, analysis, database, deletion).

Prints ms per image (p50, p95) and video throughput (sampled frames/s), with ratios against (1).
"""
import http.cookiejar
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
MEDIA = os.path.join(ROOT, ".cache", "media")
REPEAT = int(os.environ.get("REPEAT", "10"))
BUILD = os.environ.get("BUILD_DIR", os.path.join(ROOT, ".build", "release"))
IMAGES = ["astronaut.png", "single_face.jpg", "multi_face.jpg", "0-f1-su-ph.jpg", "0-f15-hao-ph.jpg",
          "15-f13-anc-ph.jpg", "45-m7-di-ph.jpg"]


def percentile(values, p):
    values = sorted(values)
    k = (len(values) - 1) * p / 100
    lo, hi = int(k), min(int(k) + 1, len(values) - 1)
    return values[lo] + (values[hi] - values[lo]) * (k - lo)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def upload(opener, port, name):
    boundary = uuid.uuid4().hex
    data = open(os.path.join(MEDIA, name), "rb").read()
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"image\"; filename=\"{name}\"\r\n"
            f"Content-Type: application/octet-stream\r\n\r\n").encode() + data + f"\r\n--{boundary}--\r\n".encode()
    request = urllib.request.Request(f"http://127.0.0.1:{port}/api/analysis/image", data=body, method="POST",
                                     headers={"Content-Type": f"multipart/form-data; boundary={boundary}"})
    with opener.open(request) as response:
        response.read()


def http_bench(app):
    tmp = tempfile.mkdtemp(prefix="bench-analysis-")
    port = free_port()
    # One browser session (the first upload creates its guest account, later ones send its cookie), as a
    # person uploading several photos would; the upload rate limits are lifted for the measurement.
    env = dict(os.environ, PORT=str(port), HOST="127.0.0.1", DATABASE_URL=f"sqlite://{tmp}/bench.sqlite",
               STORAGE_DIR=f"{tmp}/uploads", LOG_LEVEL="warning", FACE_WORKERS="2", LLM_THREADS="1",
               RATE_UPLOADS_PER_MINUTE="100000", RATE_UPLOADS_PER_ADDRESS_PER_MINUTE="100000")
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
    proc = subprocess.Popen([app, "serve"], env=env, stdout=open(f"{tmp}/app.log", "w"), stderr=subprocess.STDOUT,
                            start_new_session=True)
    try:
        deadline = time.time() + 120
        while time.time() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/ready") as r:
                    if r.status == 200:
                        break
            except Exception:
                time.sleep(0.3)
        latencies = []
        for name in IMAGES:
            for run in range(REPEAT + 1):
                started = time.perf_counter()
                upload(opener, port, name)
                if run:
                    latencies.append((time.perf_counter() - started) * 1000)
        return {"p50": percentile(latencies, 50), "p95": percentile(latencies, 95)}
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(30)


def main():
    tmp = tempfile.mkdtemp(prefix="bench-analysis-")
    load = os.getloadavg()[0]
    subprocess.run(["/usr/bin/python3", os.path.join(ROOT, "bench/analysis/opencv_pipeline.py"), "--repeat", str(REPEAT),
                    "--json", f"{tmp}/python.json"], check=True)
    # The same pipeline with two OpenCV threads, as this server's lone jobs get: shown for reference.
    subprocess.run(["/usr/bin/python3", os.path.join(ROOT, "bench/analysis/opencv_pipeline.py"), "--repeat", str(REPEAT),
                    "--threads", "2", "--json", f"{tmp}/python2.json"], check=True)
    subprocess.run([os.path.join(BUILD, "AnalysisBench"), ROOT, str(REPEAT), f"{tmp}/swift.json"], check=True)
    python = json.load(open(f"{tmp}/python.json"))
    python2 = json.load(open(f"{tmp}/python2.json"))
    swift = json.load(open(f"{tmp}/swift.json"))
    http = http_bench(os.path.join(BUILD, "App"))

    print(f"\nface analysis benchmark ({os.cpu_count()} cores, load average {load:.2f} at start, {REPEAT} runs per image)")
    print(f"this server: {swift['workers1']['threads']} OpenCV threads per job; Python cv2: 1 thread "
          f"(second column: 2 threads, for reference)")
    print(f"{'figure':44} {'this server':>12} {'Python cv2':>11} {'ratio':>7}  {'Py 2 thr':>8} {'ratio':>6}  aim")
    py_img, py2_img = python["images"], python2["images"]
    for label, figures in (("in-process, 1 worker", swift["workers1"]["images"]), ("HTTP endpoint", http)):
        for p in ("p50", "p95"):
            print(f"{'image ms ' + p + ' (' + label + ')':44} {figures[p]:12.1f} {py_img[p]:11.1f} "
                  f"{figures[p] / py_img[p]:7.2f}  {py2_img[p]:8.1f} {figures[p] / py2_img[p]:6.2f}  <= 1.00 (lower is better)")
    for name, py in python["videos"].items():
        py_rate = py["frames_sampled"] / py["seconds"]
        py2 = python2["videos"][name]
        py2_rate = py2["frames_sampled"] / py2["seconds"]
        for run, label in (("workers1", "1 worker"), ("workers2", "2 workers"), ("workers2_untracked", "2 w., no tracking")):
            ours = swift[run]["videos"][name]
            rate = ours["frames_sampled"] / ours["seconds"]
            aim = ">= 2.00" if run == "workers2" else ""
            print(f"{'video ' + name[:18] + ' fps (' + label + ')':44} {rate:12.1f} {py_rate:11.1f} "
                  f"{rate / py_rate:7.2f}  {py2_rate:8.1f} {rate / py2_rate:6.2f}  {aim}")
    print("The Python pipeline does less per face (no dlib landmarks, head pose, eye or gaze measures) and searches")
    print("every sampled frame whole; this server follows the face between samples (docs/face-analysis.md),")
    print("'no tracking' searches every sample whole as Python does.")


if __name__ == "__main__":
    main()
