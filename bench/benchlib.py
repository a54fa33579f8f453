"""Helpers the Python benchmarks share: ports, starting and stopping servers, this server's prompt.

Imported by bench/chat and bench/replies (they put bench/ on sys.path), so both start, wait for
and stop servers the same way and give llama-server exactly the system prompt this server uses.
"""
import asyncio
import os
import re
import signal
import socket
import subprocess
import time

import aiohttp

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))


def system_prompt() -> str:
    """This server's system prompt, read from Sources/Chat/SystemPrompt.swift."""
    source = open(os.path.join(ROOT, "Sources/Chat/SystemPrompt.swift")).read()
    body = re.search(r'static let base = """\n(.*?)\n\s*"""', source, re.S).group(1)
    return re.sub(r"\\\n\s*", "", re.sub(r"^\s+", "", body, flags=re.M)).replace("\n", " ")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


async def wait_ready(url: str, proc=None, log_path=None, timeout: float = 180) -> None:
    """Polls `url` until it answers 200; fails early, with the log's tail, if `proc` exits."""
    deadline = time.monotonic() + timeout
    async with aiohttp.ClientSession() as http:
        while time.monotonic() < deadline:
            if proc is not None and proc.poll() is not None:
                tail = open(log_path).read()[-2000:] if log_path else ""
                raise RuntimeError(f"{url}: server exited with {proc.returncode} before ready\n{tail}")
            try:
                async with http.get(url) as r:
                    if r.status == 200:
                        return
            except aiohttp.ClientError:
                pass
            await asyncio.sleep(0.3)
    raise RuntimeError(f"{url} not ready after {timeout} s")


def start(cmd, env=None, log=None):
    """Starts a server in its own process group, so `stop` ends it with all its children."""
    return subprocess.Popen(cmd, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)


def stop(proc):
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


async def sse_chunks(response):
    """The JSON payloads of an OpenAI-compatible stream, until `data: [DONE]`."""
    import json
    buffer = b""
    async for chunk in response.content.iter_any():
        buffer += chunk
        while b"\n\n" in buffer:
            event, buffer = buffer.split(b"\n\n", 1)
            for line in event.split(b"\n"):
                if not line.startswith(b"data:"):
                    continue
                data = line[5:].strip()
                if data == b"[DONE]":
                    return
                yield json.loads(data)


class TokenClock:
    """When a streamed reply started, and when its first and latest tokens arrived."""

    def __init__(self):
        self.start = time.monotonic()
        self.first = None
        self.last = None
        self.tokens = 0

    def token(self):
        now = time.monotonic()
        if self.first is None:
            self.first = now
        self.last = now
        self.tokens += 1

    def tokens_per_second(self):
        """Generation speed after the first token; None with fewer than two tokens."""
        if self.tokens < 2 or self.last == self.first:
            return None
        return (self.tokens - 1) / (self.last - self.first)

