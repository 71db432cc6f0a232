"""Runs every measure of the benchmark and prints the performance table.

Called by bench/run.sh, which builds ssr-bench and ssr (release), installs
Ajv, and prepares WORK (a JSON Lines file of 52,000 OSV records, the same
records as 10,000 files, a 256 MiB file of random bytes):

    python3 bench/compare.py BUILD CORPUS WORK [--quick]

Every figure is a ratio against a reference measured in this run, on this
machine: in process (ssr-bench) or as whole processes started alternately,
several rounds, median kept.
"""

import os
import platform
import re
import statistics
import subprocess
import sys
import time

BUILD, CORPUS, WORK = sys.argv[1:4]
QUICK = "--quick" in sys.argv[4:]
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BENCH = os.path.join(BUILD, "bench", "ssr-bench")
SSR = os.path.join(BUILD, "cli", "ssr")
RECORDS = os.path.join(CORPUS, "osv", "records")
SCHEMA = os.path.join(CORPUS, "osv", "schema.json")
AJV = os.path.join(ROOT, "bench", "ajv-osv.mjs")
JSONL = os.path.join(WORK, "osv.jsonl")
FILES = os.path.join(WORK, "files")
BIG = os.path.join(WORK, "random.bin")
ROUNDS = 3 if QUICK else 9

rows = []  # (measure, libssr, reference, ratio text, target, holds)


def say(text):
    print(text, file=sys.stderr, flush=True)


def bench(*args):
    """ssr-bench's rows: {measure: (libssr, reference, unit, ratio)}."""
    out = subprocess.run([BENCH, *args], check=True, capture_output=True, text=True).stdout
    result = {}
    for line in out.splitlines():
        name, ours, ref, unit, ratio = line.split("\t")
        result[name] = (float(ours), float(ref), unit, float(ratio))
    return result


def wall(commands, rounds=ROUNDS):
    """Median wall time of each command, the commands started alternately, output discarded."""
    times = {name: [] for name in commands}
    for _ in range(rounds):
        for name, cmd in commands.items():
            start = time.perf_counter()
            procs = [subprocess.Popen(c, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) for c in cmd]
            for p in procs:
                p.wait()
            times[name].append(time.perf_counter() - start)
    return {name: statistics.median(t) for name, t in times.items()}


def peak_rss_kib(cmd):
    r = subprocess.run(["/usr/bin/time", "-v", *cmd], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    return int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", r.stderr).group(1))


def add(measure, ours, reference, ratio, target, holds):
    rows.append((measure, ours, reference, ratio, target, "yes" if holds else "**no**"))


say("validation in process: libssr, bare cJSON parse (ssr-bench) and Ajv (node), same files, preloaded")
# The two programs run alternately, several rounds; each keeps its best rate.
reps = "5" if QUICK else "11"
best = {"ours": 0.0, "cjson": 0.0, "parse": 0.0, "ajv": 0.0}
for _ in range(2 if QUICK else 4):
    v = bench("validate", RECORDS, reps)
    best["ours"] = max(best["ours"], v["osv.validate_vs_cjson_parse"][0])
    best["cjson"] = max(best["cjson"], v["osv.validate_vs_cjson_parse"][1])
    best["parse"] = max(best["parse"], v["osv.parse_vs_cjson_parse"][0])
    out = subprocess.run(["node", AJV, "records", SCHEMA, RECORDS, reps], check=True, capture_output=True, text=True)
    best["ajv"] = max(best["ajv"], float(out.stdout.split("\t")[1]))
ours, cjson, parse, ajv = best["ours"], best["cjson"], best["parse"], best["ajv"]
add("OSV validation, in process (2,606 real records)", f"{ours:,.0f} records/s", f"Ajv 8: {ajv:,.0f} records/s",
    f"{ours / ajv:.2f}x", ">= 2x", ours / ajv >= 2)
add("OSV validation time / bare `cJSON_ParseWithLength` time, same bytes", f"{ours:,.0f} records/s",
    f"cJSON parse: {cjson:,.0f} records/s", f"{cjson / ours:.2f}x the time", "<= 1.5x", cjson / ours <= 1.5)
add("libssr's strict parse alone / bare cJSON parse", f"{parse:,.0f} records/s", f"{cjson:,.0f} records/s",
    f"{cjson / parse:.2f}x the time", "(information)", True)

say("validation, whole process: ssr validate --kind osv over 52,000 JSON Lines, and the same with Ajv")
t = wall({"ssr": [[SSR, "validate", "--kind", "osv", JSONL]], "ajv": [["node", AJV, "jsonl", SCHEMA, JSONL]]})
add("OSV validation, whole process (52,000 JSON Lines, 65 MiB)", f"{t['ssr']:.2f} s", f"node + Ajv: {t['ajv']:.2f} s",
    f"{t['ajv'] / t['ssr']:.2f}x", ">= 2x", t["ajv"] / t["ssr"] >= 2)

say("DSSE verification of a 1 KiB payload, and bare crypto_sign_verify_detached")
d = bench("dsse", "11" if QUICK else "61")["dsse.verify_1KiB"]
add("DSSE verify, 1 KiB payload, one Ed25519 signature", f"{d[0]:,.0f}/s",
    f"`crypto_sign_verify_detached`: {d[1]:,.0f}/s", f"{d[3]:.2f}", ">= 0.90", d[3] >= 0.9)

say("digests: libssr and bare libsodium, 32 MiB in memory and the 256 MiB file")
g = bench("digest", BIG, "3" if QUICK else "9")
for alg in ("sha256", "sha512", "blake2b-512"):
    for where, label in (("memory", "32 MiB in memory"), ("file", "256 MiB file")):
        ours, ref, unit, ratio = g[f"digest.{alg}.{where}"]
        add(f"{alg}, {label}", f"{ours:,.0f} MiB/s", f"libsodium: {ref:,.0f} MiB/s", f"{ratio:.2f}", ">= 0.90",
            ratio >= 0.9)
size_mib = os.path.getsize(BIG) / (1 << 20)
t = wall({"ssr256": [[SSR, "digest", "--alg", "sha256", BIG]], "sha256sum": [["sha256sum", BIG]],
          "ssrb2": [[SSR, "digest", "--alg", "blake2b-512", BIG]], "b2sum": [["b2sum", BIG]]},
         rounds=3 if QUICK else 5)
for ours, ref, label in (("ssr256", "sha256sum", "sha256"), ("ssrb2", "b2sum", "blake2b-512")):
    add(f"`ssr digest --alg {label}`, 256 MiB file, whole process", f"{size_mib / t[ours]:,.0f} MiB/s",
        f"`{ref}`: {size_mib / t[ref]:,.0f} MiB/s", f"{t[ref] / t[ours]:.2f}", "(information)", True)

say("ssr validate over 10,000 files: -j 1, -j 2, and two -j 1 processes on halves of the tree")
halves = sorted(os.path.join(FILES, x) for x in os.listdir(FILES))
mid = len(halves) // 2
base = [SSR, "validate", "--kind", "osv"]
t = wall({"j1": [base + ["-j", "1", FILES]], "j2": [base + ["-j", "2", FILES]],
          "two": [base + ["-j", "1", *halves[:mid]], base + ["-j", "1", *halves[mid:]]]},
         rounds=5 if QUICK else 21)
add("`ssr validate -j 2` over 10,000 files, speed-up over `-j 1`", f"{t['j2'] * 1000:.0f} ms",
    f"`-j 1`: {t['j1'] * 1000:.0f} ms", f"{t['j1'] / t['j2']:.2f}x", ">= 1.6x", t["j1"] / t["j2"] >= 1.6)
add("two `-j 1` processes on halves of the tree at once (what two cores give here)", f"{t['two'] * 1000:.0f} ms",
    f"`-j 1`: {t['j1'] * 1000:.0f} ms", f"{t['j1'] / t['two']:.2f}x", "(the machine's ceiling)", True)

say("peak memory")
for jobs in ("1", "2"):
    kib = peak_rss_kib(base + ["-j", jobs, FILES])
    add(f"peak RSS, `ssr validate -j {jobs}` over 10,000 files", f"{kib / 1024:.1f} MiB", "", "", "< 32 MiB",
        kib < 32 * 1024)
kib = peak_rss_kib([SSR, "validate", "--kind", "osv", JSONL])
add("peak RSS, `ssr validate` over the 65 MiB JSON Lines file", f"{kib / 1024:.1f} MiB", "", "", "< 32 MiB",
    kib < 32 * 1024)
m = bench("memory", RECORDS)
add("heap per document / document size, median (all 2,606 records)", f"{m['memory.peak_over_size.median'][0]:.1f}x",
    "", "", "small multiple", m["memory.peak_over_size.median"][0] <= 16)
add("heap per document / document size, largest", f"{m['memory.peak_over_size.max'][0]:.1f}x", "", "",
    "small multiple", m["memory.peak_over_size.max"][0] <= 16)

cpu = "unknown"
with open("/proc/cpuinfo") as f:
    for line in f:
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
print(f"Machine: {cpu}, {os.cpu_count()} CPUs, {platform.system()} {platform.release()}; "
      f"node {subprocess.run(['node', '--version'], capture_output=True, text=True).stdout.strip()}.\n")
print("| measure | libssr | reference, same run | ratio | target | holds |")
print("|---|---|---|---|---|---|")
for row in rows:
    print("| " + " | ".join(row) + " |")
