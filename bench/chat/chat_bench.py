#!/usr/bin/env python3
"""Chat benchmark: this server's WebSocket stream against llama-server's streaming API.

Same GGUF, same thread count, same prompts, in the same run, each server measured alone on the
machine. Figures: time to first token (TTFT) and generation tokens/s for 1 and for 4 concurrent
conversations, and TTFT at turn 1 and turn 10 of one conversation. Both servers get the same
system prompt (this server's own, read from Sources/Chat/SystemPrompt.swift) and sampling.
"""
import argparse
import asyncio
import json
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time

import aiohttp

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
PROMPTS = [
    "I have been feeling really tired and low for weeks. Everything feels heavy.",
    "I couldn't get out of bed today and I feel guilty about it.",
    "My friends keep inviting me out but I just don't have the energy anymore.",
    "Work has been overwhelming and I can't stop worrying at night.",
]
FOLLOW_UPS = [
    "I think it started when I moved to a new city.",
    "I don't really know anyone here yet.",
    "Sometimes I call my sister, that helps a little.",
    "I used to paint, but I haven't in months.",
    "Maybe I could try painting something small this weekend.",
    "Mornings are the hardest part of the day for me.",
    "I've been skipping breakfast too.",
    "Thank you for listening, it helps to write this down.",
    "What could I do tonight to feel a bit calmer?",
]


def system_prompt() -> str:
    source = open(os.path.join(ROOT, "Sources/Chat/SystemPrompt.swift")).read()
    body = re.search(r'static let base = """\n(.*?)\n\s*"""', source, re.S).group(1)
    return re.sub(r"\\\n\s*", "", re.sub(r"^\s+", "", body, flags=re.M)).replace("\n", " ")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


async def wait_ready(url: str, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    async with aiohttp.ClientSession() as http:
        while time.monotonic() < deadline:
            try:
                async with http.get(url) as r:
                    if r.status == 200:
                        return
            except aiohttp.ClientError:
                pass
            await asyncio.sleep(0.3)
    raise RuntimeError(f"{url} not ready after {timeout} s")


class Measured:
    def __init__(self):
        self.start = time.monotonic()
        self.first = None
        self.last = None
        self.tokens = 0
        self.text = ""

    def token(self):
        now = time.monotonic()
        if self.first is None:
            self.first = now
        self.last = now
        self.tokens += 1

    @property
    def ttft(self):
        return self.first - self.start

    @property
    def tps(self):
        if self.tokens < 2 or self.last == self.first:
            return float("nan")
        return (self.tokens - 1) / (self.last - self.first)


# ---- llama-server (OpenAI-compatible streaming) ----
async def openai_turn(http, base, messages, max_tokens, temperature) -> Measured:
    m = Measured()
    body = {"messages": messages, "stream": True, "max_tokens": max_tokens, "temperature": temperature,
            "top_p": 0.95, "top_k": 40, "cache_prompt": True}
    async with http.post(f"{base}/v1/chat/completions", json=body) as r:
        r.raise_for_status()
        buffer = b""
        async for chunk in r.content.iter_any():
            buffer += chunk
            while b"\n\n" in buffer:
                event, buffer = buffer.split(b"\n\n", 1)
                for line in event.split(b"\n"):
                    if not line.startswith(b"data:"):
                        continue
                    data = line[5:].strip()
                    if data == b"[DONE]":
                        return m
                    delta = json.loads(data)["choices"][0].get("delta", {}).get("content")
                    if delta:
                        m.text += delta
                        m.token()
    return m


# ---- this server (WebSocket protocol of the frontend) ----
class WsChat:
    def __init__(self, http, url):
        self.http, self.url, self.ws = http, url, None

    async def __aenter__(self):
        self.ws = await self.http.ws_connect(self.url)
        greeting = await self.ws.receive_json()
        assert greeting["type"] == "system_message", greeting
        return self

    async def __aexit__(self, *exc):
        await self.ws.close()

    async def turn(self, content) -> Measured:
        m = Measured()
        await self.ws.send_json({"type": "chat_message", "content": content, "mood": "sad"})
        while True:
            msg = await self.ws.receive_json()
            if msg["type"] == "streaming_response":
                if msg["is_complete"]:
                    m.text = msg["partial_content"]
                else:
                    m.token()
            elif msg["type"] == "ai_typing" and not msg["is_typing"]:
                return m
            elif msg["type"] == "error":
                raise RuntimeError(msg)


async def run_scenarios(kind, target, args, sysprompt):
    results = {}
    # llama-server closes the connection after each streamed reply although it advertises
    # keep-alive, so every request gets a new connection (for both servers, to keep it fair).
    connector = aiohttp.TCPConnector(force_close=True)
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=600), connector=connector) as http:
        async def one_conversation(prompt):
            if kind == "ours":
                async with WsChat(http, target) as chat:
                    return await chat.turn(prompt)
            return await openai_turn(http, target, [{"role": "system", "content": sysprompt},
                                                    {"role": "user", "content": prompt}],
                                     args.max_tokens, args.temperature)

        # Warm-up (page in the model).
        await one_conversation("Hello.")

        singles = [await one_conversation(p) for p in PROMPTS]
        results["single_ttft_ms"] = statistics.median(m.ttft for m in singles) * 1000
        results["single_tps"] = statistics.median(m.tps for m in singles)

        started = time.monotonic()
        concurrent = await asyncio.gather(*(one_conversation(p) for p in PROMPTS))
        wall = time.monotonic() - started
        results["conc4_aggregate_tps"] = sum(m.tokens for m in concurrent) / wall
        results["conc4_ttft_ms"] = statistics.median(m.ttft for m in concurrent) * 1000

        turns = []
        if kind == "ours":
            async with WsChat(http, target) as chat:
                for content in [PROMPTS[0]] + FOLLOW_UPS:
                    turns.append(await chat.turn(content))
        else:
            history = [{"role": "system", "content": sysprompt}]
            for content in [PROMPTS[0]] + FOLLOW_UPS:
                history.append({"role": "user", "content": content})
                m = await openai_turn(http, target, history, args.max_tokens, args.temperature)
                history.append({"role": "assistant", "content": m.text})
                turns.append(m)
        results["turn1_ttft_ms"] = turns[0].ttft * 1000
        results["turn10_ttft_ms"] = turns[-1].ttft * 1000
    return results


def start(cmd, env=None, log=None):
    return subprocess.Popen(cmd, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)


def stop(proc):
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)


async def main():
    p = argparse.ArgumentParser()
    p.add_argument("--app", default=os.path.join(ROOT, ".build/release/App"))
    p.add_argument("--llama-server", default=os.path.join(ROOT, ".cache/llama.cpp/bin/llama-server"))
    p.add_argument("--model", default=os.path.join(ROOT, ".cache/models/SmolLM2-135M-Instruct.Q4_1.gguf"))
    p.add_argument("--threads", type=int, default=os.cpu_count())
    p.add_argument("--ctx", type=int, default=4096, help="context per conversation (10 turns must fit)")
    p.add_argument("--max-tokens", type=int, default=200)
    p.add_argument("--temperature", type=float, default=0.7)
    args = p.parse_args()
    sysprompt = system_prompt()
    logdir = tempfile.mkdtemp(prefix="bench-chat-")
    figures = {}

    for np_ in (1, 4):
        port = free_port()
        log = open(os.path.join(logdir, f"llama-server-np{np_}.log"), "w")
        proc = start([args.llama_server, "-m", args.model, "--host", "127.0.0.1", "--port", str(port),
                      "-t", str(args.threads), "-c", str(args.ctx * np_), "-np", str(np_),
                      "--no-webui"], log=log)
        try:
            await wait_ready(f"http://127.0.0.1:{port}/health")
            figures[f"llama-server -np {np_}"] = await run_scenarios("llama", f"http://127.0.0.1:{port}", args, sysprompt)
        finally:
            stop(proc)

    port = free_port()
    env = dict(os.environ, PORT=str(port), HOST="127.0.0.1", MODEL_PATH=args.model,
               LLM_THREADS=str(args.threads), LLM_CONTEXT_SIZE=str(args.ctx), LLM_PARALLEL_SEQUENCES="4",
               LLM_MAX_NEW_TOKENS=str(args.max_tokens), LLM_TEMPERATURE=str(args.temperature),
               CHAT_MESSAGES_PER_MINUTE="1000", DATABASE_URL=f"sqlite://{logdir}/bench.sqlite",
               STORAGE_DIR=f"{logdir}/uploads", LOG_LEVEL="warning")
    log = open(os.path.join(logdir, "app.log"), "w")
    proc = start([args.app, "serve"], env=env, log=log)
    try:
        await wait_ready(f"http://127.0.0.1:{port}/ready")
        figures["depressoAssist"] = await run_scenarios("ours", f"ws://127.0.0.1:{port}/ws/chat/", args, sysprompt)
    finally:
        stop(proc)

    ours, ref1, ref4 = figures["depressoAssist"], figures["llama-server -np 1"], figures["llama-server -np 4"]
    print(f"\nchat benchmark: {os.path.basename(args.model)}, {args.threads} threads, max {args.max_tokens} tokens, "
          f"temperature {args.temperature}; medians over {len(PROMPTS)} prompts (logs: {logdir})")
    rows = [
        ("single stream TTFT (ms)", ours["single_ttft_ms"], ref1["single_ttft_ms"], "<= 1.10"),
        ("single stream tokens/s", ours["single_tps"], ref1["single_tps"], ">= 0.95"),
        ("4 concurrent aggregate tokens/s", ours["conc4_aggregate_tps"], ref4["conc4_aggregate_tps"], ">= 1.00"),
        ("4 concurrent TTFT (ms)", ours["conc4_ttft_ms"], ref4["conc4_ttft_ms"], ""),
        ("turn 1 TTFT (ms)", ours["turn1_ttft_ms"], ref1["turn1_ttft_ms"], ""),
        ("turn 10 TTFT (ms)", ours["turn10_ttft_ms"], ref1["turn10_ttft_ms"], ""),
    ]
    print(f"{'figure':34} {'depressoAssist':>15} {'llama-server':>13} {'ratio':>7}  aim")
    for name, a, b, aim in rows:
        print(f"{name:34} {a:15.1f} {b:13.1f} {a / b:7.2f}  {aim}")
    growth = ours["turn10_ttft_ms"] / ours["turn1_ttft_ms"]
    print(f"{'turn-10 / turn-1 TTFT (ours)':34} {growth:15.2f} {ref1['turn10_ttft_ms'] / ref1['turn1_ttft_ms']:13.2f}"
          f" {'':7}  <= 1.50")


if __name__ == "__main__":
    asyncio.run(main())
