#!/usr/bin/env python3
"""Burst of wrong sign-ins against a running portal while probing normal pages (scripts/bench-auth).

Phases, each printed as a table row:
  baseline      the probes alone;
  one address   BURST wrong sign-ins from 127.0.0.1 (alternating the real account and unknown ones)
                over CONCURRENCY keep-alive TLS connections, probes running meanwhile;
  200 addresses BURST wrong sign-ins at unknown accounts, sources spread over 127.0.0.2-201 (so neither
                the per-account nor the per-address throttle applies and each costs a real scrypt).
The probes are GET /login (anonymous) and GET /account (a signed-in tenant admin), one connection,
back to back. Bounded: every phase ends after BURST attempts (or PROBES probes for the baseline).
"""

import argparse
import http.client
import re
import ssl
import statistics
import threading
import time
import urllib.parse

CONTEXT = ssl._create_unverified_context()


class Client:
    """One keep-alive TLS connection with a tiny cookie jar."""

    def __init__(self, port, source="127.0.0.1"):
        self.port = port
        self.source = source
        self.cookies = {}
        self.connection = None

    def request(self, method, path, form=None):
        for attempt in range(3):
            if self.connection is None:
                self.connection = http.client.HTTPSConnection(
                    "127.0.0.1", self.port, context=CONTEXT, timeout=60, source_address=(self.source, 0))
            headers = {"Host": "127.0.0.1:%d" % self.port}
            if self.cookies:
                headers["Cookie"] = "; ".join("%s=%s" % item for item in self.cookies.items())
            body = None
            if form is not None:
                body = urllib.parse.urlencode(form)
                headers["Content-Type"] = "application/x-www-form-urlencoded"
                headers["Origin"] = "https://127.0.0.1:%d" % self.port
            try:
                self.connection.request(method, path, body=body, headers=headers)
                response = self.connection.getresponse()
                text = response.read().decode("utf-8", "replace")
            except (http.client.HTTPException, OSError):
                self.connection.close()
                self.connection = None
                if attempt == 2:
                    raise
                continue
            for header, value in response.getheaders():
                if header.lower() == "set-cookie":
                    name, _, rest = value.partition("=")
                    cookie = rest.split(";", 1)[0]
                    if cookie and "Max-Age=0" not in value:
                        self.cookies[name] = cookie
                    else:
                        self.cookies.pop(name, None)
            if response.getheader("Connection", "").lower() == "close":
                self.connection.close()
                self.connection = None
            return response.status, text
        raise RuntimeError("unreachable")

    def csrf(self, text):
        match = re.search(r'name="_csrf" value="([^"]+)"', text)
        return match.group(1) if match else ""


def percentile(samples, p):
    ordered = sorted(samples)
    if not ordered:
        return 0.0
    return ordered[min(len(ordered) - 1, max(0, int(round(p * len(ordered) + 0.5)) - 1))]


def probe(port, email, password, stop, source, count=None):
    """Probes GET /login and GET /account back to back until `stop` is set (or `count` probes)."""
    anonymous = Client(port, source)
    signed = Client(port, source)
    status, text = signed.request("GET", "/login")
    status, _ = signed.request("POST", "/login", {"_csrf": signed.csrf(text), "email": email, "password": password})
    if status != 303:
        raise RuntimeError("probe sign-in failed: %d" % status)
    latencies = {"/login": [], "/account": []}
    done = 0
    while not stop.is_set() and (count is None or done < count):
        for client, path in ((anonymous, "/login"), (signed, "/account")):
            start = time.perf_counter()
            status, _ = client.request("GET", path)
            latencies[path].append((time.perf_counter() - start) * 1000)
            if status != 200:
                raise RuntimeError("probe %s answered %d" % (path, status))
        done += 2
    return latencies


def burst(port, total, concurrency, email, sources):
    """`total` wrong sign-ins over `concurrency` connections; returns (seconds, statuses)."""
    counter = {"next": 0}
    lock = threading.Lock()
    statuses = {}

    def worker(index):
        client = Client(port, sources[index % len(sources)])
        _, text = client.request("GET", "/login")
        token = client.csrf(text)
        while True:
            with lock:
                n = counter["next"]
                if n >= total:
                    return
                counter["next"] += 1
            if len(sources) > 1:
                client.source = sources[n % len(sources)]
                if client.connection is not None:
                    client.connection.close()
                    client.connection = None
                client.cookies.clear()
                _, text = client.request("GET", "/login")
                token = client.csrf(text)
                target = "spray-%d@nobody.example" % n
            else:
                target = email if n % 2 == 0 else "guess-%d@nobody.example" % n
            status, _ = client.request(
                "POST", "/login", {"_csrf": token, "email": target, "password": "Winter2026!%d" % n})
            with lock:
                statuses[status] = statuses.get(status, 0) + 1

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(concurrency)]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return time.perf_counter() - start, statuses


def row(name, latencies, extra=""):
    cells = []
    for path in ("/login", "/account"):
        samples = latencies[path]
        cells.append("%.2f / %.2f / %.1f (%d)" % (statistics.median(samples), percentile(samples, 0.99), max(samples), len(samples)))
    print("| %s | %s | %s | %s |" % (name, cells[0], cells[1], extra))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--burst", type=int, default=1000)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--probes", type=int, default=600)
    parser.add_argument("--email", required=True, help="the probe's account (signed in for GET /account)")
    parser.add_argument("--password", required=True)
    parser.add_argument("--target", required=True, help="a real account the one-address burst alternates with unknown ones")
    args = parser.parse_args()

    print("| phase | GET /login p50 / p99 / max ms (n) | GET /account p50 / p99 / max ms (n) | burst |")
    print("|---|---:|---:|---|")
    stop = threading.Event()
    row("baseline (no burst)", probe(args.port, args.email, args.password, stop, "127.0.0.250", count=args.probes))

    for probe_source, (name, sources) in zip(("127.0.0.251", "127.0.0.252"), (
        ("burst from one address", ["127.0.0.1"]),
        ("burst from 200 addresses", ["127.0.0.%d" % i for i in range(2, 202)]),
    )):
        stop = threading.Event()
        result = {}
        prober = threading.Thread(
            target=lambda: result.update(probe(args.port, args.email, args.password, stop, probe_source)))
        prober.start()
        time.sleep(0.5)
        seconds, statuses = burst(args.port, args.burst, args.concurrency, args.target, sources)
        stop.set()
        prober.join()
        summary = ", ".join("%d×%d" % (count, status) for status, count in sorted(statuses.items()))
        row(name, result, "%d attempts in %.1f s (%s)" % (sum(statuses.values()), seconds, summary))


if __name__ == "__main__":
    main()
