#!/usr/bin/env python3
"""Where the time goes, from a JFR recording: the share of execution samples whose stack
holds each method (inclusive), most first.

Usage: jfr print --events jdk.ExecutionSample REC.jfr | bench/jfr-summary.py [N]
"""
import collections, re, sys

txt = sys.stdin.read()
stacks = []
for block in txt.split("jdk.ExecutionSample")[1:]:
    frames = re.findall(r"^\s+([\w.$<>]+\([^)]*\))\s+line:", block, re.M)
    if frames:
        stacks.append(frames)
n = len(stacks)
print("samples", n)
incl = collections.Counter()
for st in stacks:
    for f in set(re.sub(r"\(.*", "", x) for x in st):
        incl[f] += 1
for f, c in incl.most_common(int(sys.argv[1]) if len(sys.argv) > 1 else 40):
    print(f"{100*c/n:5.1f}% {f}")
