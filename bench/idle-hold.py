#!/usr/bin/env python3
"""Opens N keep-alive connections to 127.0.0.1:PORT, sends one GET / on each, reads the
answers, then holds them idle for HOLD seconds (or until killed). For looking at a server's
memory with idle connections (jcmd GC.class_histogram, /proc/PID/status).
Usage: idle-hold.py PORT N [HOLD]"""
import resource, selectors, socket, sys, time

port, n = int(sys.argv[1]), int(sys.argv[2])
hold = float(sys.argv[3]) if len(sys.argv) > 3 else 3600
soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
resource.setrlimit(resource.RLIMIT_NOFILE, (min(n + 64, hard), hard))
req = b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: idle-test\r\n\r\n"
socks = []
for _ in range(n):
    s = socket.create_connection(("127.0.0.1", port), timeout=5)
    s.sendall(req)
    s.setblocking(False)
    socks.append(s)
sel = selectors.DefaultSelector()
for s in socks:
    sel.register(s, selectors.EVENT_READ)
answered = set()
deadline = time.monotonic() + 60
while len(answered) < n and time.monotonic() < deadline:
    for key, _ in sel.select(timeout=0.5):
        try:
            if key.fileobj.recv(65536):
                answered.add(key.fileobj)
                sel.unregister(key.fileobj)
        except BlockingIOError:
            pass
print(f"answered {len(answered)}/{n}; holding", flush=True)
time.sleep(hold)
