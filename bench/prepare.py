"""The benchmark's inputs, made from the real OSV records in WORK:

    osv.jsonl    52,000 records, one per line (the corpus, compacted, in turn)
    files/NN/    the same records as 10,000 files, a thousand per folder
    random.bin   256 MiB of random bytes, for the digests

    python3 bench/prepare.py RECORDS WORK
"""

import json
import os
import sys

records, work = sys.argv[1:3]
paths = []
for root, dirs, files in os.walk(records):
    dirs.sort()
    paths += [os.path.join(root, f) for f in sorted(files) if f.endswith(".json")]
texts = [open(p, "rb").read() for p in paths]

with open(os.path.join(work, "osv.jsonl"), "w", encoding="utf-8") as out:
    for i in range(52000):
        record = json.loads(texts[i % len(texts)])
        out.write(json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n")

for i in range(10000):
    folder = os.path.join(work, "files", f"{i // 1000:02}")
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, f"{i:05}.json"), "wb") as out:
        out.write(texts[i % len(texts)])

with open(os.path.join(work, "random.bin"), "wb") as out:
    for _ in range(256):
        out.write(os.urandom(1 << 20))
