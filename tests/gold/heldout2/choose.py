#!/usr/bin/env python3
"""Deterministic, difficulty-blind selection of the second held-out set (heldout2).

Usage: python3 choose.py [salt]   (default salt: heldout2)

Candidates: every *.md of the 20 show folders of the devchat corpus (blog, meetups, events,
conferences and _data excluded) whose "<show>/<file>" is in neither dev.json nor heldout.json.
Quota: 30 pages, at least 1 per show, the rest proportional to the number of candidates
(see quotas()). Draw: sort a show's candidates by (front-matter date, file name), cut into
n consecutive slices (n = quota), take in each slice the page with the smallest
sha1("<salt>:<show>/<file>").
"""
import hashlib, json, os, re, sys

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.normpath(os.path.join(HERE, "..", "..", ".."))
CORPUS = os.path.join(REPO, "..", "shared", "corpus", "devchat")
EXCLUDE = {"blog", "meetups", "events", "conferences", "_data"}
GOLD = [os.path.join(REPO, "..", "shared", "gold", "dev.json"), os.path.join(REPO, "tests", "gold", "heldout.json")]
TOTAL = 30


def fm_date(path):
    with open(path, encoding="utf-8") as fh:
        lines = fh.read().split("\n")
    if lines[0].strip() != "---":
        return ""
    for line in lines[1:]:
        if line.strip() == "---":
            break
        m = re.match(r"date:\s*['\"]?(\d{4}-\d{2}-\d{2})", line)
        if m:
            return m.group(1)
    return ""


def candidates():
    used = set()
    for g in GOLD:
        used |= {e["file"] for e in json.load(open(g, encoding="utf-8"))}
    shows = sorted(d for d in os.listdir(CORPUS)
                   if os.path.isdir(os.path.join(CORPUS, d)) and d not in EXCLUDE)
    assert len(shows) == 20, shows
    out = {}
    for s in shows:
        files = sorted(f for f in os.listdir(os.path.join(CORPUS, s)) if f.endswith(".md"))
        out[s] = [f for f in files if f"{s}/{f}" not in used]
    return out


def quotas(sizes, total=TOTAL):
    """Proportional to size with a floor of 1: shows whose proportional share of the seats
    still to give is below 1 get exactly 1 (repeated until stable); the remaining seats go
    to the other shows by largest remainder (ties: larger show, then name)."""
    fixed = {}
    while True:
        rest = {s: n for s, n in sizes.items() if s not in fixed}
        seats = total - len(fixed)
        tot = sum(rest.values())
        small = {s for s, n in rest.items() if seats * n / tot < 1}
        if not small:
            break
        for s in small:
            fixed[s] = 1
    share = {s: seats * n / tot for s, n in rest.items()}
    q = {s: int(v) for s, v in share.items()}
    left = seats - sum(q.values())
    for s in sorted(rest, key=lambda s: (-(share[s] - q[s]), -rest[s], s))[:left]:
        q[s] += 1
    q.update(fixed)
    assert sum(q.values()) == total
    return q


def main():
    salt = sys.argv[1] if len(sys.argv) > 1 else "heldout2"
    cands = candidates()
    q = quotas({s: len(v) for s, v in cands.items()})
    print(f"# salt={salt} total={sum(q.values())}")
    print("# quotas: " + ", ".join(f"{s}={q[s]}({len(cands[s])})" for s in sorted(q, key=lambda s: (-q[s], s))))
    for s in sorted(cands):
        items = sorted((fm_date(os.path.join(CORPUS, s, f)), f) for f in cands[s])
        n = q[s]
        for i in range(n):
            lo, hi = len(items) * i // n, len(items) * (i + 1) // n
            sl = items[lo:hi]
            best = min(sl, key=lambda t: hashlib.sha1(f"{salt}:{s}/{t[1]}".encode()).hexdigest())
            print(f"{s}/{best[1]}\t{best[0]}\tslice {i + 1}/{n} ({lo}..{hi - 1} of {len(items)})")


if __name__ == "__main__":
    main()
