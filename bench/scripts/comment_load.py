#!/usr/bin/env python3
"""Comments over HTTP against a running `java -jar app.jar --demo` (the fallback for HttpBenchmark when wrk is absent).

Closed loop, keep-alive connections (like wrk): each connection posts `POST .../issues/{iid}/comments` as carl (HTTP
Basic) round-robin over 32 issues it raises first (untimed), for the given seconds; then waits until every projection
has caught up. Prints the rate, p50/p99, and the application's CPU time per request (user + system of the server
process from /proc, during the run, and including the projections' catch-up), also split by thread group.

    python3 bench/scripts/comment_load.py --port=8080 --pid=<app pid> --admin-password=... --connections=1 --seconds=30
"""
import argparse, base64, collections, http.client, json, os, threading, time

CID = "2ed79b1f-cb28-3796-9b81-60be1e9eee25"  # the demo collaboration ONCO


def basic(user, password):
    return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()


def cpu_seconds(pid):
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def cpu_by_thread_group(pid):
    """Clock ticks per thread group (request threads, embedded server workers, projections, the rest)."""
    groups = collections.Counter()
    for tid in os.listdir(f"/proc/{pid}/task"):
        try:
            stat = open(f"/proc/{pid}/task/{tid}/stat").read()
        except FileNotFoundError:
            continue
        name = stat[stat.index("(") + 1:stat.rindex(")")]
        fields = stat.rsplit(")", 1)[1].split()
        group = ("HTTP request threads" if name.startswith("http-nio") else
                 "embedded MongoDB server workers" if name.startswith("mongo-server") else
                 "projections" if name.startswith(("EventProcesso", "EmbeddedEvent")) else
                 "JIT, GC, timers, the rest")
        groups[group] += int(fields[11]) + int(fields[12])
    return groups


def raise_issues(port, auth, count=32):
    c = http.client.HTTPConnection("127.0.0.1", port)
    ids = []
    for i in range(count):
        body = json.dumps({"type": "ISSUE", "title": f"Benchmark issue {i}", "description": "for comments",
                           "category": "OTHER", "severity": "LOW", "involvedParties": ["meridian"]})
        c.request("POST", f"/api/v1/collaborations/{CID}/issues", body,
                  {"Authorization": auth, "Content-Type": "application/json"})
        r = c.getresponse()
        b = r.read()
        if r.status != 201:
            raise SystemExit(f"could not raise an issue: {r.status} {b}")
        ids.append(json.loads(b)["id"])
    return ids


def caught_up(port, admin):
    c = http.client.HTTPConnection("127.0.0.1", port)
    c.request("GET", "/api/v1/admin/projections", headers={"Authorization": admin, "Accept": "application/json"})
    return all(s.get("caughtUp") and s.get("lag", 0) == 0 for p in json.loads(c.getresponse().read())
               for s in p["segments"])


def main():
    a = argparse.ArgumentParser()
    a.add_argument("--port", type=int, required=True)
    a.add_argument("--pid", type=int, required=True)
    a.add_argument("--admin-password", required=True)
    a.add_argument("--connections", type=int, default=1)
    a.add_argument("--seconds", type=float, default=30)
    a.add_argument("--issues", help="a JSON file of issue ids: raised once and kept there")
    o = a.parse_args()
    auth = basic("carl", "onco-demo-pass")
    admin = basic("admin", o.admin_password)
    if o.issues and os.path.exists(o.issues):
        issues = json.load(open(o.issues))
    else:
        issues = raise_issues(o.port, auth)
        if o.issues:
            json.dump(issues, open(o.issues, "w"))
    latencies, errors, stop = [], [0], [False]
    body = json.dumps({"text": "benchmark comment"})

    def worker(k):
        c = http.client.HTTPConnection("127.0.0.1", o.port)
        i = k
        while not stop[0]:
            path = f"/api/v1/collaborations/{CID}/issues/{issues[i % len(issues)]}/comments"
            i += o.connections
            t = time.perf_counter()
            c.request("POST", path, body, {"Authorization": auth, "Content-Type": "application/json",
                                           "Accept": "application/json"})
            r = c.getresponse()
            r.read()
            latencies.append(time.perf_counter() - t)
            errors[0] += r.status != 201

    cpu0, t0, groups0 = cpu_seconds(o.pid), time.time(), cpu_by_thread_group(o.pid)
    threads = [threading.Thread(target=worker, args=(k,)) for k in range(o.connections)]
    [t.start() for t in threads]
    time.sleep(o.seconds)
    stop[0] = True
    [t.join() for t in threads]
    elapsed, cpu1 = time.time() - t0, cpu_seconds(o.pid)
    waited = time.time()
    while not caught_up(o.port, admin) and time.time() - waited < 120:
        time.sleep(0.5)
    cpu2, groups2 = cpu_seconds(o.pid), cpu_by_thread_group(o.pid)
    latencies.sort()
    n = len(latencies)
    print(f"connections={o.connections} requests={n} rate={n / elapsed:.1f}/s p50={latencies[n // 2] * 1000:.1f}ms "
          f"p99={latencies[int(n * .99)] * 1000:.1f}ms non-201={errors[0]} "
          f"app CPU ms/request: {(cpu1 - cpu0) * 1000 / n:.2f} during, {(cpu2 - cpu0) * 1000 / n:.2f} with projections "
          f"load={' '.join(open('/proc/loadavg').read().split()[:3])}")
    for group in sorted(groups2, key=lambda g: groups0[g] - groups2[g]):
        ticks = groups2[group] - groups0[group]
        print(f"  {group:32s} {ticks * 1000 / os.sysconf('SC_CLK_TCK') / n:6.2f} CPU-ms per comment")


if __name__ == "__main__":
    main()
