"""A llama-server running the all-MiniLM-L6-v2 GGUF, for embeddings computed the way the Swift server does.

    with LlamaEmbedder(gguf_path) as enc:       # starts llama-server on a free loopback port, 1 thread
        ids = enc.tokenize(text)                # llama.cpp's tokens, [CLS] ... [SEP], truncated
        E = enc.embed(["text", ...])            # float32 (n, 384), mean-pooled, L2-normalised

Truncation (the same rule minilm_numpy.truncate applies, and the one the server must apply in-process):
a text is tokenised with the special tokens ([CLS] first, [SEP] last); when that gives more than 256
tokens, [CLS] + the first 254 + [SEP] are kept, as sentence-transformers' max_seq_length 256 does. The
token ids, not the text, are then sent to /v1/embeddings, so nothing past 256 tokens reaches the model
(llama.cpp fails outright on an input longer than its batch). A text is first cut at MAX_CHARS characters
only to bound the work on absurd inputs: far more than 256 word pieces of any ordinary text take.
"""
import json
import os
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

# minilm_numpy first: it pins OpenBLAS to one thread, which must happen before numpy loads.
from minilm_numpy import MAX_TOKENS, truncate  # one truncation rule for both
import numpy as np  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
LLAMA_SERVER = ROOT / ".cache/llama.cpp/bin/llama-server"
GGUF = ROOT / ".cache/models/all-MiniLM-L6-v2.f16.gguf"
MAX_CHARS = 20000
BATCH = 32
DIM = 384


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class LlamaEmbedder:
    def __init__(self, gguf=GGUF, server=LLAMA_SERVER, threads=1, startup_timeout=120):
        self.gguf, self.server, self.threads, self.startup_timeout = Path(gguf), Path(server), threads, startup_timeout
        self.proc = None
        self.log = None

    def __enter__(self):
        self.start()
        return self

    def __exit__(self, *exc):
        self.stop()

    def start(self):
        if not self.server.is_file():
            raise FileNotFoundError(f"{self.server} is missing: run scripts/setup.sh llama-server")
        if not self.gguf.is_file():
            raise FileNotFoundError(f"{self.gguf} is missing: run scripts/setup.sh encoder")
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log = tempfile.NamedTemporaryFile(prefix="llama-embed-", suffix=".log", delete=False)
        cmd = [str(self.server), "-m", str(self.gguf), "--embedding", "--pooling", "mean",
               "-t", str(self.threads), "--port", str(self.port), "--host", "127.0.0.1",
               "-c", "512", "-b", "512", "-ub", "512"]
        self.proc = subprocess.Popen(cmd, stdout=self.log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        deadline = time.monotonic() + self.startup_timeout
        while True:
            if self.proc.poll() is not None:
                raise RuntimeError(f"llama-server exited with {self.proc.returncode}; see {self.log.name}")
            try:
                with urllib.request.urlopen(self.base + "/health", timeout=2) as r:
                    if r.status == 200:
                        return
            except (urllib.error.URLError, ConnectionError, OSError):
                pass
            if time.monotonic() > deadline:
                self.stop()
                raise TimeoutError(f"llama-server not healthy after {self.startup_timeout}s; see {self.log.name}")
            time.sleep(0.2)

    def stop(self):
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.proc = None
        if self.log is not None:
            self.log.close()
            os.unlink(self.log.name)
            self.log = None

    def _post(self, path, body, timeout=600):
        req = urllib.request.Request(self.base + path, data=json.dumps(body).encode(),
                                     headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(req, timeout=timeout) as r:
                return json.loads(r.read())
        except urllib.error.HTTPError as e:
            raise RuntimeError(f"llama-server {path}: HTTP {e.code}: {e.read()[:500]!r}") from None

    def tokenize(self, text):
        """llama.cpp's token ids for text, with [CLS]/[SEP], truncated to MAX_TOKENS."""
        text = text[:MAX_CHARS]
        return truncate(self._post("/tokenize", {"content": text, "add_special": True})["tokens"])

    def embed_ids(self, token_lists):
        """One /v1/embeddings request: float32 (n, 384), each row L2-normalised here again."""
        resp = self._post("/v1/embeddings", {"input": [list(map(int, t)) for t in token_lists]})
        data = resp.get("data")
        if not isinstance(data, list) or len(data) != len(token_lists):
            raise RuntimeError(f"/v1/embeddings returned {len(data) if isinstance(data, list) else data!r} rows "
                               f"for {len(token_lists)} inputs")
        out = np.zeros((len(token_lists), DIM), dtype=np.float32)
        for row in data:
            e = np.asarray(row["embedding"], dtype=np.float64)
            if e.shape != (DIM,):
                raise RuntimeError(f"embedding {row.get('index')} has shape {e.shape}, expected ({DIM},)")
            out[row["index"]] = e / max(np.linalg.norm(e), 1e-12)
        return out

    def embed(self, texts, batch=BATCH, progress=None):
        out = np.zeros((len(texts), DIM), dtype=np.float32)
        for i in range(0, len(texts), batch):
            chunk = texts[i:i + batch]
            out[i:i + len(chunk)] = self.embed_ids([self.tokenize(t) for t in chunk])
            if progress:
                progress(i + len(chunk), len(texts))
        return out
