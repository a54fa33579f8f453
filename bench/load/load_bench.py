#!/usr/bin/env python3
"""Load benchmark: many WebSocket clients, a few of them chatting, for a bounded time.

bench/load/run.sh starts PostgreSQL, two llama-servers, two instances of this server and nginx,
then runs this against one instance directly and against both behind nginx. Each target gets
`--connections` sockets (each a new guest, as a browser without a cookie), of which `--chatting`
send a message, read the whole reply and send the next, for `--duration` seconds. Figures:
messages/s (complete replies), time to first token (send -> first streamed token) p50/p99,
errors (error messages, cut replies, timeouts, failed connects) and memory per connection (the
instances' RSS after connecting all sockets minus before, over the number of sockets).
"""
import argparse
import asyncio
import json
import statistics
import time

import aiohttp

PROMPTS = [
    "I have been feeling tired and low this week.",
    "Work has been stressful and I sleep badly.",
    "I miss my friends since I moved.",
    "Mornings are the hardest part of my day.",
]
STEP_TIMEOUT = 60


def rss_bytes(pids):
    total = 0
    for pid in pids:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1]) * 1024
    return total


def percentile(values, fraction):
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


async def open_socket(http, ws_url, errors):
    try:
        async with asyncio.timeout(STEP_TIMEOUT):
            ws = await http.ws_connect(ws_url, heartbeat=None, max_msg_size=1 << 22)
            message = await ws.receive()
            if message.type != aiohttp.WSMsgType.TEXT or json.loads(message.data).get("type") != "system_message":
                raise ConnectionError("no greeting")
            return ws
    except Exception:
        errors["connect"] = errors.get("connect", 0) + 1
        return None


async def chat_loop(ws, index, deadline, ttfts, done, errors):
    turn = 0
    while time.monotonic() < deadline:
        sent = time.monotonic()
        first = None
        try:
            async with asyncio.timeout(STEP_TIMEOUT):
                await ws.send_str(json.dumps({"type": "chat_message", "mood": "sad",
                                              "content": f"{PROMPTS[(index + turn) % len(PROMPTS)]} ({index}.{turn})"}))
                while True:
                    message = await ws.receive()
                    if message.type != aiohttp.WSMsgType.TEXT:
                        errors["closed"] = errors.get("closed", 0) + 1
                        return
                    data = json.loads(message.data)
                    kind = data.get("type")
                    if kind == "streaming_response":
                        if first is None and not data.get("is_complete"):
                            first = time.monotonic()
                        if data.get("is_complete"):
                            if data.get("note") is None:
                                done.append(time.monotonic())
                            else:
                                errors["reply_" + data["note"]] = errors.get("reply_" + data["note"], 0) + 1
                    elif kind == "error":
                        errors[data.get("code", "error")] = errors.get(data.get("code", "error"), 0) + 1
                    elif kind == "ai_typing" and not data.get("is_typing"):
                        break
        except asyncio.TimeoutError:
            errors["timeout"] = errors.get("timeout", 0) + 1
            return
        if first is not None:
            ttfts.append(first - sent)
        turn += 1


async def measure(name, base, pids, connections, chatting, duration):
    ws_url = base.replace("http://", "ws://") + "/ws/chat/"
    errors = {}
    connector = aiohttp.TCPConnector(limit=0)
    async with aiohttp.ClientSession(connector=connector) as http:
        await asyncio.sleep(1)
        before = rss_bytes(pids)
        sockets = []
        for start in range(0, connections, 25):  # in waves, as people arrive
            batch = await asyncio.gather(*[open_socket(http, ws_url, errors)
                                           for _ in range(start, min(connections, start + 25))])
            sockets += [ws for ws in batch if ws is not None]
        await asyncio.sleep(1)
        after = rss_bytes(pids)
        per_connection = (after - before) / max(1, len(sockets))

        ttfts, done = [], []
        started = time.monotonic()
        deadline = started + duration
        await asyncio.gather(*[chat_loop(ws, i, deadline, ttfts, done, errors)
                               for i, ws in enumerate(sockets[:chatting])])
        elapsed = time.monotonic() - started
        peak = rss_bytes(pids)
        await asyncio.gather(*[ws.close() for ws in sockets], return_exceptions=True)

    result = {
        "target": name, "connections": len(sockets), "chatting": min(chatting, len(sockets)),
        "duration_s": round(elapsed, 1), "replies": len(done),
        "messages_per_s": round(len(done) / elapsed, 2),
        "ttft_p50_ms": round(percentile(ttfts, 0.5) * 1000), "ttft_p99_ms": round(percentile(ttfts, 0.99) * 1000),
        "errors": errors, "rss_before_mb": round(before / 2**20, 1), "rss_connected_mb": round(after / 2**20, 1),
        "rss_chatting_mb": round(peak / 2**20, 1), "kb_per_connection": round(per_connection / 1024, 1),
    }
    print(json.dumps(result), flush=True)
    return result


async def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--single", required=True, help="base URL of one instance")
    parser.add_argument("--single-pid", type=int, required=True)
    parser.add_argument("--cluster", required=True, help="base URL of nginx before both instances")
    parser.add_argument("--cluster-pids", type=int, nargs="+", required=True)
    parser.add_argument("--connections", type=int, default=200)
    parser.add_argument("--chatting", type=int, default=20)
    parser.add_argument("--duration", type=float, default=30)
    args = parser.parse_args()
    results = [
        await measure("one instance", args.single, [args.single_pid], args.connections, args.chatting, args.duration),
        await measure("two instances behind nginx", args.cluster, args.cluster_pids, args.connections, args.chatting,
                      args.duration),
    ]
    print()
    print(f"{'target':28} {'conns':>5} {'chat':>4} {'msg/s':>6} {'TTFT p50':>9} {'TTFT p99':>9} {'KB/conn':>8}  errors")
    for r in results:
        print(f"{r['target']:28} {r['connections']:>5} {r['chatting']:>4} {r['messages_per_s']:>6} "
              f"{r['ttft_p50_ms']:>7}ms {r['ttft_p99_ms']:>7}ms {r['kb_per_connection']:>8}  {r['errors'] or 'none'}")


if __name__ == "__main__":
    asyncio.run(main())
