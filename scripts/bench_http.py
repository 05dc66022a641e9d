#!/usr/bin/env python3
"""Helpers for scripts/bench-http.sh (Python 3 standard library only).

  login BASE USER PASSWORD        prints the session cookie ("yb_session=…")
  check BASE COOKIE PATH MARKER   the page answers 200 and contains MARKER
                                  (several markers joined by "&&": all of them)
  first-case BASE COOKIE LIST     the path of the first case linked from LIST
  first-link BASE COOKIE PAGE PREFIX  the first link on PAGE under PREFIX + an id
  option BASE COOKIE PAGE SELECT LABEL  the value of the option LABEL of SELECT
  writes BASE TOTAL THREADS       letters and mediation applications, each
                                  after a GET of its form; prints JSON
  table RESULTS SMALL LARGE       the Markdown table from the results file
"""

import http.client
import json
import re
import sys
import threading
import time
import urllib.parse
import uuid

UUID = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"


def request(base, method, path, body=None, headers=None):
    url = urllib.parse.urlsplit(base)
    conn = http.client.HTTPConnection(url.hostname, url.port, timeout=60)
    conn.request(method, path, body=body, headers=headers or {})
    res = conn.getresponse()
    data = res.read().decode("utf-8", "replace")
    cookies = {}
    for name, value in res.getheaders():
        if name.lower() == "set-cookie":
            pair = value.split(";", 1)[0]
            k, _, v = pair.partition("=")
            cookies[k.strip()] = v.strip()
    conn.close()
    return res.status, data, cookies


def field(html, name):
    m = re.search(r'name="%s" value="([^"]*)"' % re.escape(name), html)
    return m.group(1) if m else ""


def first_option(html, select_name):
    start = html.find('name="%s"' % select_name)
    m = re.compile(r'<option value="(%s)"' % UUID).search(html, max(start, 0))
    return m.group(1) if m and start >= 0 else ""


def cookie_header(cookies):
    return "; ".join("%s=%s" % kv for kv in cookies.items())


def login(base, user, password):
    status, html, cookies = request(base, "GET", "/login")
    csrf = field(html, "csrf")
    body = urllib.parse.urlencode({"csrf": csrf, "username": user, "password": password})
    headers = {
        "Content-Type": "application/x-www-form-urlencoded",
        "Cookie": cookie_header(cookies),
    }
    status, _, set_cookies = request(base, "POST", "/login", body, headers)
    # "__Host-yb_session" when the server runs with secure cookies.
    names = [k for k in set_cookies if k.endswith("yb_session")]
    if status != 303 or not names:
        sys.exit("login as %s failed: HTTP %s" % (user, status))
    print("%s=%s" % (names[0], set_cookies[names[0]]))


def check(base, cookie, path, markers):
    status, html, _ = request(base, "GET", path, headers={"Cookie": cookie})
    missing = [m for m in markers.split("&&") if m not in html]
    if status != 200 or missing:
        sys.exit("%s: HTTP %s, missing %r" % (path, status, missing))
    print("ok %s (HTTP %s, %d bytes)" % (path, status, len(html)))


def first_case(base, cookie, path):
    status, html, _ = request(base, "GET", path, headers={"Cookie": cookie})
    m = re.search(r'href="(/staff/cases/%s)"' % UUID, html)
    if status != 200 or not m:
        sys.exit("no case linked from %s (HTTP %s)" % (path, status))
    print(m.group(1))


def first_link(base, cookie, path, prefix):
    status, html, _ = request(base, "GET", path, headers={"Cookie": cookie})
    m = re.search(r'href="(%s%s)"' % (re.escape(prefix), UUID), html)
    if status != 200 or not m:
        sys.exit("no %s link on %s (HTTP %s)" % (prefix, path, status))
    print(m.group(1))


def option(base, cookie, path, select_name, label):
    status, html, _ = request(base, "GET", path, headers={"Cookie": cookie})
    start = html.find('name="%s"' % select_name)
    end = html.find("</select>", start)
    m = re.search(r'<option value="([^"]+)"[^>]*>%s</option>' % re.escape(label), html[start:end])
    if status != 200 or start < 0 or not m:
        sys.exit("no option %r in %s on %s (HTTP %s)" % (label, select_name, path, status))
    print(m.group(1))


def multipart(fields):
    boundary = "----yuanba" + uuid.uuid4().hex
    parts = []
    for name, value in fields:
        parts.append('--%s\r\nContent-Disposition: form-data; name="%s"\r\n\r\n%s\r\n' % (boundary, name, value))
    parts.append("--%s--\r\n" % boundary)
    return "".join(parts).encode("utf-8"), "multipart/form-data; boundary=" + boundary


def one_letter(base):
    status, html, cookies = request(base, "GET", "/letters/new")
    if status != 200:
        return False
    fields = [
        ("csrf", field(html, "csrf")),
        ("form_token", field(html, "form_token")),
        ("category", "environment"),
        ("compound_id", first_option(html, "compound_id")),
        ("building", ""),
        ("place_detail", ""),
        ("body", "小区垃圾站清运不及时，希望增加清运次数。"),
        ("contact_name", ""),
        ("contact_phone", ""),
        ("consent", ""),
    ]
    body, ctype = multipart(fields)
    headers = {"Content-Type": ctype, "Cookie": cookie_header(cookies)}
    status, html, _ = request(base, "POST", "/letters/new", body, headers)
    return status == 200 and "<h1>" in html


def one_application(base):
    status, html, cookies = request(base, "GET", "/mediation/apply")
    if status != 200:
        return False
    form = {
        "csrf": field(html, "csrf"),
        "form_token": field(html, "form_token"),
        "applicant_name": "王建华",
        "applicant_phone": "13800001234",
        "respondent_name_1": "李秀英",
        "dispute_type": "neighbour",
        "summary": "楼上卫生间渗水导致楼下天花板发霉，多次沟通未果。",
        "requests": "修复渗漏",
        "street_id": first_option(html, "street_id"),
        "ack_rights": "yes",
        "consent_privacy": "yes",
    }
    headers = {
        "Content-Type": "application/x-www-form-urlencoded",
        "Cookie": cookie_header(cookies),
    }
    status, html, _ = request(base, "POST", "/mediation/apply", urllib.parse.urlencode(form), headers)
    return status == 200 and "<h1>" in html


def writes(base, total, threads):
    total, threads = int(total), int(threads)
    counts = {"ok": 0, "errors": 0}
    lock = threading.Lock()

    def worker(n):
        for i in range(n):
            try:
                ok = (one_letter if i % 2 == 0 else one_application)(base)
            except OSError:
                ok = False
            with lock:
                counts["ok" if ok else "errors"] += 1

    started = time.monotonic()
    pool = [threading.Thread(target=worker, args=(total // threads,)) for _ in range(threads)]
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    elapsed = time.monotonic() - started
    print(json.dumps({"ok": counts["ok"], "errors": counts["errors"], "rate": counts["ok"] / elapsed}))


def table(path, small, large):
    rows = [json.loads(line) for line in open(path, encoding="utf-8") if line.strip()]
    runs = {(r["db"], r["page"], r["conns"]): r["wrk"] for r in rows if "wrk" in r}
    pages = []
    for r in rows:
        if "wrk" in r and r["page"] not in pages:
            pages.append(r["page"])
    extra = {(r["db"], r["kind"]): r for r in rows if "kind" in r}
    labels = {"small": "%s cases" % small, "large": "%s cases" % large}
    print("| page | database | req/s at 16 | p50 ms | p99 ms | non-2xx (16/32/1) "
          "| ratio to /healthz | req/s at 32 | req/s at 1 conn | p50 ms at 1 conn | ratio large/small "
          "| server CPU µs/request at 16 | CPU ratio small/large |")
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for page in pages:
        for db in ("small", "large"):
            r16 = runs.get((db, page, 16))
            if not r16:
                continue
            r32 = runs.get((db, page, 32), {})
            r1 = runs.get((db, page, 1), {})
            health = runs.get((db, "/healthz", 16), {}).get("rps") or 0
            bad = "/".join(str(x.get("non2xx", "?") + x.get("errors", 0)) for x in (r16, r32, r1))
            ratio_h = "%.3f" % (r16["rps"] / health) if health else "—"
            ratio_l = ratio_cpu = "—"
            small16 = runs.get(("small", page, 16))
            if db == "large" and small16 and small16["rps"]:
                ratio_l = "%.2f" % (r16["rps"] / small16["rps"])
            if db == "large" and small16 and r16.get("cpu_us"):
                # Like req/s: 1.00 is flat, below 1 the large database costs more.
                ratio_cpu = "%.2f" % (small16.get("cpu_us", 0) / r16["cpu_us"])
            print("| %s | %s | %.0f | %.2f | %.2f | %s | %s | %.0f | %.0f | %.2f | %s | %s | %s |" % (
                page, labels[db], r16["rps"], r16["p50_ms"], r16["p99_ms"], bad, ratio_h,
                r32.get("rps", 0), r1.get("rps", 0), r1.get("p50_ms", 0), ratio_l,
                r16.get("cpu_us", "—"), ratio_cpu))
    for db in ("small", "large"):
        w = extra.get((db, "writes"))
        if w:
            print("| writes: letters + applications (4 clients) | %s | %.0f/s | | | %d errors of %d | | | | | | | |" % (
                labels[db], w["rate"], w["errors"], w["ok"] + w["errors"]))
    exports = [r for r in rows if r.get("kind") == "export"]
    for db in ("small", "large"):
        for e in (x for x in exports if x["db"] == db):
            size = "%d lines, %.1f MB" % (e["lines"], e["bytes"] / 1e6) if e["lines"] >= 0 else "%.1f MB" % (e["bytes"] / 1e6)
            print("| one full download of %s (curl) | %s | %.1f s | | | %s | | | | | | | |" % (
                e["path"], labels[db], e["seconds"], size))
            print("| server peak RSS (VmHWM) before → after that download | %s | %.1f → %.1f MB | | | | | | | | | | |" % (
                labels[db], e["before_kb"] / 1024, e["after_kb"] / 1024))
    for db in ("small", "large"):
        m = extra.get((db, "rss"))
        if m:
            print("| server peak RSS (VmHWM) | %s | %.0f MB | | | | | | | | | | |" % (labels[db], m["kb"] / 1024))


if __name__ == "__main__":
    commands = {"login": login, "check": check, "first-case": first_case, "first-link": first_link, "option": option, "writes": writes, "table": table}
    if len(sys.argv) < 2 or sys.argv[1] not in commands:
        sys.exit(__doc__)
    commands[sys.argv[1]](*sys.argv[2:])
