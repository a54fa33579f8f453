#!/usr/bin/env python3
"""Chat and face analysis on the same cores: one reply streaming beside back-to-back video analyses.

bench/contention/run.sh starts this server twice, with the face-analysis threads at nice 0 (the
reference: everything at one priority) and at the configured value, and runs this against each.
Figures per server: a reply's tokens/s and time to first token alone and while videos are being
analysed, and a video analysis's seconds alone and beside the replies; then the share of its
speed alone each kept, and their sum (1.0 = the two shared the cores without waste).
"""
import argparse
import asyncio
import json
import os
import statistics
import sys
import time

import aiohttp

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "chat"))
import chat_bench  # noqa: E402  (WsChat: one conversation over the WebSocket)

PROMPT = "I have been feeling low and tired this week. What could help me?"


async def replies(http, url, label, count):
    """`count` single-turn conversations in a row; each opens with a different line (no cache hits)."""
    measured = []
    for index in range(count):
        async with chat_bench.WsChat(http, url) as chat:
            measured.append(await chat.turn(f"({label} {index}) {PROMPT}"))
    return statistics.median(m.tps for m in measured), statistics.median(m.ttft for m in measured) * 1000


async def analyse(http, base, video):
    form = aiohttp.FormData()
    form.add_field("video", video, filename="clip.mp4", content_type="video/mp4")
    started = time.monotonic()
    async with http.post(f"{base}/api/analysis/video", data=form) as response:
        await response.read()
        if response.status != 200:
            raise RuntimeError(f"video analysis answered {response.status}")
    return time.monotonic() - started


async def measure(base, video, count):
    url = base.replace("http", "ws", 1) + "/ws/chat/"
    async with aiohttp.ClientSession() as http:
        await replies(http, url, "warm-up", 2)
        tps_alone, ttft_alone = await replies(http, url, "alone", count)
        alone = [await analyse(http, base, video) for _ in range(count)]
        analysis_alone = statistics.median(alone[1:])

        stop = asyncio.Event()
        beside = []

        async def keep_analysing():
            async with aiohttp.ClientSession() as uploads:  # its own guest, as another person
                while not stop.is_set():
                    beside.append(await analyse(uploads, base, video))

        background = asyncio.create_task(keep_analysing())
        await asyncio.sleep(0.5)
        tps_beside, ttft_beside = await replies(http, url, "beside", count)
        stop.set()
        await background
    analysis_beside = statistics.median(beside)
    return {
        "tps_alone": tps_alone, "tps_beside": tps_beside, "ttft_alone": ttft_alone, "ttft_beside": ttft_beside,
        "analysis_alone": analysis_alone, "analysis_beside": analysis_beside, "analyses_beside": len(beside),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--target", action="append", required=True, help="label=http://host:port (repeatable)")
    parser.add_argument("--video", required=True)
    parser.add_argument("--count", type=int, default=6)
    args = parser.parse_args()
    video = open(args.video, "rb").read()
    results = {}
    for target in args.target:
        label, base = target.split("=", 1)
        results[label] = asyncio.run(measure(base, video, args.count))
    print(f"\ncontention benchmark: {os.path.basename(args.video)}, {args.count} replies per figure, medians")
    print(f"{'face threads':<16}{'reply tok/s alone':>18}{'beside':>9}{'TTFT ms alone':>15}{'beside':>9}"
          f"{'video s alone':>15}{'beside':>9}{'reply kept':>12}{'video kept':>12}{'sum':>7}")
    for label, r in results.items():
        reply_kept = r["tps_beside"] / r["tps_alone"]
        video_kept = r["analysis_alone"] / r["analysis_beside"]
        print(f"{label:<16}{r['tps_alone']:>18.1f}{r['tps_beside']:>9.1f}{r['ttft_alone']:>15.0f}{r['ttft_beside']:>9.0f}"
              f"{r['analysis_alone']:>15.2f}{r['analysis_beside']:>9.2f}{reply_kept:>12.2f}{video_kept:>12.2f}"
              f"{reply_kept + video_kept:>7.2f}")
    print(json.dumps(results))


if __name__ == "__main__":
    main()
