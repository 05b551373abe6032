#!/usr/bin/env python3
"""Holds N idle keep-alive TLS connections to a server on 127.0.0.1 and measures what a new client sees.

usage: scripts/bench-idle.py PORT [--connections 10000] [--pid PID] [--path /plain] [--probes 50]

Opens N TLS connections (one request each, then left idle with keep-alive), prints the server's VmRSS
(from /proc/PID/status) before and while holding them, and the latency of fresh clients (new TCP + full
TLS handshake + one request) measured while the N connections are open. Loopback only; bounded in count
and time; closes everything before exiting.
"""
import argparse, asyncio, resource, ssl, statistics, sys, time


def rss_kib(pid):
    if not pid:
        return None
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return None


def context():
    ctx = ssl.create_default_context()
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE
    ctx.set_alpn_protocols(["http/1.1"])
    return ctx


async def one_request(port, path, ctx, keep):
    reader, writer = await asyncio.open_connection("127.0.0.1", port, ssl=ctx, server_hostname="localhost")
    writer.write(f"GET {path} HTTP/1.1\r\nHost: localhost\r\n\r\n".encode())
    await writer.drain()
    head = await reader.readuntil(b"\r\n\r\n")
    if not head.startswith(b"HTTP/1.1 200"):
        raise RuntimeError(f"unexpected response: {head[:40]!r}")
    length = 0
    for line in head.split(b"\r\n"):
        if line.lower().startswith(b"content-length:"):
            length = int(line.split(b":")[1])
    await reader.readexactly(length)
    if keep:
        return writer
    writer.close()
    return None


async def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("port", type=int)
    parser.add_argument("--connections", type=int, default=10000)
    parser.add_argument("--pid", type=int)
    parser.add_argument("--path", default="/plain")
    parser.add_argument("--probes", type=int, default=50)
    parser.add_argument("--parallel", type=int, default=64)
    args = parser.parse_args()
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    if args.connections + 100 > hard:
        sys.exit(f"need {args.connections + 100} file descriptors, hard limit is {hard}")
    ctx = context()

    async def probe_latencies():
        samples = []
        for _ in range(args.probes):
            start = time.perf_counter()
            await one_request(args.port, args.path, ctx, keep=False)
            samples.append((time.perf_counter() - start) * 1000)
        samples.sort()
        return samples

    before_rss = rss_kib(args.pid)
    baseline = await probe_latencies()
    writers = []
    semaphore = asyncio.Semaphore(args.parallel)

    async def open_one():
        async with semaphore:
            writers.append(await one_request(args.port, args.path, ctx, keep=True))

    started = time.perf_counter()
    results = await asyncio.gather(*(open_one() for _ in range(args.connections)), return_exceptions=True)
    failures = [r for r in results if isinstance(r, Exception)]
    opened = time.perf_counter() - started
    await asyncio.sleep(2)
    held_rss = rss_kib(args.pid)
    loaded = await probe_latencies()
    print(f"idle connections held: {len(writers)} (failed {len(failures)}), opened in {opened:.1f} s")
    if failures:
        print(f"first failure: {failures[0]!r}")
    if before_rss is not None:
        print(f"server VmRSS before: {before_rss / 1024:.1f} MiB, holding {len(writers)}: {held_rss / 1024:.1f} MiB")
    for name, samples in (("no idle connections", baseline), (f"{len(writers)} idle connections", loaded)):
        p99 = samples[min(len(samples) - 1, int(len(samples) * 0.99))]
        print(f"new client (connect + full TLS handshake + GET {args.path}) with {name}: "
              f"median {statistics.median(samples):.2f} ms, p99 {p99:.2f} ms, max {samples[-1]:.2f} ms over {len(samples)}")
    for writer in writers:
        writer.close()
    await asyncio.sleep(0.5)


asyncio.run(main())
