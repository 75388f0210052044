#!/usr/bin/env python3
"""Small HTTP/1.1 clients for the measurement scripts, each logging every request's outcome.

  probe.py keepalive PORT CONNS SECONDS   requests back to back on CONNS connections opened first
  probe.py fresh PORT THREADS SECONDS     one request per connection (Connection: close)
  probe.py hold PORT COUNT SECONDS        opens COUNT keep-alive connections, one request each,
                                          then holds them idle for SECONDS; prints progress
  probe.py recover PORT SECONDS           time until a fresh connection gets a 200, then 50 more

Each request prints one line: "<outcome> <status> <seconds> <path> <unix time at its end>",
where outcome is
  ok        a complete response was read (status is its code)
  refused   the connection could not be made (connect refused or timed out): never accepted
  unanswered the connection was made but closed or reset before any response byte: the server
            never read the request (the kernel's backlog at listener close, or an idle close)
  partial   a response started but was cut short (a failure)
  timeout   no complete response within 10 s (a failure)
Only the standard library; bounded in time everywhere.
"""
import socket
import sys
import threading
import time

REQ = "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n{extra}\r\n"


def read_response(sock, buf):
    """Reads one response from sock; returns (status, rest_of_buffer). Raises on EOF."""
    got_any = bool(buf)
    while b"\r\n\r\n" not in buf:
        chunk = sock.recv(65536)
        if not chunk:
            raise EOFError("partial" if got_any else "unanswered")
        got_any = True
        buf += chunk
    head, _, rest = buf.partition(b"\r\n\r\n")
    lines = head.split(b"\r\n")
    status = int(lines[0].split()[1])
    length = 0
    chunked = False
    for line in lines[1:]:
        name, _, value = line.partition(b":")
        name = name.strip().lower()
        if name == b"content-length":
            length = int(value.strip())
        elif name == b"transfer-encoding" and b"chunked" in value.lower():
            chunked = True
    if chunked:
        while not rest.endswith(b"0\r\n\r\n"):
            chunk = sock.recv(65536)
            if not chunk:
                raise EOFError("partial")
            rest += chunk
        return status, b""
    while len(rest) < length:
        chunk = sock.recv(65536)
        if not chunk:
            raise EOFError("partial")
        rest += chunk
    return status, rest[length:]


def one_exchange(sock, path, extra, buf=b""):
    start = time.monotonic()
    try:
        sock.sendall(REQ.format(path=path, extra=extra).encode())
        status, buf = read_response(sock, buf)
        return ("ok", status, time.monotonic() - start, buf)
    except socket.timeout:
        return ("timeout", 0, time.monotonic() - start, None)
    except EOFError as e:
        return (str(e), 0, time.monotonic() - start, None)
    except (ConnectionResetError, BrokenPipeError) as e:
        # Reset before any byte of a response: the server never read this request.
        return ("unanswered", 0, time.monotonic() - start, None)
    except OSError:
        return ("partial", 0, time.monotonic() - start, None)


def connect(port, timeout=10):
    s = socket.create_connection(("127.0.0.1", port), timeout=timeout)
    s.settimeout(10)
    return s


out_lock = threading.Lock()


def log(outcome, status, seconds, path):
    with out_lock:
        sys.stdout.write(f"{outcome} {status} {seconds:.6f} {path} {time.time():.3f}\n")


def keepalive(port, conns, seconds):
    socks = []
    for _ in range(conns):
        try:
            socks.append(connect(port))
        except OSError:
            log("refused", 0, 0, "/")
    # One request on each first: from then on they are admitted. Tell the caller on stderr.
    admitted = []
    for s in socks:
        outcome, status, t, buf = one_exchange(s, "/", "")
        log(outcome, status, t, "/")
        if outcome == "ok" and status == 200:
            admitted.append(s)
    socks = admitted
    sys.stdout.flush()
    print(f"READY {len(socks)}", file=sys.stderr, flush=True)
    end = time.monotonic() + seconds

    def run(s):
        buf = b""
        while time.monotonic() < end:
            outcome, status, t, buf = one_exchange(s, "/", "", buf)
            log(outcome, status, t, "/")
            if outcome != "ok" or status != 200:
                return
    threads = [threading.Thread(target=run, args=(s,)) for s in socks]
    for t in threads:
        t.start()
    for t in threads:
        t.join(seconds + 15)


def fresh(port, threads, seconds, path="/"):
    end = time.monotonic() + seconds

    def run(i):
        # "/mixed": every fourth thread asks for /sleep (5 s in the built-in site), the rest for /
        p = path if path != "/mixed" else ("/sleep" if i % 4 == 0 else "/")
        while time.monotonic() < end:
            start = time.monotonic()
            try:
                s = connect(port, timeout=3)
            except OSError:
                log("refused", 0, time.monotonic() - start, p)
                time.sleep(0.05)
                continue
            with s:
                outcome, status, t, _ = one_exchange(s, p, "Connection: close\r\n")
            log(outcome, status, t, p)
    ts = [threading.Thread(target=run, args=(i,)) for i in range(threads)]
    for t in ts:
        t.start()
    for t in ts:
        t.join(seconds + 20)


def hold(port, count, seconds):
    socks = []
    failures = 0
    start = time.monotonic()
    for i in range(count):
        try:
            s = connect(port)
            outcome, status, _, _ = one_exchange(s, "/", "")
            if outcome != "ok" or status != 200:
                failures += 1
                s.close()
                continue
            socks.append(s)
        except OSError:
            failures += 1
        if (i + 1) % 2000 == 0:
            print(f"opened {i + 1} ({len(socks)} held, {failures} failed) in {time.monotonic() - start:.1f}s", flush=True)
    print(f"HOLDING {len(socks)} failed {failures}", flush=True)
    time.sleep(seconds)
    # Still alive? Ask on a sample of them.
    alive = 0
    for s in socks[:: max(1, len(socks) // 100)]:
        outcome, status, _, _ = one_exchange(s, "/", "")
        alive += outcome == "ok" and status == 200
    print(f"sampled {len(socks[:: max(1, len(socks) // 100)])} held connections after {seconds}s: {alive} still answered", flush=True)
    for s in socks:
        s.close()


def recover(port, seconds):
    start = time.monotonic()
    first = None
    while time.monotonic() - start < seconds:
        try:
            with connect(port, timeout=2) as s:
                outcome, status, _, _ = one_exchange(s, "/", "Connection: close\r\n")
            if outcome == "ok" and status == 200:
                first = time.monotonic() - start
                break
        except OSError:
            pass
        time.sleep(0.01)
    if first is None:
        print(f"RECOVER none within {seconds}s")
        return
    ok = 0
    lat = []
    for _ in range(50):
        with connect(port) as s:
            outcome, status, t, _ = one_exchange(s, "/", "Connection: close\r\n")
        ok += outcome == "ok" and status == 200
        lat.append(t)
    lat.sort()
    print(f"RECOVER first 200 after {first:.3f}s; then {ok}/50 answered 200, p50 {lat[24]:.4f}s max {lat[-1]:.4f}s")


if __name__ == "__main__":
    mode, port = sys.argv[1], int(sys.argv[2])
    if mode == "keepalive":
        keepalive(port, int(sys.argv[3]), float(sys.argv[4]))
    elif mode == "fresh":
        fresh(port, int(sys.argv[3]), float(sys.argv[4]), sys.argv[5] if len(sys.argv) > 5 else "/")
    elif mode == "hold":
        hold(port, int(sys.argv[3]), float(sys.argv[4]))
    elif mode == "recover":
        recover(port, float(sys.argv[3]))
    else:
        sys.exit(__doc__)
