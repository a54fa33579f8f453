#!/usr/bin/env python3
"""Real-browser test of the web page in Public/ (issue #8).

Starts the server (debug build, throwaway SQLite and upload folder, in-process model), drives
Debian's chromium through chromedriver (W3C WebDriver over HTTP, standard library only) and
checks what a person would see: the greeting, a reply that streams in, reconnecting after a
drop, the earlier turns shown again (once) after a reload, a photo check-in with its chart, the
crisis help lines, a PHQ-9 and the timeline, the account flow (sign up, sign out, sign in with
the account's conversation back, export, delete), and the phone layout.

Screenshots go to .build/test-artifacts/browser/NN-name.png. Exit status 1 on any failure.

Environment (all optional): APP_BIN (default .build/debug/App), CHROMIUM_BIN, CHROMEDRIVER_BIN,
BROWSER_TEST_KEEP=1 keeps the temporary folder (database, server log, downloads),
BROWSER_TEST_LLM_THREADS (default 2).
"""

import base64
import datetime
import json
import os
import random
import shutil
import socket
import string
import subprocess
import sys
import tempfile
import time
import traceback
import urllib.error
import urllib.request

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
ARTIFACTS = os.path.join(ROOT, ".build", "test-artifacts", "browser")
MEDIA = os.path.join(ROOT, ".cache", "media")
ELEMENT_KEY = "element-6066-11e4-a52e-4f735466cecf"
ENTER = "\ue007"


class Failure(Exception):
    """An expectation about the page did not hold."""


def log(message):
    print(f"[browser] {message}", flush=True)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def http(method, url, body=None, timeout=60):
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(url, data=data, method=method,
                                     headers={"Content-Type": "application/json; charset=utf-8"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            raw = response.read()
            return response.status, (json.loads(raw) if raw else None)
    except urllib.error.HTTPError as error:
        raw = error.read()
        try:
            return error.code, json.loads(raw)
        except ValueError:
            return error.code, raw.decode(errors="replace")


# ---------------------------------------------------------------------------------------------
# A minimal W3C WebDriver client


class WebDriverError(Exception):
    pass


class Browser:
    def __init__(self, driver_url, session_id):
        self.base = f"{driver_url}/session/{session_id}"

    def call(self, method, path, body=None, timeout=60):
        status, answer = http(method, self.base + path, body if body is not None else ({} if method == "POST" else None),
                              timeout=timeout)
        value = answer.get("value") if isinstance(answer, dict) else answer
        if status != 200:
            detail = value.get("message", value) if isinstance(value, dict) else value
            raise WebDriverError(f"{method} {path}: HTTP {status}: {str(detail)[:500]}")
        return value

    def get(self, url):
        self.call("POST", "/url", {"url": url})

    def js(self, script, *args):
        return self.call("POST", "/execute/sync", {"script": script, "args": list(args)})

    def find(self, css):
        value = self.call("POST", "/element", {"using": "css selector", "value": css})
        return value[ELEMENT_KEY]

    def click(self, css):
        self.call("POST", f"/element/{self.find(css)}/click")

    def type(self, css, text):
        self.call("POST", f"/element/{self.find(css)}/value", {"text": text})

    def screenshot(self, path):
        png = base64.b64decode(self.call("GET", "/screenshot"))
        with open(path, "wb") as f:
            f.write(png)

    def set_window(self, width, height):
        self.call("POST", "/window/rect", {"width": width, "height": height})

    def browser_log(self):
        """Console and network messages since the last call (chromedriver's legacy log API)."""
        try:
            return self.call("POST", "/se/log", {"type": "browser"})
        except WebDriverError:
            return None

    def wait(self, description, script, *args, timeout=30.0, interval=0.1):
        """Runs `script` until it returns something truthy; returns that value."""
        deadline = time.monotonic() + timeout
        last = None
        while True:
            last = self.js(script, *args)
            if last:
                return last
            if time.monotonic() > deadline:
                raise Failure(f"timed out after {timeout:.0f} s waiting for {description}")
            time.sleep(interval)


def check(condition, message):
    if not condition:
        raise Failure(message)


# Scripts run in the page. `q(testid)` finds an element by data-testid.
Q = "const q = (id, root = document) => root.querySelector(`[data-testid=\"${id}\"]`);"


def visible(testid):
    return Q + f"const el = q('{testid}'); return !!el && !el.hidden && el.getClientRects().length > 0;"


# The chat's turns as shown: role, text (without the note), note, and whether it came from the stored history.
TURNS = """
    return [...document.querySelectorAll('#chat-log [data-testid="user-message"], #chat-log [data-testid="assistant-message"]')]
      .map(li => ({role: li.dataset.testid === 'user-message' ? 'user' : 'assistant',
                   text: li.querySelector('.msg-text').textContent, note: li.dataset.note || null,
                   mood: (li.querySelector('.msg-mood') || {}).textContent || null,
                   history: li.dataset.history === 'true'}));
"""


# ---------------------------------------------------------------------------------------------
# The scenarios


class Run:
    def __init__(self, browser, base_url, downloads):
        self.b = browser
        self.base_url = base_url
        self.downloads = downloads
        self.today = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d")
        self.timings = {}
        self.screenshots = []
        self.shot_number = 0

    def shot(self, name):
        self.shot_number += 1
        path = os.path.join(ARTIFACTS, f"{self.shot_number:02d}-{name}.png")
        try:
            self.b.screenshot(path)
            self.screenshots.append(path)
            log(f"screenshot {os.path.relpath(path, ROOT)}")
        except Exception as error:  # a screenshot never hides the real result
            log(f"screenshot {name} failed: {error}")

    def scroll_to(self, testid_or_id):
        self.b.js("const el = document.getElementById(arguments[0]) || document.querySelector(`[data-testid=\"${arguments[0]}\"]`);"
                  "el.scrollIntoView({block: 'start'}); window.scrollBy(0, -8);", testid_or_id)

    # 1 ----------------------------------------------------------------------------------------
    def load_page(self):
        started = time.monotonic()
        self.b.get(self.base_url + "/")
        title = self.b.js("return document.title;")
        check(title == "depressoAssist", f"page title is {title!r}, expected 'depressoAssist'")
        greeting = self.b.wait("the system_message greeting in the chat log",
                               Q + "const el = q('system-message'); return el && el.textContent.trim();", timeout=20)
        self.timings["greeting shown"] = time.monotonic() - started
        check(len(greeting) > 10, f"greeting too short: {greeting!r}")
        state = self.b.js(Q + "return q('chat-status').dataset.state;")
        check(state == "open", f"chat status is {state!r} after the greeting, expected 'open'")
        conversation = self.b.js("return localStorage.getItem('depressoAssist.conversationId');")
        check(conversation and len(conversation) >= 32, f"conversation id not kept in localStorage: {conversation!r}")
        kind = self.b.wait("the account state from GET /api/me",
                           Q + "const k = q('account-state').dataset.kind; return k !== 'unknown' && k;", timeout=10)
        check(kind == "guest", f"a first visit should be a guest account, the page shows {kind!r}")
        # The page uses only the page's own files: no inline script/style was needed (CSP).
        self.shot("greeting")
        log(f"greeting: {greeting!r}")

    # 2 ----------------------------------------------------------------------------------------
    def streaming_reply(self):
        self.b.js(Q + """
            window.__rec = []; window.__typing = [];
            const log = q('chat-log');
            const before = log.querySelectorAll('[data-testid="assistant-message"]').length;
            const record = () => {
              const all = log.querySelectorAll('[data-testid="assistant-message"]');
              if (all.length <= before) return;
              const li = all[all.length - 1];
              const text = li.querySelector('[data-testid="assistant-text"]').textContent;
              const last = window.__rec[window.__rec.length - 1];
              if (!last || last.text !== text || last.state !== li.dataset.state)
                window.__rec.push({t: performance.now(), text, state: li.dataset.state, note: li.dataset.note || null});
            };
            window.__obs = new MutationObserver(record);
            window.__obs.observe(log, {subtree: true, childList: true, characterData: true, attributes: true});
            const typing = q('typing-indicator');
            window.__typingObs = new MutationObserver(() => window.__typing.push({t: performance.now(), shown: !typing.hidden}));
            window.__typingObs.observe(typing, {attributes: true, attributeFilter: ['hidden']});
            window.__sentAt = performance.now();
        """)
        self.b.click("label[for='mood-tired']")
        checked = self.b.js("return document.getElementById('mood-tired').checked;")
        check(checked, "clicking the 'Tired' mood did not select it")
        self.b.type("[data-testid='chat-input']", "I had a long day at work and feel a bit tired.")
        self.b.js("window.__sentAt = performance.now();")
        self.b.click("[data-testid='chat-send']")
        user = self.b.wait("the user's own message bubble",
                           Q + "const all = document.querySelectorAll('[data-testid=\"user-message\"]');"
                               "return all.length && all[all.length - 1].textContent;", timeout=5)
        check("long day at work" in user and "feeling tired" in user, f"user bubble shows {user!r}")
        self.b.wait("the reply to complete (data-state=complete)",
                    "const r = window.__rec; return r.length && r[r.length - 1].state === 'complete';", timeout=90)
        self.b.wait("the typing indicator to be hidden at the end",
                    Q + "return q('typing-indicator').hidden;", timeout=10)
        rec = self.b.js("window.__obs.disconnect(); window.__typingObs.disconnect(); return window.__rec;")
        typing = self.b.js("return window.__typing;")
        sent_at = self.b.js("return window.__sentAt;")

        streaming = [r for r in rec if r["state"] == "streaming" and r["text"]]
        final = rec[-1]
        distinct = []
        for r in streaming:
            if not distinct or r["text"] != distinct[-1]["text"]:
                distinct.append(r)
        # The server streams only what its reply screen has cleared: whole sentences, one step each.
        check(len(distinct) >= 2, f"the reply appeared in {len(distinct)} distinct steps, expected it to stream in, "
                                  f"sentence by sentence (steps: {[r['text'] for r in distinct][:8]})")
        for r in distinct:
            shown = r["text"].rstrip()
            check(r["text"].rstrip(" ").endswith("\n") or shown[-1] in ".!?;\u2026" or ord(shown[-1]) > 0x2000,
                  f"a streamed step shows an unfinished sentence: {r['text']!r}")
        for previous, current in zip(distinct, distinct[1:]):
            check(current["text"].startswith(previous["text"]) and len(current["text"]) > len(previous["text"]),
                  f"a streamed step does not extend the previous one: {previous['text']!r} -> {current['text']!r}")
        if final["note"] != "replaced":
            # The closing message carries what the person keeps: the streamed text, or that text
            # without an unfinished sentence the token cap cut off (ReplyShaper), ending a sentence.
            last = distinct[-1]["text"]
            kept = final["text"].strip()
            check(final["text"].startswith(last) or (kept and last.startswith(kept) and (kept[-1] in ".!?\u2026\"')" or ord(kept[-1]) > 0x2000)),
                  f"the final reply {final['text']!r} is neither the last streamed text {last!r} nor it cut at a sentence end")
        check(final["text"].strip(), "the final reply is empty")
        check(any(t["shown"] for t in typing), "the typing indicator never appeared while the reply was generated")
        check(not typing[-1]["shown"], "the typing indicator's last change was to show it, not hide it")
        self.first_reply = final["text"]
        self.timings["first reply text"] = (distinct[0]["t"] - sent_at) / 1000
        self.timings["reply complete"] = (final["t"] - sent_at) / 1000
        log(f"reply streamed in {len(distinct)} steps, first text after {self.timings['first reply text']:.2f} s, "
            f"complete after {self.timings['reply complete']:.2f} s (note: {final['note']}): {final['text'][:80]!r}")
        busy = self.b.js(Q + "return q('chat-log').getAttribute('aria-busy');")
        check(busy == "false", f"chat log still aria-busy={busy!r} after the reply completed")
        self.shot("streamed-reply")

    # 3 ----------------------------------------------------------------------------------------
    def reconnect_after_drop(self):
        conversation = self.b.js("return localStorage.getItem('depressoAssist.conversationId');")
        turns_before = self.b.js(TURNS)
        self.b.js("""
            window.__wsUrls = [];
            const Original = window.WebSocket;
            window.WebSocket = class extends Original {
              constructor(url, protocols) { super(url, protocols); window.__wsUrls.push(String(url)); }
            };
            window.__reconnectStart = performance.now();
            window.depressoAssist.chat.socket.close();   // the connection drops
        """)
        self.b.wait("the status to say the connection was lost",
                    Q + "return q('chat-status').dataset.state === 'closed' || window.__wsUrls.length > 0;", timeout=5)
        self.b.wait("the chat to reconnect by itself", Q + "return window.__wsUrls.length > 0 && q('chat-status').dataset.state === 'open';",
                    timeout=15)
        urls = self.b.js("return window.__wsUrls;")
        after = self.b.js("return localStorage.getItem('depressoAssist.conversationId');")
        took = self.b.js("return (performance.now() - window.__reconnectStart) / 1000;")
        check(any(f"conversation_id={conversation}" in u for u in urls),
              f"the reconnect did not name the conversation {conversation}: {urls}")
        check(after == conversation, f"the server answered the reconnect with conversation {after}, expected {conversation}")
        greetings = self.b.js("return document.querySelectorAll('[data-testid=\"system-message\"]').length;")
        check(greetings == 1, f"the greeting was shown {greetings} times after a reconnect, expected once")
        self.timings["reconnect after drop"] = took
        status = self.b.js(Q + "return q('chat-status').textContent;")
        log(f"reconnected in {took:.2f} s to {urls[-1].split('/ws/')[1]} ({status})")
        time.sleep(0.5)  # a history request, if one were (wrongly) made, has answered by now
        turns_after = self.b.js(TURNS)
        check(turns_after == turns_before, f"a brief reconnect changed the turns on screen: {turns_before} -> {turns_after}")
        self.shot("reconnected")

        # A reload shows the conversation the assistant remembers: each earlier turn once.
        started = time.monotonic()
        self.b.get(self.base_url + "/")
        self.b.wait("the greeting after reloading", Q + "return q('chat-status').dataset.state === 'open' && !!q('system-message');",
                    timeout=20)
        turns = self.b.wait("the earlier turns after reloading",
                            TURNS.replace("return [", "const t = [") + "return t.length >= 2 && t;", timeout=10)
        self.timings["history after reload"] = time.monotonic() - started
        time.sleep(0.5)
        turns = self.b.js(TURNS)
        users = [t for t in turns if t["role"] == "user" and "long day at work" in t["text"]]
        replies = [t for t in turns if t["role"] == "assistant" and t["text"] == self.first_reply]
        check(len(users) == 1 and len(replies) == 1 and len(turns) == 2,
              f"after a reload the chat shows {turns}, expected the earlier message and the reply {self.first_reply!r} once each")
        check(turns[0] == users[0] and turns[1] == replies[0], f"the earlier turns are out of order: {turns}")
        check(users[0]["mood"] == "feeling tired", f"the earlier message's mood is shown as {users[0]['mood']!r}")
        check(all(t["history"] for t in turns), "the earlier turns are not marked as history")
        order = self.b.js(Q + "const log = q('chat-log'); return [...log.children].map(li => li.dataset.testid);")
        check(order[-1] == "system-message" and order.count("system-message") == 1,
              f"the greeting should follow the earlier turns once: {order}")
        after = self.b.js("return localStorage.getItem('depressoAssist.conversationId');")
        check(after == conversation, f"the reload opened conversation {after}, expected {conversation}")
        log(f"reload: {len(turns)} earlier turns shown again after {self.timings['history after reload']:.2f} s")
        self.shot("reloaded-history")

    # 4 ----------------------------------------------------------------------------------------
    def photo_checkin(self):
        photo = os.path.join(MEDIA, "astronaut.png")
        check(os.path.exists(photo), f"test photo missing: {photo} (run make setup)")
        self.scroll_to("checkin-section")
        self.b.js("""
            window.__progress = [];
            const wrap = document.getElementById('upload-progress-wrap');
            const bar = document.getElementById('upload-progress');
            window.__progressObs = new MutationObserver(() => window.__progress.push(
              {shown: !wrap.hidden, value: bar.hasAttribute('value') ? Number(bar.value) : null, label: wrap.textContent.trim()}));
            window.__progressObs.observe(wrap, {attributes: true, subtree: true, childList: true, characterData: true});
        """)
        self.b.type("[data-testid='media-input']", photo)
        self.b.wait("the Analyse button to be enabled", Q + "return !q('upload-submit').disabled;", timeout=5)
        started = time.monotonic()
        self.b.click("[data-testid='upload-submit']")
        emotion = self.b.wait("the analysis result (dominant emotion)",
                              Q + "const r = q('analysis-result'); const d = q('dominant-emotion');"
                                  "return !r.hidden && d && d.dataset.emotion;", timeout=60)
        self.timings["photo analysed"] = time.monotonic() - started
        check(emotion == "happy", f"dominant emotion shown is {emotion!r}, expected 'happy'")
        facts = self.b.js(Q + """
            const r = q('analysis-result');
            const chart = q('emotion-chart', r);
            return {
              dominant: q('dominant-emotion').textContent,
              chart: !!chart && chart.tagName.toLowerCase() === 'svg',
              bars: chart ? chart.querySelectorAll('rect.bar').length : 0,
              happyBar: chart && chart.querySelector('rect.bar-happy') ? Number(chart.querySelector('rect.bar-happy').getAttribute('width')) : 0,
              chartLabel: chart ? (chart.querySelector('title') || {}).textContent : '',
              micro: q('indicator-micro_expressions').dataset.measured,
              microText: q('indicator-micro_expressions').textContent,
              overall: q('indicator-overall_score').dataset.measured,
              risk: q('risk-level') && q('risk-level').dataset.risk,
              recommendations: q('recommendations') ? q('recommendations').children.length : 0,
              disclaimer: q('analysis-disclaimer').textContent,
              progressHidden: document.getElementById('upload-progress-wrap').hidden,
            };
        """)
        check("%" in facts["dominant"], f"no confidence shown with the dominant emotion: {facts['dominant']!r}")
        check(facts["chart"], "no emotion chart <svg> in the result")
        check(facts["bars"] == 7, f"the emotion chart has {facts['bars']} bars, expected 7")
        track = self.b.js(Q + "const t = q('emotion-chart', q('analysis-result')).querySelector('rect.bar-track');"
                              "return Number(t.getAttribute('width'));")
        check(facts["happyBar"] > 0.95 * track, f"the 'happy' bar is {facts['happyBar']} of {track} wide, expected nearly all of it")
        check("happy" in facts["chartLabel"], f"the chart's text alternative does not name the emotions: {facts['chartLabel']!r}")
        check(facts["micro"] == "false" and "Not measured" in facts["microText"] and "video" in facts["microText"],
              f"a photo's micro_expressions should show why it is not measured: {facts['microText']!r}")
        check(facts["overall"] == "true", "the overall score is not shown")
        check(facts["risk"] in ("low", "moderate", "high"), f"risk level shown: {facts['risk']!r}")
        check(facts["recommendations"] >= 1, "no recommendations shown")
        check("not a diagnosis" in facts["disclaimer"], f"no 'not a diagnosis' note: {facts['disclaimer']!r}")
        check(facts["progressHidden"], "the upload progress bar is still shown after the result")
        progress = self.b.js("window.__progressObs.disconnect(); return window.__progress;")
        check(any(p["shown"] for p in progress), "no upload progress was shown while uploading")
        check(any(p["value"] == 100 or "Analysing" in p["label"] for p in progress),
              f"the progress never reached 100 % / 'Analysing': {progress[-5:]}")
        log(f"photo: {facts['dominant'].strip()}, risk {facts['risk']}, took {self.timings['photo analysed']:.2f} s")
        baseline = self.b.js(Q + "const b = q('baseline'); return b && !b.closest('[hidden]') && b.textContent;")
        check(baseline and "3 more check-ins" in baseline, f"the first check-in does not say how many more are needed: {baseline!r}")
        self.scroll_to("analysis-result")
        self.shot("photo-checkin")

        # A short video: expressivity (micro_expressions) is measured for videos.
        self.b.type("[data-testid='media-input']", os.path.join(MEDIA, "single_face.mp4"))
        started = time.monotonic()
        self.b.click("[data-testid='upload-submit']")
        video = self.b.wait("the video analysis result",
                            Q + "const r = q('analysis-result'); const h = r.querySelector('h3');"
                                "return !r.hidden && h && h.textContent.includes('video') && "
                                "{micro: q('indicator-micro_expressions').dataset.measured, emotion: q('dominant-emotion').dataset.emotion,"
                                " bars: r.querySelectorAll('[data-testid=\"emotion-chart\"] rect.bar').length};", timeout=60)
        self.timings["video analysed"] = time.monotonic() - started
        check(video["micro"] == "true", "a video's expressivity (micro_expressions) is not shown as measured")
        check(video["bars"] == 7, f"the video's emotion chart has {video['bars']} bars")
        log(f"video: mostly {video['emotion']}, took {self.timings['video analysed']:.2f} s")

        # Cues the server calls high come with its support message and the help lines.
        self.b.type("[data-testid='media-input']", os.path.join(MEDIA, "45-m7-di-ph.jpg"))
        self.b.click("[data-testid='upload-submit']")
        support = self.b.wait("the support message of a high-cue photo",
                              Q + "const s = q('analysis-support'); return s && !q('analysis-result').hidden && "
                                  "{text: s.textContent, risk: q('risk-level').dataset.risk};", timeout=30)
        check(support["risk"] == "high", f"expected risk 'high' for this photo, the page shows {support['risk']!r}")
        check("not a diagnosis" in support["text"], f"support message not shown: {support['text']!r}")
        self.b.wait("the help lines for a high-cue photo", visible("crisis-panel"), timeout=5)
        check("988" in self.b.js(Q + "return q('crisis-panel').textContent;"), "the help lines lack 988")
        self.b.click("[data-testid='crisis-dismiss']")
        self.b.wait("the help lines to hide", Q + "return q('crisis-panel').hidden;", timeout=5)

        # Over 50 MB is refused before anything is sent.
        big = os.path.join(self.downloads, "..", "too-big.mp4")
        with open(big, "wb") as f:
            f.truncate(50 * 1024 * 1024 + 1)
        self.b.type("[data-testid='media-input']", os.path.abspath(big))
        refused = self.b.wait("the 50 MB limit message",
                              Q + "const s = q('upload-status'); return s.dataset.kind === 'error' && s.textContent;", timeout=5)
        check("50 MB" in refused, f"unexpected message for a too-large file: {refused!r}")
        check(self.b.js(Q + "return q('upload-submit').disabled;"), "the Analyse button is enabled for a file over 50 MB")

        # A photo without a face: the server's message is shown, not a result.
        self.b.type("[data-testid='media-input']", os.path.join(MEDIA, "free-mountain-vector-01.jpg"))
        self.b.click("[data-testid='upload-submit']")
        code = self.b.wait("the no-face error message",
                           Q + "const s = q('upload-status'); return s.dataset.kind === 'error' && s.dataset.code;", timeout=30)
        check(code == "no_face_detected", f"upload error code {code!r}, expected no_face_detected")
        message = self.b.js(Q + "return q('upload-status').textContent;")
        check("face" in message.lower(), f"the no-face message does not explain itself: {message!r}")

    # 5 ----------------------------------------------------------------------------------------
    def crisis_message(self):
        self.scroll_to("chat-section")
        before = self.b.js("return document.querySelectorAll('[data-testid=\"assistant-message\"]').length;")
        self.b.type("[data-testid='chat-input']", "I want to kill myself tonight" + ENTER)  # Enter sends
        started = time.monotonic()
        self.b.wait("the crisis help lines panel to become visible", visible("crisis-panel"), timeout=30)
        self.timings["crisis panel shown"] = time.monotonic() - started
        panel = self.b.js(Q + """
            const p = q('crisis-panel');
            return {
              role: p.getAttribute('role'),
              text: p.textContent,
              resources: p.querySelectorAll('[data-testid="crisis-resource"]').length,
              tel: [...p.querySelectorAll('a[href^="tel:"]')].map(a => a.getAttribute('href')),
              sms: [...p.querySelectorAll('a[href^="sms:"]')].map(a => a.getAttribute('href')),
              urls: [...p.querySelectorAll('a[href^="http"]')].map(a => a.getAttribute('href')),
              top: p.getBoundingClientRect().top,
            };
        """)
        check(panel["role"] == "alert", f"crisis panel role is {panel['role']!r}, expected 'alert'")
        check(panel["resources"] >= 1, "the crisis panel lists no resources")
        check("988" in panel["text"], "the crisis panel does not mention 988")
        check("please call 911" in panel["text"], "the crisis panel does not give the region's emergency number")
        check("tel:988" in panel["tel"], f"no tel:988 link in the crisis panel: {panel['tel']}")
        check(panel["sms"], "no sms: link in the crisis panel")
        check(panel["urls"], "no web link in the crisis panel")
        reply = self.b.wait("the fixed support reply to complete",
                            "const all = document.querySelectorAll('[data-testid=\"assistant-message\"]');"
                            "const li = all[all.length - 1];"
                            "return all.length > arguments[0] && li.dataset.state === 'complete' && "
                            "{note: li.dataset.note || null, text: li.textContent};", before, timeout=30)
        check(reply["note"] == "safety_reply", f"the crisis reply's note is {reply['note']!r}, expected 'safety_reply'")
        notice = self.b.js(Q + "return !!q('crisis-notice');")
        check(notice, "no pointer to the help lines in the chat log")
        log(f"crisis panel: {panel['resources']} resources, tel {panel['tel']}, shown after "
            f"{self.timings['crisis panel shown']:.2f} s")
        self.b.js("window.scrollTo(0, 0);")
        self.shot("crisis-help-lines")
        # It stays until dismissed.
        time.sleep(0.5)
        check(self.b.js(visible("crisis-panel")), "the crisis panel hid itself without being dismissed")
        self.b.click("[data-testid='crisis-dismiss']")
        self.b.wait("the crisis panel to hide after 'dismiss'", Q + "return q('crisis-panel').hidden;", timeout=5)

    # 6 ----------------------------------------------------------------------------------------
    def phq9_and_timeline(self):
        answers = [2, 2, 1, 1, 2, 1, 2, 1, 0]  # score 12, item 9 = 0
        self.scroll_to("phq-section")
        self.b.click("label[for='phq-kind-9']")
        # Submitting with questions left is refused on the page.
        self.b.click("[data-testid='phq-submit']")
        status = self.b.wait("the 'answer every question' message",
                             Q + "const s = q('phq-status'); return s.dataset.kind === 'error' && s.textContent;", timeout=5)
        check("9 left" in status, f"unexpected message for an empty questionnaire: {status!r}")
        for item, answer in enumerate(answers, start=1):
            self.b.click(f"label[for='phq-q{item}-{answer}']")
        chosen = self.b.js("return [...Array(9).keys()].map(i => "
                           "Number((document.querySelector(`input[name=\"phq-q${i + 1}\"]:checked`) || {value: -1}).value));")
        check(chosen == answers, f"the form holds {chosen}, expected {answers}")
        started = time.monotonic()
        self.b.click("[data-testid='phq-submit']")
        result = self.b.wait("the PHQ-9 score",
                             Q + "const r = q('phq-result'); const s = q('phq-score');"
                                 "return !r.hidden && s && {score: s.dataset.score, severity: s.dataset.severity,"
                                 " label: q('phq-severity').textContent, text: r.textContent};", timeout=15)
        check(result["score"] == "12", f"PHQ-9 score shown {result['score']!r}, expected 12 ({result['text']!r})")
        check(result["label"] == "Moderate", f"severity shown {result['label']!r}, expected 'Moderate'")
        check(not self.b.js(visible("crisis-panel")), "item 9 = 0 must not open the crisis panel")
        point = self.b.wait(f"a PHQ-9 point for today ({self.today}) on the timeline",
                            "const p = document.querySelector(`[data-testid=\"timeline-phq9-point\"][data-date=\"${arguments[0]}\"]`);"
                            "return p && {score: p.dataset.score, cy: Number(p.getAttribute('cy'))};", self.today, timeout=15)
        self.timings["questionnaire to timeline point"] = time.monotonic() - started
        check(point["score"] == "12", f"today's timeline point has score {point['score']!r}, expected 12")
        chart = self.b.js(Q + """
            const svg = q('timeline-svg');
            return {
              role: svg.getAttribute('role'), label: svg.getAttribute('aria-label'),
              analyses: svg.querySelectorAll('[data-testid="timeline-analysis-point"]').length,
              tired: !!svg.querySelector(`[data-testid="timeline-mood"][data-mood="tired"][data-date="${arguments[0]}"]`),
              table: document.getElementById('timeline-table').textContent,
            };
        """, self.today)
        check(chart["role"] == "img" and "PHQ-9" in (chart["label"] or "") and "12" in chart["label"],
              f"the timeline's text alternative does not describe the score: {chart['label']!r}")
        check(chart["analyses"] >= 1, "the photo check-in is not on the timeline")
        check(chart["tired"], "the 'tired' mood sent with the chat message is not on the timeline")
        check(self.today in chart["table"] and "PHQ-9 12" in chart["table"], "the timeline table does not list today's PHQ-9")
        log(f"PHQ-9 12 ({result['label']}); timeline: {chart['label']}")
        self.b.js("document.getElementById('timeline-table-wrap').open = true;")
        self.scroll_to("phq-result")
        self.shot("phq9-result")
        self.scroll_to("timeline-section")
        self.shot("timeline")

        # PHQ-2: the two-question screen.
        self.scroll_to("phq-section")
        self.b.click("label[for='phq-kind-2']")
        hidden = self.b.js("return document.getElementById('phq-item-3').hidden && !document.getElementById('phq-item-2').hidden;")
        check(hidden, "choosing PHQ-2 does not leave exactly the first two questions")
        self.b.click("label[for='phq-q1-2']")
        self.b.click("label[for='phq-q2-2']")
        self.b.click("[data-testid='phq-submit']")
        phq2 = self.b.wait("the PHQ-2 score", Q + "const s = q('phq-score'); return s && s.textContent.includes('PHQ-2') && "
                                                 "{score: s.dataset.score, severity: s.dataset.severity};", timeout=15)
        check(phq2 == {"score": "4", "severity": "positive"}, f"PHQ-2 [2, 2] shows {phq2}, expected 4 / positive")
        self.b.wait("a PHQ-2 point for today",
                    "return !!document.querySelector(`[data-testid=\"timeline-phq2-point\"][data-date=\"${arguments[0]}\"]`);",
                    self.today, timeout=10)

        # PHQ-9 item 9 above 0 starts the crisis flow: the answer's `support` opens the help lines.
        self.b.click("label[for='phq-kind-9']")
        self.b.js("document.getElementById('phq-form').reset(); document.getElementById('phq-kind-9').checked = true;")
        for item in range(1, 10):
            self.b.click(f"label[for='phq-q{item}-{1 if item == 9 else 0}']")
        self.b.click("[data-testid='phq-submit']")
        self.b.wait("the help lines after item 9 > 0", visible("crisis-panel"), timeout=15)
        note = self.b.wait("the questionnaire's support message", Q + "const s = q('phq-support'); return s && s.textContent;", timeout=5)
        check("988" in self.b.js(Q + "return q('crisis-panel').textContent;"), "the help lines after item 9 lack 988")
        log(f"PHQ-2 4 (positive); PHQ-9 item 9 = 1 opened the help lines: {note[:70]!r}...")
        self.b.click("[data-testid='crisis-dismiss']")

        # GAD-7 beside them: scored in its bands, on the timeline, and progress in plain words.
        self.scroll_to("gad7-form")
        for item, answer in enumerate([2, 2, 2, 1, 1, 1, 1], start=1):  # 10: moderate
            self.b.click(f"label[for='gad7-q{item}-{answer}']")
        self.b.click("[data-testid='gad7-submit']")
        gad7 = self.b.wait("the GAD-7 score", Q + "const s = q('gad7-score'); return s && !q('gad7-result').hidden && "
                                                 "{score: s.dataset.score, severity: s.dataset.severity};", timeout=15)
        check(gad7 == {"score": "10", "severity": "moderate"}, f"GAD-7 shows {gad7}, expected 10 / moderate")
        self.b.wait("a GAD-7 point for today",
                    "return !!document.querySelector(`[data-testid=\"timeline-gad7-point\"][data-date=\"${arguments[0]}\"]`);",
                    self.today, timeout=10)
        progress = self.b.wait("the progress summaries",
                               Q + "const a = q('progress-phq9-summary'), b = q('progress-gad7-summary');"
                                   "return a && b && /GAD-7/.test(b.textContent) && {phq9: a.textContent, gad7: b.textContent,"
                                   " due: q('progress-gad7-due').textContent};", timeout=10)
        check("went from 12 to 1" in progress["phq9"], f"the PHQ-9 progress reads {progress['phq9']!r}")
        check("first GAD-7 score is 10" in progress["gad7"], f"the GAD-7 progress reads {progress['gad7']!r}")
        check("due" in progress["due"].lower(), f"no next check-in date: {progress['due']!r}")
        self.scroll_to("progress")
        self.shot("progress")
        log(f"GAD-7 10 (moderate); progress: {progress['phq9']!r} / {progress['gad7']!r}")

    # 6a ---------------------------------------------------------------------------------------
    def daily_log(self):
        """One tap a day: mood, an activity of one's own, hours of sleep; on the timeline at once."""
        self.scroll_to("daily-form")
        self.b.wait("the daily log's activity tags", "return document.querySelectorAll('[data-testid=\"daily-activity\"]').length > 0;",
                    timeout=10)
        self.b.click("[data-testid='daily-mood-4']")
        self.b.type("[data-testid='daily-activity-input']", "choir")
        self.b.click("[data-testid='daily-activity-add']")
        self.b.js("const s = document.querySelector('[data-testid=\"daily-sleep\"]'); s.value = '7.5';"
                  "s.dispatchEvent(new Event('input', {bubbles: true})); s.dispatchEvent(new Event('change', {bubbles: true}));")
        self.b.click("[data-testid='daily-save']")
        saved = self.b.wait("the daily log to be saved", Q + "const s = q('daily-status'); return s && s.dataset.replaced && s.textContent;",
                            timeout=10)
        point = self.b.wait("today's daily point on the timeline",
                            "const p = document.querySelector(`[data-testid=\"timeline-daily-point\"][data-date=\"${arguments[0]}\"]`);"
                            "return p && p.dataset.mood;", self.today, timeout=10)
        check(point == "4", f"today's daily point shows mood {point!r}, expected 4")
        entry = self.b.js("return fetch('/api/mood/daily?days=1', {credentials: 'same-origin'}).then(r => r.json());")
        today = (entry.get("entries") or [{}])[-1]
        check(today.get("mood") == 4 and "choir" in today.get("activities", []) and today.get("sleep_hours") == 7.5,
              f"the stored entry is {today}")
        log(f"daily log saved ({saved.strip()!r}): mood 4, choir, 7.5 h")

    # 6b ---------------------------------------------------------------------------------------
    def report_pdf(self):
        """The report a person brings to their doctor, printed to PDF by Chromium and read back."""
        # Another person's PHQ-9 of 23, which must appear nowhere in this person's report.
        status, _ = http("POST", self.base_url + "/api/questionnaires/phq9", {"answers": [3, 3, 3, 3, 3, 3, 3, 2, 0]})
        check(status == 201, f"another account's PHQ-9 answered {status}")
        self.b.get(self.base_url + "/report")
        self.b.wait("the report", "return document.querySelector('h1') && document.querySelector('h1').textContent;", timeout=10)
        pdf = base64.b64decode(self.b.call("POST", "/print", {"page": {"width": 21.0, "height": 29.7}, "background": True}))
        path = os.path.join(ARTIFACTS, "report.pdf")
        with open(path, "wb") as f:
            f.write(pdf)
        check(pdf.startswith(b"%PDF"), "the printed report is not a PDF")
        text = subprocess.run(["pdftotext", "-layout", path, "-"], capture_output=True, text=True, check=True).stdout
        check("summary for a clinician" in text, f"the PDF lacks its title: {text[:300]!r}")
        check("PHQ-9 (depression)" in text and "GAD-7 (anxiety)" in text, "the PDF lacks the questionnaire sections")
        check("Your PHQ-9 went from 12 to 1" in text, "the PDF lacks the PHQ-9 progress sentence")
        check("Your first GAD-7 score is 10" in text, "the PDF lacks the GAD-7 score")
        check("Method and limits" in text, "the PDF lacks the method's limits")
        check("Crisis events" in text, "the PDF lacks the crisis events section")
        check(" 23 " not in text and "\n23 " not in text, "another account's PHQ-9 of 23 is in this report")
        check("Print or save as PDF" not in text, "the print button is printed")
        log(f"report printed to PDF: {len(pdf)} bytes, {len(text.split())} words ({path})")
        self.b.get(self.base_url + "/")
        self.b.wait("the page again", Q + "return q('chat-status').dataset.state === 'open';", timeout=15)

    def sign_in(self, username, password):
        """Fills in and sends the page's sign-in form (the box for guest records as it stands)."""
        self.b.type("[data-testid='login-username']", username)
        self.b.type("[data-testid='login-password']", password)
        self.b.click("[data-testid='login-submit']")

    # 7 ----------------------------------------------------------------------------------------
    def account_flow(self):
        username = "tester_" + "".join(random.choices(string.ascii_lowercase + string.digits, k=8))
        password = "quiet evening walk 42"
        self.scroll_to("account-section")
        started = time.monotonic()

        # Sign up: the guest account becomes a named one and keeps its records.
        self.b.type("[data-testid='register-username']", username)
        self.b.type("[data-testid='register-password']", password)
        self.b.click("[data-testid='register-submit']")
        kind = self.b.wait("the registered state after sign-up",
                           Q + "const s = q('account-status'); const k = q('account-state').dataset.kind;"
                               "return (k === 'registered' || s.dataset.kind === 'error') && (s.dataset.kind === 'error' ? 'error: ' + s.textContent : k);",
                           timeout=20)
        check(kind == "registered", f"sign-up did not work: {kind}")
        check(username in self.b.js(Q + "return q('account-chip').textContent;"), "the header does not name the signed-in user")
        self.b.wait("the chat to reconnect after sign-up", Q + "return q('chat-status').dataset.state === 'open';", timeout=15)
        shown = self.b.js(TURNS)
        self.shot("signed-up")

        # Export: a JSON file with this account's records.
        self.b.click("[data-testid='export-button']")
        self.b.wait("the export to finish", Q + "return q('account-status').dataset.exported === 'true';", timeout=15)
        exported = None
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and exported is None:
            for name in os.listdir(self.downloads):
                if name.startswith("depressoassist-export-") and name.endswith(".json"):
                    with open(os.path.join(self.downloads, name)) as f:
                        exported = json.load(f)
            time.sleep(0.2)
        check(exported is not None, f"no export file was downloaded into {self.downloads}")
        check(exported["account"]["username"] == username, f"export is of {exported['account'].get('username')!r}")
        kinds = [q["kind"] for q in exported.get("questionnaires", [])]
        check("phq9" in kinds, f"the export lacks the PHQ-9 answered as a guest: {kinds}")
        check(len(exported.get("analyses", [])) >= 1, "the export lacks the photo check-in")
        messages = sum(len(c.get("messages", [])) for c in exported.get("conversations", []))
        check(messages >= 2, f"the export holds {messages} chat messages, expected the conversation")

        # Sign out: a new guest, a fresh conversation, nothing of the old account on screen.
        self.b.click("[data-testid='logout-button']")
        self.b.wait("the guest state after sign-out", Q + "return q('account-state').dataset.kind === 'guest';", timeout=15)
        self.b.wait("a new greeting after sign-out",
                    Q + "return q('chat-status').dataset.state === 'open' && !!q('system-message') && "
                        "document.querySelectorAll('[data-testid=\"user-message\"]').length === 0;", timeout=15)
        time.sleep(0.5)
        guest_turns = self.b.js(TURNS)
        check(guest_turns == [], f"the new guest's chat is not empty after sign-out: {guest_turns}")
        self.b.wait("an empty timeline for the new guest",
                    "return document.querySelectorAll('[data-testid=\"timeline-phq9-point\"]').length === 0 && "
                    "document.getElementById('timeline-chart').dataset.state === 'ready';", timeout=10)

        # A wrong password is refused with the server's message.
        self.sign_in(username, "not the password at all")
        error = self.b.wait("the wrong-password message",
                            Q + "const s = q('account-status'); return s.dataset.kind === 'error' && s.textContent;", timeout=15)
        check(self.b.js(Q + "return q('account-state').dataset.kind;") == "guest", "a wrong password signed in")

        # Sign in: the account's records come back. This guest only opened the chat, so there is
        # nothing to bring along (the box is ticked by default) and the account's conversation shows.
        self.b.js("document.getElementById('login-form').reset();")
        check(self.b.js(Q + "return q('login-guest-records').checked;"), "the box to bring guest records along is not ticked")
        self.sign_in(username, password)
        self.b.wait("the registered state after sign-in", Q + "return q('account-state').dataset.kind === 'registered';", timeout=20)
        signed_in = self.b.js(Q + "return q('account-status').textContent;")
        check("Brought into" not in signed_in, f"the sign-in message claims guest records were brought along: {signed_in!r}")
        self.b.wait("today's PHQ-9 back on the timeline after sign-in",
                    "return !!document.querySelector(`[data-testid=\"timeline-phq9-point\"][data-date=\"${arguments[0]}\"]`);",
                    self.today, timeout=15)
        self.b.wait("the chat to reconnect after sign-in", Q + "return q('chat-status').dataset.state === 'open';", timeout=15)
        greeting = self.b.js(Q + "return q('system-message').textContent;")
        # The account's conversation comes back: the messages sent as a guest, the crisis reply
        # as the written support message.
        self.b.wait("the account's earlier messages after sign-in",
                    TURNS.replace("return [", "const t = [") + "return t.length >= arguments[0] && t;", len(shown), timeout=10)
        time.sleep(0.5)
        back = self.b.js(TURNS)
        check(back == [dict(t, history=True) for t in shown],
              f"after sign-in the chat shows {back}, expected the account's earlier turns {shown}")
        check(any(t["role"] == "user" and "long day at work" in t["text"] for t in back)
              and any(t["note"] == "safety_reply" for t in back),
              f"the earlier message or the support reply is missing after sign-in: {back}")
        self.shot("signed-in")

        # What a guest said comes along when signing in with the box ticked: sign out, write as the
        # new guest, sign in again; the chat goes on with the guest's conversation.
        self.b.click("[data-testid='logout-button']")
        self.b.wait("the guest state after the second sign-out",
                    Q + "return q('account-state').dataset.kind === 'guest' && q('chat-status').dataset.state === 'open' && "
                        "!!q('system-message') && document.querySelectorAll('[data-testid=\"user-message\"]').length === 0;",
                    timeout=15)
        self.scroll_to("chat-section")
        self.b.type("[data-testid='chat-input']", "Writing this as a guest before I sign in.")
        self.b.click("[data-testid='chat-send']")
        self.b.wait("the guest's reply to complete",
                    Q + "return q('typing-indicator').hidden && "
                        "document.querySelectorAll('[data-testid=\"assistant-message\"][data-state=\"complete\"]').length === 1;",
                    timeout=60)
        self.scroll_to("account-section")
        self.sign_in(username, password)
        status = self.b.wait("the sign-in message naming what came along",
                             Q + "const s = q('account-status'); return q('account-state').dataset.kind === 'registered' && "
                                 "s.textContent.startsWith('Signed in') && s.textContent;", timeout=20)
        check("Brought into your account from this browser: your conversation" in status,
              f"the sign-in message does not say the guest's conversation came along: {status!r}")
        self.b.wait("the chat to reconnect after bringing the guest's conversation",
                    Q + "return q('chat-status').dataset.state === 'open';", timeout=15)
        time.sleep(0.5)
        continued = self.b.js(TURNS)
        check(any(t["role"] == "user" and "as a guest before I sign in" in t["text"] for t in continued)
              and not any("long day at work" in t["text"] for t in continued),
              f"after signing in with the guest's conversation the chat shows {continued}")

        # Delete: a confirm step, then everything is gone and a new guest starts.
        self.b.click("[data-testid='delete-button']")
        self.b.wait("the delete confirmation", visible("delete-confirm"), timeout=5)
        focused = self.b.js("return document.activeElement && document.activeElement.dataset.testid;")
        check(focused == "delete-confirm-button", f"focus is on {focused!r}, expected the confirm button")
        self.shot("delete-confirm")
        self.b.click("[data-testid='delete-confirm-button']")
        self.b.wait("the guest state after deleting the account", Q + "return q('account-state').dataset.kind === 'guest';", timeout=20)
        self.b.wait("an empty timeline after deletion",
                    "return document.querySelectorAll('[data-testid=\"timeline-phq9-point\"]').length === 0 && "
                    "document.getElementById('timeline-chart').dataset.state === 'ready';", timeout=10)
        status, answer = http("POST", self.base_url + "/api/auth/login", {"username": username, "password": password})
        check(status == 401, f"signing in to the deleted account answered {status}, expected 401")
        self.timings["account flow"] = time.monotonic() - started
        log(f"account flow as {username}: sign-up, export ({messages} messages), sign-out, wrong password "
            f"({error.strip()!r}), sign-in ({greeting.strip()[:40]!r}...), delete")

    # 7b ---------------------------------------------------------------------------------------
    def safety_plan_and_country(self):
        """A person in Germany writes a safety plan; in a crisis they see it first, then German lines."""
        self.scroll_to("account-section")
        self.b.wait("the country chooser to list countries",
                    "const s = document.querySelector('[data-testid=\"country-select\"]');"
                    "return s && [...s.options].some(o => o.value === 'DE');", timeout=15)
        self.b.js("const s = document.querySelector('[data-testid=\"country-select\"]'); s.value = 'DE';"
                  "s.dispatchEvent(new Event('change', {bubbles: true}));")
        self.b.wait("the country to be saved", Q + "const s = q('country-status'); return s && s.textContent.trim().length > 0;",
                    timeout=10)
        saved = self.b.js("return fetch('/api/me/settings', {credentials: 'same-origin'}).then(r => r.json());")
        check(saved.get("country") == "DE", f"the chosen country was not saved: {saved}")

        # The editor, step by step: a warning sign, a coping step, a person to call, a reason for living.
        self.b.click("[data-testid='safety-plan-open']")
        self.b.wait("the safety plan editor to open", visible("safety-plan-editor"), timeout=5)
        def add_text(key, text):
            self.b.type(f"[data-testid='plan-{key}-input']", text)
            self.b.click(f"[data-testid='plan-{key}-add']")
        add_text("warning_signs", "I stop answering my friends")
        self.b.click("[data-testid='plan-next']")
        add_text("coping_strategies", "Walk to the river and back")
        self.b.click("[data-testid='plan-next']")
        self.b.click("[data-testid='plan-next']")
        self.b.type("[data-testid='plan-people_to_ask-name']", "Lena")
        self.b.type("[data-testid='plan-people_to_ask-phone']", "+49 30 1234567")
        self.b.click("[data-testid='plan-people_to_ask-add']")
        for _ in range(3):
            self.b.click("[data-testid='plan-next']")
        add_text("reasons_for_living", "My brother's wedding in May")
        self.b.click("[data-testid='plan-save']")
        self.b.wait("the plan to be saved", Q + "const s = q('plan-status'); return s && /saved/i.test(s.textContent);", timeout=10)
        self.shot("safety-plan-saved")
        self.b.click("[data-testid='plan-close']")

        # A crisis message: the plan first, then German lines and Germany's emergency number.
        self.scroll_to("chat-section")
        self.b.type("[data-testid='chat-input']", "I don't want to be alive anymore" + ENTER)
        self.b.wait("the crisis panel with the plan", visible("crisis-safety-plan"), timeout=30)
        panel = self.b.js(Q + """
            const p = q('crisis-panel'), plan = q('crisis-safety-plan');
            return {text: p.textContent, plan: plan.textContent,
                    planFirst: !!(plan.compareDocumentPosition(q('crisis-resources')) & Node.DOCUMENT_POSITION_FOLLOWING),
                    tel: [...p.querySelectorAll('a[href^="tel:"]')].map(a => a.getAttribute('href'))};
        """)
        check("Lena" in panel["plan"] and "Walk to the river" in panel["plan"], f"the plan in the panel: {panel['plan'][:200]!r}")
        check(panel["planFirst"], "the safety plan is not shown before the help lines")
        check("tel:+49301234567" in panel["tel"], f"no tel: link for the person in the plan: {panel['tel']}")
        check("TelefonSeelsorge" in panel["text"], "the panel lacks the German line after choosing Germany")
        check("tel:08001110111" in panel["tel"], f"no tel: link to TelefonSeelsorge: {panel['tel']}")
        check("988" not in panel["text"], "the panel still shows the US line after choosing Germany")
        reply = self.b.wait("the fixed reply naming the plan",
                            "const all = document.querySelectorAll('[data-testid=\"assistant-message\"]');"
                            "const li = all[all.length - 1]; return li && li.dataset.state === 'complete' && li.textContent;",
                            timeout=30)
        check("safety plan" in reply, f"the fixed reply does not point to the plan: {reply[:200]!r}")
        self.b.js("window.scrollTo(0, 0);")
        self.shot("crisis-with-plan-germany")
        self.b.click("[data-testid='crisis-dismiss']")
        log("safety plan written in the editor, shown first in the crisis panel with German lines and 112")

    # 8 ----------------------------------------------------------------------------------------
    def phone_layout(self):
        self.b.set_window(390, 844)
        time.sleep(0.5)
        # A result on screen too: its chart and meters must fit the narrow column.
        self.b.type("[data-testid='media-input']", os.path.join(MEDIA, "single_face.jpg"))
        self.b.click("[data-testid='upload-submit']")
        self.b.wait("a photo result at phone width",
                    Q + "return !q('analysis-result').hidden && !!q('emotion-chart', q('analysis-result'));", timeout=30)
        self.b.click("label[for='phq-q1-3']")
        self.scroll_to("analysis-result")
        self.shot("phone-checkin")
        layout = self.b.js("""
            const chat = document.getElementById('chat-section').getBoundingClientRect();
            const side = document.getElementById('checkin-section').getBoundingClientRect();
            return {scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth,
                    chatBottom: chat.bottom, sideTop: side.top, chatWidth: chat.width, sideWidth: side.width};
        """)
        check(layout["scrollWidth"] <= layout["innerWidth"],
              f"the page scrolls sideways on a phone: {layout['scrollWidth']} px wide in a {layout['innerWidth']} px window")
        check(layout["sideTop"] >= layout["chatBottom"] - 1,
              f"not a single column on a phone: check-in starts at {layout['sideTop']}, chat ends at {layout['chatBottom']}")
        # Keyboard: on a fresh load, Tab reaches the skip link first, and it has a visible focus.
        self.b.get(self.base_url + "/")
        self.b.wait("the greeting after reloading", Q + "return !!q('system-message');", timeout=20)
        self.b.call("POST", f"/element/{self.b.find('body')}/value", {"text": "\ue004"})
        focus = self.b.js("const el = document.activeElement; const s = getComputedStyle(el);"
                          "return {cls: el.className, outline: s.outlineStyle, top: el.getBoundingClientRect().top};")
        check(focus["cls"] == "skip-link", f"the first Tab stop is {focus['cls']!r}, expected the skip link")
        check(focus["outline"] != "none" and focus["top"] >= 0, f"the focused skip link is not visible: {focus}")
        self.shot("phone")
        self.b.set_window(1280, 1000)


# ---------------------------------------------------------------------------------------------
# Processes


def start_server(app_bin, work):
    port = free_port()
    env = dict(os.environ)
    # Only this test's settings: a developer's own configuration (another region's help lines,
    # another model, a rate limit) must not change what the page is expected to show.
    for key in ("DATABASE_URL", "MODEL_PATH", "LLM_BACKEND", "LLM_CHAT_TEMPLATE", "LLM_CONTEXT_SIZE",
                "LLM_PARALLEL_SEQUENCES", "LLM_TEMPERATURE", "OPENAI_BASE_URL", "OPENAI_MODEL", "OPENAI_API_KEY",
                "OPENAI_TIMEOUT_SECONDS", "CHAT_MAX_MESSAGE_CHARS", "CHAT_MESSAGES_PER_MINUTE", "CRISIS_REGION",
                "CRISIS_RESOURCES_FILE", "FACE_MODELS_DIR", "MEDIA_RETENTION", "CORS_ALLOWED_ORIGINS",
                "MAX_UPLOAD_BYTES", "PUBLIC_DIR", "BCRYPT_COST", "TRUST_PROXY_HEADERS", "RATE_GUESTS_PER_MINUTE",
                "RATE_LOGINS_PER_MINUTE", "RATE_UPLOADS_PER_MINUTE", "RATE_UPLOADS_PER_ADDRESS_PER_MINUTE",
                "RATE_CHAT_MESSAGES_PER_MINUTE"):
        env.pop(key, None)
    env.update({
        "HOST": "127.0.0.1",
        "PORT": str(port),
        "DATABASE_URL": f"sqlite://{os.path.join(work, 'db.sqlite')}",
        "STORAGE_DIR": os.path.join(work, "uploads"),
        "LLM_THREADS": os.environ.get("BROWSER_TEST_LLM_THREADS", "2"),
        "LLM_MAX_NEW_TOKENS": "40",
        # Seeded sampling: the page sees the same replies on every run.
        "LLM_SEED": "20261205",
        "FACE_WORKERS": "1",
        "LOG_LEVEL": "info",
    })
    log_file = open(os.path.join(work, "server.log"), "wb")
    process = subprocess.Popen([app_bin, "serve"], cwd=ROOT, env=env, stdout=log_file, stderr=subprocess.STDOUT)
    base_url = f"http://127.0.0.1:{port}"
    started = time.monotonic()
    while True:
        if process.poll() is not None:
            raise Failure(f"the server exited with status {process.returncode} before it was ready")
        try:
            status, answer = http("GET", base_url + "/ready", timeout=5)
            if status == 200:
                return process, base_url, time.monotonic() - started
        except (urllib.error.URLError, ConnectionError, socket.timeout):
            pass
        if time.monotonic() - started > 60:
            raise Failure("the server was not ready within 60 s")
        time.sleep(0.25)


def start_browser(chromium, chromedriver, work):
    port = free_port()
    driver = subprocess.Popen([chromedriver, f"--port={port}"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    driver_url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 20
    while True:
        try:
            status, answer = http("GET", driver_url + "/status", timeout=2)
            if status == 200 and answer["value"]["ready"]:
                break
        except (urllib.error.URLError, ConnectionError, socket.timeout):
            pass
        if time.monotonic() > deadline or driver.poll() is not None:
            driver.kill()
            raise Failure("chromedriver did not start")
        time.sleep(0.1)
    downloads = os.path.join(work, "downloads")
    os.makedirs(downloads, exist_ok=True)
    capabilities = {"capabilities": {"alwaysMatch": {
        "browserName": "chrome",
        "goog:chromeOptions": {
            "binary": chromium,
            "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     "--window-size=1280,1000", f"--user-data-dir={os.path.join(work, 'profile')}",
                     "--no-first-run", "--no-default-browser-check", "--disable-extensions",
                     "--disable-background-networking", "--disable-sync", "--lang=en-US"],
            "prefs": {"download.default_directory": downloads, "download.prompt_for_download": False},
        },
        "goog:loggingPrefs": {"browser": "ALL"},
        "timeouts": {"script": 30000, "pageLoad": 30000, "implicit": 0},
    }}}
    status, answer = http("POST", driver_url + "/session", capabilities, timeout=60)
    if status != 200:
        driver.kill()
        raise Failure(f"could not start chromium: {answer}")
    browser = Browser(driver_url, answer["value"]["sessionId"])
    # Headless chromium downloads only where it is told to.
    try:
        browser.call("POST", "/goog/cdp/execute", {"cmd": "Browser.setDownloadBehavior",
                                                    "params": {"behavior": "allow", "downloadPath": downloads}})
    except WebDriverError:
        pass
    # Smooth scrolling would move elements while WebDriver clicks them; the page honours
    # prefers-reduced-motion, so ask for that (the user setting, not a test-only switch).
    try:
        browser.call("POST", "/goog/cdp/execute", {"cmd": "Emulation.setEmulatedMedia", "params": {
            "features": [{"name": "prefers-reduced-motion", "value": "reduce"}]}})
    except WebDriverError as error:
        log(f"could not ask for reduced motion: {error}")
    return driver, browser, downloads


def stop(process, name):
    if process is None or process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        log(f"{name} did not stop; killing it")
        process.kill()
        process.wait()


def console_problems(entries):
    """Console errors and CSP violations the page caused (favicon and expected API errors aside)."""
    problems = []
    for entry in entries or []:
        message = entry.get("message", "")
        if "Content Security Policy" in message or "Content-Security-Policy" in message:
            problems.append(message)
        elif entry.get("level") == "SEVERE":
            # Answers the scenarios provoke on purpose: no face (422), wrong password (401).
            if "/api/analysis/image" in message and "422" in message:
                continue
            if "/api/auth/login" in message and "401" in message:
                continue
            problems.append(message)
    return problems


def main():
    started = time.monotonic()
    app_bin = os.environ.get("APP_BIN") or os.path.join(ROOT, ".build", "debug", "App")
    chromium = os.environ.get("CHROMIUM_BIN") or shutil.which("chromium") or shutil.which("chromium-browser")
    chromedriver = os.environ.get("CHROMEDRIVER_BIN") or shutil.which("chromedriver")
    missing = []
    if not os.access(app_bin, os.X_OK):
        missing.append(f"server binary {app_bin} (swift build --build-tests)")
    if not chromium:
        missing.append("chromium (Debian package chromium)")
    if not chromedriver:
        missing.append("chromedriver (Debian package chromium-driver)")
    if missing:
        log("cannot run: missing " + "; ".join(missing))
        return 1

    os.makedirs(ARTIFACTS, exist_ok=True)
    for name in os.listdir(ARTIFACTS):
        if name.endswith((".png", ".log")):
            os.remove(os.path.join(ARTIFACTS, name))
    work = tempfile.mkdtemp(prefix="depresso-browser-")
    server = driver = browser = None
    results = []
    run = None
    try:
        server, base_url, ready_after = start_server(app_bin, work)
        log(f"server ready at {base_url} after {ready_after:.1f} s")
        driver, browser, downloads = start_browser(chromium, chromedriver, work)
        run = Run(browser, base_url, downloads)
        run.timings["server ready"] = ready_after
        scenarios = [
            ("1 page loads, greeting shown", run.load_page),
            ("2 reply streams in, typing indicator", run.streaming_reply),
            ("3 reconnect after a drop and a reload keep the conversation", run.reconnect_after_drop),
            ("4 photo check-in and emotion chart", run.photo_checkin),
            ("5 crisis message shows help lines", run.crisis_message),
            ("6 PHQ-9 score and timeline", run.phq9_and_timeline),
            ("6a daily log in one tap", run.daily_log),
            ("6b report for a clinician, printed to PDF", run.report_pdf),
            ("7 sign up, export, sign out/in, delete", run.account_flow),
            ("7b safety plan and country in a crisis", run.safety_plan_and_country),
            ("8 phone layout and keyboard", run.phone_layout),
        ]
        for name, scenario in scenarios:
            t0 = time.monotonic()
            try:
                scenario()
                results.append((name, True, time.monotonic() - t0, ""))
                log(f"PASS {name} ({time.monotonic() - t0:.1f} s)")
            except (Failure, WebDriverError) as error:
                results.append((name, False, time.monotonic() - t0, str(error)))
                log(f"FAIL {name}: {error}")
                run.shot(f"FAILED-{name.split()[0]}")
                if isinstance(error, WebDriverError) or name.startswith("1 "):
                    break  # the page or the browser is unusable; later scenarios would only repeat it
        problems = console_problems(browser.browser_log())
        if problems:
            results.append(("console: no CSP violations or script errors", False, 0.0, "; ".join(problems)[:2000]))
            log("console problems:\n  " + "\n  ".join(problems))
        else:
            results.append(("console: no CSP violations or script errors", True, 0.0, ""))
    except Exception as error:
        traceback.print_exc()
        results.append(("set-up", False, 0.0, f"{type(error).__name__}: {error}"))
    finally:
        if browser is not None:
            try:
                browser.call("DELETE", "", timeout=15)
            except Exception:
                pass
        stop(driver, "chromedriver")
        stop(server, "server")
        failed = [r for r in results if not r[1]]
        if failed:
            server_log = os.path.join(work, "server.log")
            if os.path.exists(server_log):
                shutil.copy(server_log, os.path.join(ARTIFACTS, "server.log"))
                with open(server_log, errors="replace") as f:
                    tail = f.readlines()[-25:]
                log("server log (last lines):\n" + "".join(tail))
        if os.environ.get("BROWSER_TEST_KEEP") == "1":
            log(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)

    print()
    log("summary")
    for name, ok, took, detail in results:
        print(f"  {'PASS' if ok else 'FAIL'}  {name}" + (f"  ({took:.1f} s)" if took else "") + (f"\n        {detail}" if detail else ""))
    if run is not None:
        print("  timings: " + ", ".join(f"{k} {v:.2f} s" for k, v in run.timings.items()))
        print("  screenshots: " + (", ".join(os.path.relpath(p, ROOT) for p in run.screenshots) or "none"))
    print(f"  total {time.monotonic() - started:.1f} s")
    return 1 if any(not ok for _, ok, _, _ in results) else 0


if __name__ == "__main__":
    sys.exit(main())
