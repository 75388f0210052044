#!/usr/bin/env python3
"""Startup time: from process start to the first answered request (HTTP 200 to GET /).

Each server is started pinned to core 0 (as in the load benchmark), polled every
millisecond from this process, and stopped with SIGTERM once it answered; each one runs
RUNS times in interleaved order and the median, min and max are reported.

Usage: bench/startup.py [--runs N] [--java JAVA] [--peers DIR]
Needs: weft-cli/target/weft.jar and weft-bench/target/benchmarks.jar (bench/run.sh or
./mvnw package builds them), the Helidon peer (bench/peers/build.sh), and JDK 25's jwebserver.
"""
import argparse, os, signal, socket, statistics, subprocess, tempfile, time

ap = argparse.ArgumentParser()
ap.add_argument("--runs", type=int, default=7)
ap.add_argument("--java", default="/usr/lib/jvm/temurin-25-jdk-amd64/bin/java")
ap.add_argument("--peers", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "peers"))
ap.add_argument("--port", type=int, default=27350)
a = ap.parse_args()
jdk_bin = os.path.dirname(a.java)
site = tempfile.mkdtemp(prefix="startup-site-")
with open(os.path.join(site, "index.html"), "w") as f:
    f.write("<h1>hello</h1>\n")
helidon = os.path.join(a.peers, "helidon", "target", "helidon.jar")

servers = {
    "weft (CLI, virtual threads)": [a.java, "-jar", "weft-cli/target/weft.jar", "-p", "{port}"],
    "weft (CLI, --workers 4)": [a.java, "-jar", "weft-cli/target/weft.jar", "-p", "{port}", "--workers", "4"],
    "weft HelloServer": [a.java, "-cp", "weft-bench/target/benchmarks.jar", "dev.weft.bench.HelloServer", "{port}"],
    "jwebserver": [os.path.join(jdk_bin, "jwebserver"), "-b", "127.0.0.1", "-p", "{port}", "-d", site],
    "helidon": [a.java, "-jar", helidon, "{port}"],
}


def answered(port):
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1) as s:
            s.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
            return s.recv(64).startswith(b"HTTP/1.1 200")
    except OSError:
        return False


def once(cmd, port):
    argv = ["taskset", "-c", "0"] + [x.format(port=port) for x in cmd]
    t0 = time.monotonic()
    p = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        while time.monotonic() - t0 < 30:
            if answered(port):
                return (time.monotonic() - t0) * 1000
            if p.poll() is not None:
                return None
            time.sleep(0.001)
        return None
    finally:
        p.send_signal(signal.SIGTERM)
        try:
            p.wait(10)
        except subprocess.TimeoutExpired:
            p.kill()
            p.wait()


results = {name: [] for name in servers}
for r in range(a.runs):
    for i, (name, cmd) in enumerate(servers.items()):
        ms = once(cmd, a.port + i)
        if ms is not None:
            results[name].append(ms)
        time.sleep(0.3)
print(f"| server | start → first 200, ms: median (min–max) over {a.runs} runs |")
print("|---|---|")
for name, v in results.items():
    if v:
        print(f"| {name} | {statistics.median(v):.0f} ({min(v):.0f}–{max(v):.0f}) |")
    else:
        print(f"| {name} | failed |")
