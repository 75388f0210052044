#!/usr/bin/env python3
"""weft's load benchmark: hello-world servers side by side, in the same run, on one machine.

Run it through bench/run.sh, which builds weft's benchmark server and the peers first and
finds a JDK 21+; `bench/run.sh --help` prints this text.

  bench/run.sh [options] [SERVER...]

Servers (default: weft-vt weft-fixed netty undertow jetty helidon vertx jdk-vt nginx-1;
`all` for every one):
  weft-vt      dev.weft.bench.HelloServer from weft-bench/target/benchmarks.jar, virtual threads
  weft-fixed   the same on 4 fixed platform workers
  netty        bench/peers/netty, epoll transport     netty-nio   the same on NIO
  undertow     bench/peers/undertow                   jetty       bench/peers/jetty
  helidon      bench/peers/helidon (Helidon SE)       vertx       bench/peers/vertx
  jdk-vt       com.sun.net.httpserver on virtual threads   jdk-fixed4  on 4 platform threads
  nginx-1      nginx from Debian, 1 worker            nginx-auto  worker_processes auto
  rust-book    the Rust book's chapter 20 server (closes every connection; not in the default)
  weft-vt-base, weft-fixed-base   another build of weft (WEFT_BASE_JAR=its benchmarks.jar), to
               compare before and after a change in the same rounds

Options:
  --rounds R        rounds (3); each round runs every server once, the order rotated by one
  --duration S      seconds per recorded run (10)
  --warmup S        keep-alive warm-up after a server starts (5)
  --prewarm S       unrecorded run before each scenario (2; 0 = none)
  --scenarios LIST  comma-separated, from: ka64,ka1000,close16,pipe16 (all)
  --idle N          idle keep-alive connections for the memory test (1000; 0 = no test)
  --out DIR         where the report goes (bench/results)
  --label TEXT      added to the report's file names and title (e.g. smoke)
  --report CSV      only rebuild the Markdown report of an earlier CSV, print it, exit
Environment: SERVER_CPU (0) and CLIENT_CPU (1): the cores for the server and for wrk;
  BASE_PORT (27080); JAVA_OPTS (extra flags for every Java server, weft included).

Per server and round: start it pinned to SERVER_CPU; wait for 200 from GET / (60 s at most);
the idle-memory test (50 single requests, then N connections that each send GET /, read the
answer and stay idle 5 s: RSS, and for JVMs the live heap from a class histogram, before and
with them); a keep-alive warm-up; then per scenario a prewarm and one recorded wrk run,
pinned to CLIENT_CPU, reading /proc around it; stop it (SIGTERM, SIGKILL after 10 s). Every
wrk run is bounded by its -d and a timeout, every wait by a deadline.

Output: bench/results/STAMP[-LABEL].md (min, median and max over rounds per server, and
each server's median as a ratio to the best peer's), .csv (one row per measurement) and
STAMP-raw/ (wrk output, server logs; git-ignored).
"""
import argparse
import csv
import json
import os
import platform
import re
import selectors
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time

BENCH = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(BENCH)
PEERS = os.path.join(BENCH, "peers")
TICK = os.sysconf("SC_CLK_TCK")

# name -> (what it measures, wrk arguments before the URL, after it)
SCENARIOS = {
    "ka64": ("keep-alive, 64 connections", ["-c64"], []),
    "ka1000": ("keep-alive, 1,000 connections", ["-c1000"], []),
    "close16": ("a new connection per request, 16 connections", ["-c16", "-H", "Connection: close"], []),
    "pipe16": ("keep-alive, 64 connections, 16 pipelined requests per write",
               ["-c64", "-s", os.path.join(BENCH, "pipeline.lua")], ["--", "16"]),
}
NO_LATENCY = {"pipe16"}  # wrk's percentiles are per batch there, and wrong

WEFT = ["weft-vt", "weft-fixed"]
# Another build of weft, run in the same rounds as the current one to compare before and after
# a change: WEFT_BASE_JAR names its benchmarks.jar (e.g. built from an older commit).
WEFT_BASE = ["weft-vt-base", "weft-fixed-base"]
DEFAULT = WEFT + ["netty", "undertow", "jetty", "helidon", "vertx", "jdk-vt", "nginx-1"]
ALL = WEFT + ["netty", "netty-nio", "undertow", "jetty", "helidon", "vertx", "jdk-vt", "jdk-fixed4",
              "nginx-1", "nginx-auto", "rust-book"] + (WEFT_BASE if os.environ.get("WEFT_BASE_JAR") else [])

# The same columns as every CSV in bench/results, so bench/targets.py reads old and new alike.
COLUMNS = ["stamp", "round", "slot", "peer", "port", "scenario", "duration_s", "requests", "rps",
           "p50_ms", "p90_ms", "p99_ms", "max_ms", "err_connect", "err_read", "err_write", "err_timeout",
           "non2xx", "new_conns", "conns_per_req", "listen_drops", "srv_cpu_pct", "cpu_srv_busy_pct",
           "cpu_cli_busy_pct", "rss_hwm_kb", "rss_kb", "idle_before_kb", "idle_after_kb", "idle_held",
           "heap_before_kb", "heap_with_kb", "note"]


def server_argv(name, port, rundir):
    """The command line of a server on 127.0.0.1:port, and whether it is a JVM."""
    java = [os.environ.get("JAVA", "java")] + os.environ.get("JAVA_OPTS", "").split()
    jar = lambda peer: os.path.join(PEERS, peer, "target", peer + ".jar")
    weft = os.environ.get("WEFT_JAR", os.path.join(REPO, "weft-bench", "target", "benchmarks.jar"))
    if name in WEFT_BASE:
        if not os.environ.get("WEFT_BASE_JAR"):
            raise SystemExit(f"{name} needs WEFT_BASE_JAR: the benchmarks.jar of the build to compare with")
        weft, name = os.environ["WEFT_BASE_JAR"], name[:-len("-base")]
    if name in WEFT:
        return java + ["-cp", weft, "dev.weft.bench.HelloServer", str(port)] + (["4"] if name == "weft-fixed" else [])
    if name in ("netty", "netty-nio"):
        return java + ["--enable-native-access=ALL-UNNAMED", "-jar", jar("netty"), str(port),
                       "nio" if name == "netty-nio" else "epoll"]
    if name in ("jdk-vt", "jdk-fixed4"):
        return java + ["-jar", jar("jdk"), str(port), name[4:]]
    if name in ("undertow", "jetty", "helidon", "vertx"):
        return java + ["-jar", jar(name), str(port)]
    if name == "rust-book":
        return [os.path.join(PEERS, "rust-book", "target", "release", "rust-book"), str(port)]
    if name.startswith("nginx-"):
        home = os.path.join(rundir, name)
        os.makedirs(os.path.join(home, "tmp"), exist_ok=True)
        with open(os.path.join(PEERS, "nginx.conf.in")) as f:
            conf = f.read().replace("__PORT__", str(port)).replace("__WORKERS__", "1" if name == "nginx-1" else "auto")
        with open(os.path.join(home, "nginx.conf"), "w") as f:
            f.write(conf)
        user = f"user nobody {nogroup()};" if os.getuid() == 0 else ""
        return ["nginx", "-p", home + "/", "-c", os.path.join(home, "nginx.conf"), "-e", "stderr",
                "-g", "daemon off; " + user]
    raise SystemExit(f"unknown server {name} (known: {' '.join(ALL)})")


def nogroup():
    import grp
    for g in ("nogroup", "nobody"):
        try:
            return grp.getgrnam(g).gr_name
        except KeyError:
            pass
    return "nobody"


# ------------------------------------------------------------------------- /proc

def process_tree(pid):
    kids = {}
    for d in os.listdir("/proc"):
        if d.isdigit():
            try:
                with open(f"/proc/{d}/stat") as f:
                    kids.setdefault(int(f.read().rsplit(")", 1)[1].split()[1]), []).append(int(d))
            except (OSError, IndexError, ValueError):
                pass
    tree, todo = [], [pid]
    while todo:
        p = todo.pop()
        tree.append(p)
        todo += kids.get(p, [])
    return tree


def status_kb(pid, field):
    total = 0
    for p in process_tree(pid):
        try:
            with open(f"/proc/{p}/status") as f:
                total += sum(int(l.split()[1]) for l in f if l.startswith(field + ":"))
        except OSError:
            pass
    return total


def cpu_ticks(pid):
    total = 0
    for p in process_tree(pid):
        try:
            with open(f"/proc/{p}/stat") as f:
                v = f.read().rsplit(")", 1)[1].split()
            total += int(v[11]) + int(v[12])
        except (OSError, IndexError, ValueError):
            pass
    return total


def cores():
    out = {}
    with open("/proc/stat") as f:
        for line in f:
            m = re.match(r"cpu(\d+) (.*)", line)
            if m:
                v = [int(x) for x in m.group(2).split()[:8]]
                out[int(m.group(1))] = (sum(v) - v[3] - v[4], sum(v))
    return out


def tcp_counter(path, section, key):
    with open(path) as f:
        rows = [l.split() for l in f if l.startswith(section + ":")]
    for names, values in zip(rows[::2], rows[1::2]):
        if key in names:
            return int(values[names.index(key)])
    return 0


def counters(pid):
    return {"opens": tcp_counter("/proc/net/snmp", "Tcp", "ActiveOpens"),
            "drops": tcp_counter("/proc/net/netstat", "TcpExt", "ListenDrops"),
            "cores": cores(), "ticks": cpu_ticks(pid), "t": time.monotonic()}


# ------------------------------------------------------------------------- wrk

def ms(text):
    m = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text or "")
    return float(m.group(1)) * {"us": 1e-3, "ms": 1, "s": 1e3, "m": 6e4}[m.group(2)] if m else None


def wrk(scenario, port, seconds, cpu):
    _, before, after = SCENARIOS[scenario]
    argv = ["taskset", "-c", str(cpu), "wrk", "-t1", f"-d{seconds}s", "--latency"] + before \
        + [f"http://127.0.0.1:{port}/"] + after
    try:
        p = subprocess.run(argv, capture_output=True, text=True, timeout=seconds + 30)
        return argv, p.returncode, p.stdout + p.stderr
    except subprocess.TimeoutExpired:
        return argv, 124, ""


def parse_wrk(out):
    r = {}
    for pct in ("50", "90", "99"):
        m = re.search(rf"^\s+{pct}%\s+(\S+)", out, re.M)
        r[f"p{pct}_ms"] = ms(m.group(1)) if m else None
    m = re.search(r"^\s+Latency\s+\S+\s+\S+\s+(\S+)", out, re.M)
    r["max_ms"] = ms(m.group(1)) if m else None
    if not r["p50_ms"]:  # 0.00us: wrk kept no latency sample
        r.update(p50_ms=None, p90_ms=None, p99_ms=None, max_ms=None)
    m = re.search(r"(\d+) requests in ([\d.]+\w+)", out)
    r["requests"], r["duration_s"] = (int(m.group(1)), round(ms(m.group(2)) / 1e3, 2)) if m else (None, None)
    m = re.search(r"Requests/sec:\s+([\d.]+)", out)
    r["rps"] = float(m.group(1)) if m else None
    m = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    for k, v in zip(("err_connect", "err_read", "err_write", "err_timeout"), m.groups() if m else (0,) * 4):
        r[k] = int(v)
    m = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    r["non2xx"] = int(m.group(1)) if m else 0
    return r


# ------------------------------------------------------------------------- a run

class Run:
    def __init__(self, a):
        self.a = a
        self.stamp = time.strftime("%Y%m%d-%H%M%S") + (f"-{a.label}" if a.label else "")
        self.csv = os.path.join(a.out, self.stamp + ".csv")
        self.md = os.path.join(a.out, self.stamp + ".md")
        self.raw = os.path.join(a.out, self.stamp + "-raw")
        os.makedirs(self.raw, exist_ok=True)
        self.proc = None

    def row(self, **values):
        new = not os.path.exists(self.csv)
        with open(self.csv, "a", newline="") as f:
            w = csv.DictWriter(f, COLUMNS)
            if new:
                w.writeheader()
            w.writerow({k: "" if values.get(k) is None else values[k] for k in COLUMNS})

    def start(self, name, port, log):
        argv = ["taskset", "-c", str(self.a.server_cpu)] + server_argv(name, port, self.raw)
        with open(log, "w") as f:
            f.write(" ".join(argv) + "\n")
            f.flush()
            # Its own session: stopping it stops whatever it started (nginx's workers).
            self.proc = subprocess.Popen(argv, cwd=self.raw, stdout=f, stderr=subprocess.STDOUT,
                                         stdin=subprocess.DEVNULL, start_new_session=True)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and self.proc.poll() is None:
            if answer(port).startswith(b"HTTP/1.1 200"):
                return True
            time.sleep(0.2)
        return False

    def stop(self):
        p, self.proc = self.proc, None
        if p is None:
            return
        for sig, wait in ((signal.SIGTERM, 10), (signal.SIGKILL, 5)):
            try:
                os.killpg(p.pid, sig)
            except ProcessLookupError:
                return
            try:
                p.wait(wait)
                break
            except subprocess.TimeoutExpired:
                print(f"    pid {p.pid} still there {wait} s after {sig.name}")
        try:
            os.killpg(p.pid, signal.SIGKILL)  # anything the server left behind in its group
        except ProcessLookupError:
            pass

    def measure(self, base, name, port, scenario):
        a = self.a
        if a.prewarm:
            wrk(scenario, port, a.prewarm, a.client_cpu)
        c0 = counters(self.proc.pid)
        argv, rc, out = wrk(scenario, port, a.duration, a.client_cpu)
        c1 = counters(self.proc.pid)
        with open(os.path.join(self.raw, f"r{base['round']}-{name}-{scenario}.txt"), "w") as f:
            f.write(" ".join(argv) + "\n" + out)
        r = parse_wrk(out)
        busy = lambda cpu: round(100 * (c1["cores"][cpu][0] - c0["cores"][cpu][0])
                                 / max(1, c1["cores"][cpu][1] - c0["cores"][cpu][1]), 1)
        opens = c1["opens"] - c0["opens"]
        note = "" if rc == 0 and r["rps"] is not None else f"wrk exit {rc}: " + out.strip().replace("\n", " | ")[-160:]
        self.row(**base, **r, scenario=scenario, new_conns=opens, listen_drops=c1["drops"] - c0["drops"],
                 conns_per_req=round(opens / r["requests"], 4) if r["requests"] else None,
                 srv_cpu_pct=round(100 * (c1["ticks"] - c0["ticks"]) / TICK / (c1["t"] - c0["t"]), 1),
                 cpu_srv_busy_pct=busy(a.server_cpu), cpu_cli_busy_pct=busy(a.client_cpu),
                 rss_hwm_kb=status_kb(self.proc.pid, "VmHWM"), rss_kb=status_kb(self.proc.pid, "VmRSS"), note=note)
        errors = sum(r[k] for k in ("err_connect", "err_read", "err_write", "err_timeout"))
        print(f"    {scenario:8} {fmt_k(r['rps']):>7} req/s  p99 {fmt_ms(r['p99_ms']):>6} ms  errors {errors}"
              f"  non-2xx {r['non2xx']}  cores {busy(a.server_cpu):.0f}/{busy(a.client_cpu):.0f} %  {note}", flush=True)

    def idle(self, base, port):
        n, pid = self.a.idle, self.proc.pid
        for _ in range(50):  # load the request path, so that it is not counted as connection memory
            answer(port)
        jvm = first_jvm(pid)
        heap0 = live_heap_kb(jvm)
        time.sleep(1)
        rss0 = status_kb(pid, "VmRSS")
        socks, note = hold(port, n)
        time.sleep(5)
        held = sum(still_open(s) for s in socks)
        rss1, heap1 = status_kb(pid, "VmRSS"), live_heap_kb(jvm)
        for s in socks:
            s.close()
        self.row(**base, scenario=f"idle{n}", requests=len(socks), idle_before_kb=rss0, idle_after_kb=rss1,
                 idle_held=held, rss_kb=rss1, rss_hwm_kb=status_kb(pid, "VmHWM"), heap_before_kb=heap0,
                 heap_with_kb=heap1, note=note)
        heap = f", live heap {(heap1 - heap0) * 1024 / max(held, 1):.0f} B/conn" if heap0 and heap1 else ""
        print(f"    idle{n:<4} {held} held, RSS {rss0 // 1024} -> {rss1 // 1024} MiB{heap} {note}", flush=True)

    def go(self, servers):
        a = self.a
        ports, port = {}, a.base_port
        for s in servers:
            while not port_free(port):
                port += 1
            ports[s], port = port, port + 1
        meta = describe(a, servers, ports)
        print(f"servers: {' '.join(servers)}\nscenarios: {' '.join(a.scenarios)}; {a.rounds} round(s) of "
              f"{a.duration} s runs; report: {shown(self.md)}", flush=True)
        for rnd in range(1, a.rounds + 1):
            k = (rnd - 1) % len(servers)
            order = servers[k:] + servers[:k]
            meta["order"].append(order)
            print(f"round {rnd}/{a.rounds}: {' '.join(order)}", flush=True)
            for slot, name in enumerate(order, 1):
                base = dict(stamp=self.stamp, round=rnd, slot=slot, peer=name, port=ports[name])
                log = os.path.join(self.raw, f"r{rnd}-{name}.log")
                print(f"  {name} on 127.0.0.1:{ports[name]}", flush=True)
                try:
                    if not port_free(ports[name]):
                        self.row(**base, scenario="start", note=f"port {ports[name]} taken")
                        print("    port taken: skipped")
                        continue
                    if not self.start(name, ports[name], log):
                        self.row(**base, scenario="start", note="no 200 from GET / within 60 s")
                        print(f"    did not answer 200 within 60 s; see {shown(log)}")
                        continue
                    if a.idle:
                        self.idle(base, ports[name])
                    if a.warmup:
                        wrk("ka64", ports[name], a.warmup, a.client_cpu)
                    for s in a.scenarios:
                        self.measure(base, name, ports[name], s)
                        if self.proc.poll() is not None:
                            self.row(**base, scenario=s, note="server exited")
                            print(f"    the server exited; see {shown(log)}")
                            break
                finally:
                    self.stop()
                time.sleep(1)
        with open(os.path.join(self.raw, "meta.json"), "w") as f:
            json.dump(meta, f, indent=1)
        text = report(self.csv, meta)
        with open(self.md, "w") as f:
            f.write(text)
        print("\n" + text)
        print(f"wrote {shown(self.md)}, {shown(self.csv)} and {shown(self.raw)}/")


def shown(path):
    """A path as the user would type it: relative inside the repository, absolute outside."""
    return os.path.relpath(path) if os.path.abspath(path).startswith(REPO + os.sep) else path


def answer(port, request=b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"):
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=2) as s:
            s.sendall(request)
            data = b""
            while chunk := s.recv(65536):
                data += chunk
            return data
    except OSError:
        return b""


def port_free(port):
    """Whether a server could listen on the port: connections of the last run left in
    TIME_WAIT do not count, as servers bind with SO_REUSEADDR too."""
    with socket.socket() as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind(("127.0.0.1", port))
            return True
        except OSError:
            return False


def hold(port, n):
    """n connections, each with one GET / answered, left open; bounded by deadlines."""
    import resource
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < n + 100:
        resource.setrlimit(resource.RLIMIT_NOFILE, (min(n + 100, hard), hard))
    socks, note, deadline = [], "", time.monotonic() + 60
    for _ in range(n):
        try:
            if time.monotonic() > deadline:
                raise OSError("60 s deadline")
            s = socket.create_connection(("127.0.0.1", port), timeout=5)
            s.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            s.setblocking(False)
            socks.append(s)
        except OSError as e:
            note = f"opened {len(socks)}: {e}"
            break
    sel, waiting, deadline = selectors.DefaultSelector(), len(socks), time.monotonic() + 20
    for s in socks:
        sel.register(s, selectors.EVENT_READ)
    while waiting and time.monotonic() < deadline:
        for key, _ in sel.select(0.5):
            try:
                key.fileobj.recv(65536)
            except OSError:
                pass
            sel.unregister(key.fileobj)
            waiting -= 1
    return socks, note


def still_open(s):
    try:
        return s.recv(1, socket.MSG_PEEK) != b""  # bytes pending: open (odd, but open)
    except BlockingIOError:
        return True
    except OSError:
        return False


def first_jvm(pid):
    for p in process_tree(pid):
        try:
            exe = os.path.realpath(f"/proc/{p}/exe")
        except OSError:
            continue
        jcmd = os.path.join(os.path.dirname(exe), "jcmd")
        if os.path.basename(exe) == "java" and os.access(jcmd, os.X_OK):
            return p, jcmd
    return None


def live_heap_kb(jvm):
    """Live objects after a full GC, from `jcmd GC.class_histogram` (its Total line). Unlike
    GC.heap_info after GC.run, it does not count thread-local allocation buffers handed out
    after the GC, which at 1,000 connections can be as large as what is measured."""
    if not jvm:
        return None
    try:
        out = subprocess.run([jvm[1], str(jvm[0]), "GC.class_histogram"], capture_output=True, text=True,
                             timeout=60).stdout
    except (OSError, subprocess.TimeoutExpired):
        return None
    m = re.search(r"^Total\s+\d+\s+(\d+)", out, re.M)
    return int(m.group(1)) // 1024 if m else None


def version(argv):
    try:
        p = subprocess.run(argv, capture_output=True, text=True, timeout=10)
        return (p.stdout + p.stderr).strip().splitlines()[0]
    except (OSError, IndexError, subprocess.TimeoutExpired):
        return "-"


def describe(a, servers, ports):
    with open("/proc/cpuinfo") as f:
        model = next((l.split(":", 1)[1].strip() for l in f if l.startswith("model name")), "?")
    with open("/proc/meminfo") as f:
        mem = int(f.readline().split()[1]) / 1048576
    java = os.environ.get("JAVA", "java")
    return {
        "machine": f"{os.cpu_count()} cores ({model}), {mem:.0f} GiB, Linux {platform.release()}",
        "java": version([java, "-version"]),
        "wrk": version(["wrk", "-v"]), "nginx": version(["nginx", "-v"]),
        "load": f"wrk -t1 --latency -d{a.duration}s pinned to core {a.client_cpu}; server on core {a.server_cpu}; "
                + "; ".join(f"{s}: {' '.join(SCENARIOS[s][1] + SCENARIOS[s][2])}".replace(BENCH + "/", "bench/")
                            for s in a.scenarios),
        "settings": f"rounds {a.rounds}, warm-up {a.warmup} s, prewarm {a.prewarm} s, idle test {a.idle} "
                    f"connections, JAVA_OPTS '{os.environ.get('JAVA_OPTS', '')}'",
        "servers": servers, "scenarios": a.scenarios, "ports": ports, "order": [],
        "label": a.label,
    }


# ------------------------------------------------------------------------- the report

def num(v):
    try:
        return float(v)
    except (TypeError, ValueError):
        return None


def fmt_k(v):
    if v is None:
        return "-"
    return f"{v / 1e6:.2f}M" if v >= 1e6 else f"{v / 1e3:.1f}k" if v >= 1e4 else f"{v / 1e3:.2f}k" if v >= 1e3 else f"{v:.0f}"


def fmt_ms(v):
    return "-" if v is None else f"{v:.2f}" if v < 10 else f"{v:.1f}" if v < 100 else f"{v:.0f}"


def spread(values, f):
    """min – median – max, or the one value."""
    v = sorted(x for x in values if x is not None)
    if not v:
        return "-"
    return f(v[0]) if len(v) == 1 else f"{f(v[0])} – **{f(statistics.median(v))}** – {f(v[-1])}"


def median(values):
    v = [x for x in values if x is not None]
    return statistics.median(v) if v else None


def report(path, meta=None):
    with open(path, newline="") as f:
        rows = list(csv.DictReader(f))
    meta = meta or {}
    servers = meta.get("servers") or list(dict.fromkeys(r["peer"] for r in rows))
    scens = meta.get("scenarios") or [s for s in SCENARIOS if any(r["scenario"] == s for r in rows)]
    idles = sorted({r["scenario"] for r in rows if r["scenario"].startswith("idle")})
    get = lambda p, s: [r for r in rows if r["peer"] == p and r["scenario"] == s]
    col = lambda rs, k: [num(r[k]) for r in rs]
    errs = lambda rs: sum(sum(num(r[k]) or 0 for k in ("err_connect", "err_read", "err_write", "err_timeout"))
                          for r in rs)
    stamp = os.path.basename(path)[:-4]
    L = [f"# weft load benchmark — {stamp}", ""]
    if meta.get("label"):
        L += [f"**{meta['label']} run**: not a measurement to quote.", ""]
    for k in ("machine", "java", "wrk", "nginx", "load", "settings"):
        if meta.get(k):
            L.append(f"- {k}: {meta[k]}")
    L += ["", "Cells: min – **median** – max over the rounds. A ratio is a server's median requests/s over the "
          "median of the best peer (every server that is not weft) in that scenario; a peer whose runs ended in "
          "socket errors is named too, with the best peer that had none. Pipelined runs have no latency: wrk "
          "takes one sample per batch of 16 and its percentiles come out wrong.", ""]

    peers = [p for p in servers if p not in WEFT and p not in WEFT_BASE]
    for s in scens:
        med = {p: median(col(get(p, s), "rps")) for p in servers}
        ranked = sorted((p for p in peers if med.get(p)), key=lambda p: -med[p])
        best = ranked[0] if ranked else None
        clean = next((p for p in ranked if errs(get(p, s)) == 0), None)
        L += [f"## {s}: {SCENARIOS[s][0]}", ""]
        if best:
            line = f"Best peer: {best}, {fmt_k(med[best])} requests/s"
            if clean and clean != best:
                line += f" ({int(errs(get(best, s)))} socket errors over its runs; best without errors: {clean}, " \
                        f"{fmt_k(med[clean])})"
            L += [line + ".", ""]
        L += ["| server | requests/s | × best peer | p99 ms | errors c/r/w/t | new conns per request "
              "| server CPU µs/request | busy % server core / wrk core |", "|---|---|---|---|---|---|---|---|"]
        for p in servers:
            rs = get(p, s)
            if not rs:
                continue
            ratio = f"{med[p] / med[best]:.2f}×" if med.get(p) and best else "-"
            if clean and clean != best and med.get(p):
                ratio += f" ({med[p] / med[clean]:.2f}× {clean})"
            e = "/".join(str(int(sum(num(r[k]) or 0 for r in rs)))
                         for k in ("err_connect", "err_read", "err_write", "err_timeout"))
            cpu = [num(r["srv_cpu_pct"]) / 100 * num(r["duration_s"]) / num(r["requests"]) * 1e6
                   for r in rs if num(r["srv_cpu_pct"]) is not None and num(r["duration_s"]) and num(r["requests"])]
            busy = f"{fmt0(median(col(rs, 'cpu_srv_busy_pct')))} / {fmt0(median(col(rs, 'cpu_cli_busy_pct')))}"
            name = f"**{p}**" if p in WEFT or p in WEFT_BASE else p
            L.append(f"| {name} | {spread(col(rs, 'rps'), fmt_k)} | {ratio} | "
                     f"{'n/a' if s in NO_LATENCY else spread(col(rs, 'p99_ms'), fmt_ms)} | {e} | "
                     f"{fmt3(median(col(rs, 'conns_per_req')))} | {spread(cpu, lambda v: f'{v:.1f}')} | {busy} |")
        L.append("")

    for s in idles:
        n = s[4:]
        L += [f"## {s}: memory with {n} idle keep-alive connections", "",
              f"A fresh server answers 50 single requests, then {n} connections each send GET /, read the answer and "
              "stay idle 5 s. RSS is the process tree's resident memory (kernel socket buffers are not in it); live "
              "heap (JVMs) is the class histogram's total, live objects after a full GC, with the connections open "
              "minus before.", "",
              "| server | RSS before MiB | RSS with them MiB | live heap bytes per connection | still open |",
              "|---|---|---|---|---|"]
        for p in servers:
            rs = get(p, s)
            if not rs:
                continue
            heap = [(num(r["heap_with_kb"]) - num(r["heap_before_kb"])) * 1024 / num(r["idle_held"])
                    for r in rs if num(r["heap_with_kb"]) is not None and num(r["heap_before_kb"]) is not None
                    and num(r["idle_held"])]
            mib = lambda k: [v / 1024 for v in col(rs, k) if v is not None]
            L.append(f"| {p} | {spread(mib('idle_before_kb'), fmt0)} | {spread(mib('idle_after_kb'), fmt0)} | "
                     f"{spread(heap, fmt0)} | {spread(col(rs, 'idle_held'), fmt0)} |")
        L.append("")

    notes = [r for r in rows if r.get("note")]
    if notes:
        L += ["## Notes", ""] + [f"- round {r['round']}, {r['peer']}, {r['scenario']}: {r['note']}" for r in notes] + [""]
    if meta.get("order"):
        L += ["## Order (each round starts one server later)", ""]
        L += [f"- round {i}: {' '.join(o)}" for i, o in enumerate(meta["order"], 1)] + [""]
    return "\n".join(L)


def fmt0(v):
    return "-" if v is None else f"{v:.0f}"


def fmt3(v):
    return "-" if v is None else f"{v:.3f}"


def main():
    ap = argparse.ArgumentParser(add_help=False)
    ap.add_argument("-h", "--help", action="store_true")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--duration", type=int, default=10)
    ap.add_argument("--warmup", type=int, default=5)
    ap.add_argument("--prewarm", type=int, default=2)
    ap.add_argument("--scenarios", default=",".join(SCENARIOS))
    ap.add_argument("--idle", type=int, default=1000)
    ap.add_argument("--out", default=os.path.join(BENCH, "results"))
    ap.add_argument("--label", default="")
    ap.add_argument("--report")
    ap.add_argument("servers", nargs="*")
    a = ap.parse_args()
    if a.help:
        print(__doc__.strip())
        return 0
    if a.report:
        meta_path = os.path.join(a.report[:-4] + "-raw", "meta.json")
        meta = json.load(open(meta_path)) if os.path.exists(meta_path) else None
        print(report(a.report, meta))
        return 0
    a.scenarios = [s for s in a.scenarios.split(",") if s]
    for s in a.scenarios:
        if s not in SCENARIOS:
            raise SystemExit(f"unknown scenario {s} (known: {', '.join(SCENARIOS)})")
    if a.rounds < 1 or a.duration < 1 or min(a.warmup, a.prewarm, a.idle) < 0:
        raise SystemExit("--rounds and --duration must be at least 1, the others at least 0")
    if not re.fullmatch(r"[A-Za-z0-9._-]*", a.label):
        raise SystemExit("--label: letters, digits, . _ - only")
    servers = ALL if a.servers == ["all"] else a.servers or DEFAULT
    for s in servers:
        if s not in ALL:
            raise SystemExit(f"unknown server {s} (known: {' '.join(ALL)})")
    servers = list(dict.fromkeys(servers))
    if not shutil.which("nginx") and any(s.startswith("nginx-") for s in servers):
        if a.servers:
            raise SystemExit("nginx is not installed (Debian: apt-get install -y nginx, or bench/peers/build.sh as root)")
        servers = [s for s in servers if not s.startswith("nginx-")]
        print("nginx is not installed: left out (apt-get install -y nginx)")
    for s in servers:
        argv = server_argv(s, 0, "/tmp") if not s.startswith("nginx-") else ["nginx"]
        need = next((x for x in argv if x.endswith(".jar") or x.endswith("/rust-book")), None)
        if need and not os.path.exists(need):
            raise SystemExit(f"{s}: {need} is missing; build it with "
                             + ("./mvnw -pl weft-bench -am package" if s in WEFT else "bench/peers/build.sh"))
    a.server_cpu = int(os.environ.get("SERVER_CPU", 0))
    a.client_cpu = int(os.environ.get("CLIENT_CPU", 1))
    a.base_port = int(os.environ.get("BASE_PORT", 27080))
    run = Run(a)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    try:
        run.go(servers)
    except KeyboardInterrupt:
        return 130
    finally:
        run.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
