#!/usr/bin/env python3
"""Chat benchmark: this server's WebSocket stream against llama-server's streaming API.

Same GGUF, same thread count, same prompts, in the same run; the servers run side by side and
take turns (each measured while the others idle), over several rounds. Figures: time to first token (TTFT), time from
the first token to the first text a person can see (this server holds back a sentence until its reply screen has
cleared it) and the cadence of visible updates, and generation tokens/s for 1 and for 4 concurrent
conversations, and TTFT at turn 1 and turn 10 of one conversation. Both servers get the same
system prompt (this server's own, read from Sources/Chat/SystemPrompt.swift) and sampling.
"""
import argparse
import asyncio
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time

import aiohttp

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from benchlib import TokenClock, free_port, sse_chunks, start, stop, system_prompt, wait_ready  # noqa: E402

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
PROMPTS = [
    "I have been feeling really tired and low for weeks. Everything feels heavy.",
    "I couldn't get out of bed today and I feel guilty about it.",
    "My friends keep inviting me out but I just don't have the energy anymore.",
    "Work has been overwhelming and I can't stop worrying at night.",
]
# Each scenario of each round opens its conversations differently: a prompt seen before would be
# answered from a cache (llama-server keeps finished prompts in RAM, this server in idle slots),
# which measures a lookup instead of processing the person's new message.
OPENERS = ["", "Hi. ", "Hello. ", "Hey. ", "Good evening. ", "Hi there. ", "Hello again. ", "Morning. ",
           "Evening. ", "Hey there. ", "Good morning. ", "Hi, it's me. "]


def opened(prompt, round_index, scenario):
    return OPENERS[(3 * round_index + scenario) % len(OPENERS)] + prompt


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


# The conversation sampler this server uses by default (AppConfiguration.Sampling), sent to
# llama-server too, so both sample with the same chain and the speed comparison stays fair.
SAMPLER = {"min_p": 0.05, "repeat_penalty": 1.15, "repeat_last_n": 64, "dry_multiplier": 0.8, "dry_base": 1.75,
           "dry_allowed_length": 2, "dry_penalty_last_n": 2048}


# This server leads each message with the mood sent with it (SystemPrompt.userTurn); llama-server
# gets the same text, so both process the same tokens.
MOOD = "sad"


def as_llama_user(content: str) -> str:
    return f"[feeling {MOOD}] {content}"








class Measured(TokenClock):
    def __init__(self):
        super().__init__()
        self.text = ""
        # What the person sees: this server shows only text its reply screen has cleared (whole
        # sentences); llama-server shows every token as it comes.
        self.visible_times = []
        self.visible = ""

    def shown(self, text):
        if text != self.visible:
            self.visible = text
            self.visible_times.append(time.monotonic())

    @property
    def visible_lag(self):
        """Seconds from the first token to the first visible text (nan if nothing was shown)."""
        return self.visible_times[0] - self.first if self.visible_times and self.first else float("nan")

    @property
    def visible_gaps(self):
        return [b - a for a, b in zip(self.visible_times, self.visible_times[1:])]

    @property
    def ttft(self):
        return self.first - self.start

    @property
    def tps(self):
        tps = self.tokens_per_second()
        return float("nan") if tps is None else tps


# ---- llama-server (OpenAI-compatible streaming) ----
async def openai_turn(http, base, messages, max_tokens, temperature) -> Measured:
    m = Measured()
    body = {"messages": messages, "stream": True, "max_tokens": max_tokens, "temperature": temperature,
            "top_p": 0.95, "top_k": 40, "cache_prompt": True, **SAMPLER}
    async with http.post(f"{base}/v1/chat/completions", json=body) as r:
        r.raise_for_status()
        async for parsed in sse_chunks(r):
            delta = parsed["choices"][0].get("delta", {}).get("content")
            if delta:
                m.text += delta
                m.token()
                m.shown(m.text)
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
        await self.ws.send_json({"type": "chat_message", "content": content, "mood": MOOD})
        while True:
            msg = await self.ws.receive_json()
            if msg["type"] == "streaming_response":
                if msg["is_complete"]:
                    m.text = msg["partial_content"]
                else:
                    m.token()
                m.shown(msg["partial_content"])
            elif msg["type"] == "ai_typing" and not msg["is_typing"]:
                return m
            elif msg["type"] == "error":
                raise RuntimeError(msg)


class Target:
    """One server under test and the scenarios it takes part in."""

    def __init__(self, name, kind, url, scenarios):
        self.name, self.kind, self.url, self.scenarios = name, kind, url, scenarios
        self.samples = {"single": [], "conc4": [], "turns": []}


async def one_conversation(http, target, prompt, args, sysprompt):
    if target.kind == "ours":
        async with WsChat(http, target.url) as chat:
            return await chat.turn(prompt)
    return await openai_turn(http, target.url, [{"role": "system", "content": sysprompt},
                                                {"role": "user", "content": as_llama_user(prompt)}],
                             args.max_tokens, args.temperature)


async def ten_turns(http, target, args, sysprompt, first):
    turns = []
    if target.kind == "ours":
        async with WsChat(http, target.url) as chat:
            for content in [first] + FOLLOW_UPS:
                turns.append(await chat.turn(content))
    else:
        history = [{"role": "system", "content": sysprompt}]
        for content in [first] + FOLLOW_UPS:
            history.append({"role": "user", "content": as_llama_user(content)})
            m = await openai_turn(http, target.url, history, args.max_tokens, args.temperature)
            history.append({"role": "assistant", "content": m.text})
            turns.append(m)
    return turns


async def run_round(http, target, args, sysprompt, r):
    """Round r of the target's scenarios; every server runs its round while the others idle."""
    if "single" in target.scenarios:
        for prompt in PROMPTS:
            target.samples["single"].append(await one_conversation(http, target, opened(prompt, r, 0), args, sysprompt))
    if "conc4" in target.scenarios:
        started = time.monotonic()
        concurrent = await asyncio.gather(*(one_conversation(http, target, opened(p, r, 1), args, sysprompt)
                                            for p in PROMPTS))
        wall = time.monotonic() - started
        target.samples["conc4"].append((sum(m.tokens for m in concurrent) / wall,
                                        statistics.median(m.ttft for m in concurrent)))
    if "turns" in target.scenarios:
        target.samples["turns"].append(await ten_turns(http, target, args, sysprompt, opened(PROMPTS[0], r, 2)))


def summarise(target):
    s, results = target.samples, {}
    if s["single"]:
        results["single_ttft_ms"] = statistics.median(m.ttft for m in s["single"]) * 1000
        results["single_tps"] = statistics.median(m.tps for m in s["single"])
        results["visible_lag_ms"] = statistics.median(m.visible_lag for m in s["single"]) * 1000
        gaps = [g for m in s["single"] for g in m.visible_gaps]
        results["visible_gap_ms"] = statistics.median(gaps) * 1000 if gaps else float("nan")
        results["visible_updates"] = statistics.median(len(m.visible_times) for m in s["single"])
    if s["conc4"]:
        results["conc4_aggregate_tps"] = statistics.median(tps for tps, _ in s["conc4"])
        results["conc4_ttft_ms"] = statistics.median(ttft for _, ttft in s["conc4"]) * 1000
        results["conc4_rounds"] = [round(tps, 1) for tps, _ in s["conc4"]]
    if s["turns"]:
        results["turn1_ttft_ms"] = statistics.median(turns[0].ttft for turns in s["turns"]) * 1000
        results["turn10_ttft_ms"] = statistics.median(turns[-1].ttft for turns in s["turns"]) * 1000
    return results






async def main():
    p = argparse.ArgumentParser()
    p.add_argument("--app", default=os.path.join(ROOT, ".build/release/App"))
    p.add_argument("--llama-server", default=os.path.join(ROOT, ".cache/llama.cpp/bin/llama-server"))
    p.add_argument("--model", default=os.path.join(ROOT, ".cache/models/SmolLM2-135M-Instruct.Q4_1.gguf"))
    p.add_argument("--threads", type=int, default=os.cpu_count())
    p.add_argument("--ctx", type=int, default=4096, help="context per conversation (10 turns must fit)")
    p.add_argument("--max-tokens", type=int, default=200)
    p.add_argument("--temperature", type=float, default=0.7)
    p.add_argument("--rounds", type=int, default=3, help="rounds per server, interleaved; figures are medians")
    args = p.parse_args()
    sysprompt = system_prompt()
    logdir = tempfile.mkdtemp(prefix="bench-chat-")

    # All three servers run side by side, idle while another is measured, and the rounds take
    # turns (A B C, B C A, ...): on a shared 2-core machine the speed drifts by 10-20 % over
    # minutes, so measuring one server after the other would compare the drift, not the servers.
    procs, targets = [], []
    try:
        for np_ in (1, 4):
            port = free_port()
            log = open(os.path.join(logdir, f"llama-server-np{np_}.log"), "w")
            procs.append(start([args.llama_server, "-m", args.model, "--host", "127.0.0.1", "--port", str(port),
                                "-t", str(args.threads), "-c", str(args.ctx * np_), "-np", str(np_),
                                "--no-webui"], log=log))
            await wait_ready(f"http://127.0.0.1:{port}/health")
            scenarios = ("single", "turns") if np_ == 1 else ("conc4",)
            targets.append(Target(f"llama-server -np {np_}", "llama", f"http://127.0.0.1:{port}", scenarios))

        # This server twice: with its conversation sampler, and with the plain chain (no penalties,
        # DRY or min-p) as the reference for what the sampler costs. Replies run to the same cap
        # as llama-server's (no early end at a sentence past the target length).
        for name, plain in (("depressoAssist", False), ("depressoAssist plain sampler", True)):
            port = free_port()
            env = dict(os.environ, PORT=str(port), HOST="127.0.0.1", MODEL_PATH=args.model,
                       LLM_THREADS=str(args.threads), LLM_CONTEXT_SIZE=str(args.ctx), LLM_PARALLEL_SEQUENCES="4",
                       LLM_MAX_NEW_TOKENS=str(args.max_tokens), LLM_REPLY_TARGET_TOKENS=str(args.max_tokens),
                       LLM_TEMPERATURE=str(args.temperature),
                       CHAT_MESSAGES_PER_MINUTE="1000", RATE_CHAT_MESSAGES_PER_ADDRESS_PER_MINUTE="1000",
                       RATE_CHAT_MESSAGES_PER_MINUTE="1000",
                       DATABASE_URL=f"sqlite://{logdir}/bench-{int(plain)}.sqlite", STORAGE_DIR=f"{logdir}/uploads",
                       LOG_LEVEL="warning")
            if plain:
                env.update(LLM_REPEAT_PENALTY="1", LLM_MIN_P="0", LLM_DRY_MULTIPLIER="0")
            procs.append(start([args.app, "serve"], env=env, log=open(os.path.join(logdir, f"app-{int(plain)}.log"), "w")))
            await wait_ready(f"http://127.0.0.1:{port}/ready")
            targets.append(Target(name, "ours", f"ws://127.0.0.1:{port}/ws/chat/",
                                  ("single",) if plain else ("single", "conc4", "turns")))

        # llama-server closes the connection after each streamed reply although it advertises
        # keep-alive, so every request gets a new connection (for both servers, to keep it fair).
        connector = aiohttp.TCPConnector(force_close=True)
        async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=600), connector=connector) as http:
            for target in targets:  # warm-up: page in the model
                await one_conversation(http, target, "Hello.", args, sysprompt)
            for r in range(args.rounds):
                for target in targets[r % len(targets):] + targets[:r % len(targets)]:
                    await run_round(http, target, args, sysprompt, r)
    finally:
        for proc in procs:
            stop(proc)
    figures = {target.name: summarise(target) for target in targets}

    ours, ref1, ref4 = figures["depressoAssist"], figures["llama-server -np 1"], figures["llama-server -np 4"]
    print(f"\nchat benchmark: {os.path.basename(args.model)}, {args.threads} threads, max {args.max_tokens} tokens, "
          f"temperature {args.temperature}; medians over {args.rounds} interleaved rounds (logs: {logdir})")
    print(f"4 concurrent aggregate per round: ours {ours['conc4_rounds']}, llama-server -np 4 {ref4['conc4_rounds']}")
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
    plain = figures["depressoAssist plain sampler"]
    print(f"{'single tokens/s, sampler vs plain':34} {ours['single_tps']:15.1f} {plain['single_tps']:13.1f}"
          f" {ours['single_tps'] / plain['single_tps']:7.2f}  >= 0.95 (reference column: this server, plain chain)")
    print(f"what a person sees (single stream; llama-server shows raw tokens, this server only text its screen cleared):")
    for key, label in (("visible_lag_ms", "first visible text - first token (ms)"),
                       ("visible_gap_ms", "median gap between visible updates (ms)"),
                       ("visible_updates", "visible updates per reply")):
        print(f"{label:44} {ours[key]:8.1f} {ref1[key]:13.1f}" + ("  aim <= 300" if key == "visible_lag_ms" else ""))
    growth = ours["turn10_ttft_ms"] / ours["turn1_ttft_ms"]
    print(f"{'turn-10 / turn-1 TTFT (ours)':34} {growth:15.2f} {ref1['turn10_ttft_ms'] / ref1['turn1_ttft_ms']:13.2f}"
          f" {'':7}  <= 1.50")


if __name__ == "__main__":
    asyncio.run(main())
