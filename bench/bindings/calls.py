"""Calls per second of ssrmeta.validate on one document: calls.py FILE [REPS]."""
import sys
import time

import ssrmeta

CALLS = 200_000
data = open(sys.argv[1], "rb").read()
best = None
for _ in range(int(sys.argv[2]) if len(sys.argv) > 2 else 5):
    start = time.perf_counter()
    for _ in range(CALLS):
        if not ssrmeta.validate(data).valid:
            raise SystemExit("the document does not validate")
    t = time.perf_counter() - start
    best = t if best is None else min(best, t)
print(round(CALLS / best))
