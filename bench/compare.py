"""Runs every measure of the benchmark and prints the performance table.

Called by bench/run.sh, which builds ssr-bench and ssr (release), installs
Ajv, and prepares WORK (a JSON Lines file of 52,000 OSV records, the same
records as 10,000 files, a 256 MiB file of random bytes):

    python3 bench/compare.py BUILD CORPUS WORK [--quick] [--only SECTION,...]

Sections: validate, dsse, digest, jobs, memory, verify, tokens, bindings. The verify section
installs its references in WORK/anchors the first time: sigstore-python
and pypi-attestations from PyPI, sigstore-go from the Go module proxy,
sigstore-js from npm, at the versions bench/anchors/ pins; the tokens
section, PyJWT and npm jose from the same places.

Every figure is a ratio against a reference measured in this run, on this
machine: in process (ssr-bench) or as whole processes started alternately,
several rounds, median kept.
"""

import functools
import hashlib
import http.server
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import threading
import time

BUILD, CORPUS, WORK = sys.argv[1:4]
QUICK = "--quick" in sys.argv[4:]
ONLY = set(sys.argv[sys.argv.index("--only") + 1].split(",")) if "--only" in sys.argv[4:] else None


def section(name):
    return ONLY is None or name in ONLY

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BENCH = os.path.join(BUILD, "bench", "ssr-bench")
# the ECDSA backend the benchmarked build went to ("ssr 0.1.0 (ECDSA: aws-lc 5.12.0)")
ECDSA_BACKEND = subprocess.run([os.path.join(BUILD, "cli", "ssr"), "version"], capture_output=True,
                               text=True).stdout.strip().partition("ECDSA: ")[2].rstrip(")") or "unknown"
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


def run_validate():
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


def run_validate_process():
    say("validation, whole process: ssr validate --kind osv over 52,000 JSON Lines, and the same with Ajv")
    t = wall({"ssr": [[SSR, "validate", "--kind", "osv", JSONL]], "ajv": [["node", AJV, "jsonl", SCHEMA, JSONL]]})
    add("OSV validation, whole process (52,000 JSON Lines, 65 MiB)", f"{t['ssr']:.2f} s", f"node + Ajv: {t['ajv']:.2f} s",
        f"{t['ajv'] / t['ssr']:.2f}x", ">= 2x", t["ajv"] / t["ssr"] >= 2)


def run_dsse():
    say("DSSE verification of a 1 KiB payload, and bare crypto_sign_verify_detached")
    d = bench("dsse", "11" if QUICK else "61")["dsse.verify_1KiB"]
    add("DSSE verify, 1 KiB payload, one Ed25519 signature", f"{d[0]:,.0f}/s",
        f"`crypto_sign_verify_detached`: {d[1]:,.0f}/s", f"{d[3]:.2f}", ">= 0.90", d[3] >= 0.9)


def run_jobs():
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


def run_memory():
    say("peak memory")
    base = [SSR, "validate", "--kind", "osv"]
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


def run_digest():
    say("digests: libssr and bare EVP (OpenSSL), 32 MiB in memory and the 256 MiB file; openssl speed -evp")
    g = bench("digest", BIG, "3" if QUICK else "9")
    speed = {}
    for alg, evp in (("sha256", "sha256"), ("sha512", "sha512"), ("blake2b-512", "blake2b512")):
        out = subprocess.run(["openssl", "speed", "-seconds", "2" if QUICK else "3", "-bytes", "16384", "-evp", evp],
                             capture_output=True, text=True).stdout
        m = re.search(r"^\S+\s+([0-9.]+)k\s*$", out, re.M)
        speed[alg] = float(m.group(1)) * 1000 / (1 << 20) if m else 0.0  # kB/s (1000) to MiB/s
    for alg in ("sha256", "sha512", "blake2b-512"):
        ours, ref, unit, ratio = g[f"digest.{alg}.memory"]
        add(f"{alg}, 32 MiB in memory", f"{ours:,.0f} MiB/s", f"`openssl speed -evp` (16 KiB blocks): "
            f"{speed[alg]:,.0f} MiB/s", f"{ours / speed[alg]:.2f}" if speed[alg] else "-", ">= 0.90",
            speed[alg] > 0 and ours / speed[alg] >= 0.9)
        add(f"{alg}, 32 MiB in memory, against bare `EVP_Digest`", f"{ours:,.0f} MiB/s", f"{ref:,.0f} MiB/s",
            f"{ratio:.2f}", ">= 0.90", ratio >= 0.9)
        ours, ref, unit, ratio = g[f"digest.{alg}.file"]
        add(f"{alg}, 256 MiB file, against a bare EVP stream", f"{ours:,.0f} MiB/s", f"{ref:,.0f} MiB/s",
            f"{ratio:.2f}", ">= 0.90", ratio >= 0.9)
    size_mib = os.path.getsize(BIG) / (1 << 20)
    t = wall({"ssr256": [[SSR, "digest", "--alg", "sha256", BIG]], "sha256sum": [["sha256sum", BIG]],
              "ssr512": [[SSR, "digest", "--alg", "sha512", BIG]], "sha512sum": [["sha512sum", BIG]],
              "ssrb2": [[SSR, "digest", "--alg", "blake2b-512", BIG]], "b2sum": [["b2sum", BIG]]},
             rounds=3 if QUICK else 5)
    for ours, ref, label in (("ssr256", "sha256sum", "sha256"), ("ssr512", "sha512sum", "sha512"),
                             ("ssrb2", "b2sum", "blake2b-512")):
        add(f"`ssr digest --alg {label}`, 256 MiB file, whole process", f"{size_mib / t[ours]:,.0f} MiB/s",
            f"`{ref}`: {size_mib / t[ref]:,.0f} MiB/s", f"{t[ref] / t[ours]:.2f}", ">= 1.00", t[ref] / t[ours] >= 1.0)


SIGSTORE = os.path.join(CORPUS, "sigstore")
ANCHORS = os.path.join(ROOT, "bench", "anchors")
IDENTITY = ("https://github.com/sigstore-conformance/extremely-dangerous-public-oidc-beacon/.github/workflows/"
            "extremely-dangerous-oidc-beacon.yml@refs/heads/main")
ISSUER = "https://token.actions.githubusercontent.com"


def verify_cases():
    """The benchmark's bundles, as the anchor drivers read them (the names of ssr-bench verify's rows)."""
    conformance = os.path.join(SIGSTORE, "conformance", "bundle-verify")
    good = os.path.join(SIGSTORE, "trust", "public-good.trusted_root.json")
    a_txt = os.path.join(conformance, "a.txt")
    sha = hashlib.sha256(open(a_txt, "rb").read()).hexdigest()
    cases = []
    for name, folder, root in (("v0.1", "happy-path-v0.1", good), ("v0.2", "happy-path-v0.2", good),
                               ("v0.3", "happy-path-v0.3", good), ("dsse", "happy-path-intoto-in-dsse-v3", good),
                               ("rekor2", "rekor2-happy-path", os.path.join(conformance, "rekor2-happy-path",
                                                                            "trusted_root.json"))):
        cases.append({"name": f"verify.bundle.{name}", "bundle": os.path.join(conformance, folder, "bundle.sigstore.json"),
                      "artifact": a_txt, "sha256": sha, "root": root, "identity": IDENTITY, "issuer": ISSUER})
    pep = os.path.join(SIGSTORE, "pep740")
    dist = os.path.join(pep, "pypi_attestation_models-0.0.4a2.tar.gz")
    dsha = hashlib.sha256(open(dist, "rb").read()).hexdigest()
    common = {"sha256": dsha, "artifact": dist, "root": good, "issuer": ISSUER,
              "identity": "https://github.com/trailofbits/pypi-attestation-models/.github/workflows/release.yml"
                          "@refs/tags/v0.0.4a2"}
    # the attestation for PEP 740 verifiers (libssr, pypi-attestations); its bundle form for the others
    cases.append({"name": "verify.pep740.attestation", "bundle": dist + ".attestation", "pep740": True,
                  "filename": os.path.basename(dist), "repository": "trailofbits/pypi-attestation-models",
                  "workflow": "release.yml", **common})
    cases.append({"name": "verify.pep740.bundle", "bundle": dist + ".sigstore", **common})
    return cases


def set_up_anchors():
    """Installs the three references once in WORK/anchors; returns their commands (or None when one cannot)."""
    home = os.path.join(WORK, "anchors")
    os.makedirs(home, exist_ok=True)
    commands = {}
    py = os.path.join(home, "py")
    if not os.path.exists(os.path.join(py, "bin", "python")):
        subprocess.run([sys.executable, "-m", "venv", py], check=True)
        subprocess.run([os.path.join(py, "bin", "pip"), "install", "-q", "-r",
                        os.path.join(ANCHORS, "python", "requirements.txt")], check=True)
    commands["sigstore-python"] = [os.path.join(py, "bin", "python"), os.path.join(ANCHORS, "python", "verify.py")]
    go = os.path.join(home, "verify-go")
    if not os.path.exists(go):
        r = subprocess.run(["go", "build", "-o", go, "."], cwd=os.path.join(ANCHORS, "go"))
        if r.returncode != 0:
            say("sigstore-go could not be built (needs Go >= 1.25 and the module proxy)")
    if os.path.exists(go):
        commands["sigstore-go"] = [go]
    js = os.path.join(home, "js")
    if not os.path.exists(os.path.join(js, "node_modules")):
        shutil.copytree(os.path.join(ANCHORS, "js"), js, dirs_exist_ok=True)
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=js, check=True)
    commands["sigstore-js"] = ["node", os.path.join(js, "verify.mjs")]
    # sigstore-rust (sigstore-verify on aws-lc) where the machine's cargo builds it (Rust 1.86 or later)
    rs = os.path.join(home, "rust")
    rs_bin = os.path.join(rs, "target", "release", "verify-rust")
    if not os.path.exists(rs_bin):
        shutil.copytree(os.path.join(ANCHORS, "rust"), rs, dirs_exist_ok=True)
        r = subprocess.run(["cargo", "build", "--release", "--locked", "--quiet"], cwd=rs)
        if r.returncode != 0:
            say("sigstore-rust could not be built (needs cargo with Rust >= 1.86 and crates.io)")
    if os.path.exists(rs_bin):
        commands["sigstore-rust"] = [rs_bin]
    return commands


def openssl_speed_floor():
    """Keyless verifications per second that Debian's OpenSSL 3.0 allows at best: one P-384 and four P-256
    verifications (`openssl speed`, the rates it prints for ecdsap384 and ecdsap256), the issue's floor."""
    out = subprocess.run(["openssl", "speed", "-mr", "-seconds", "1" if QUICK else "3", "ecdsap256", "ecdsap384"],
                         capture_output=True, text=True, check=True).stdout
    verify = {}
    for line in out.splitlines():
        if line.startswith("+F4:"):  # +F4:index:bits:signs/s:verifies/s
            _, _, bits, _, rate = line.split(":")
            verify[bits] = float(rate)
    return 1.0 / (1.0 / verify["384"] + 4.0 / verify["256"]), verify


def run_verify():
    say("verification: libssr and its floor (ssr-bench verify), sigstore-rust, sigstore-python, sigstore-go, sigstore-js")
    cases = verify_cases()
    cases_file = os.path.join(WORK, "verify-cases.json")
    with open(cases_file, "w") as f:
        json.dump(cases, f)
    anchors = set_up_anchors()
    seconds = "2" if QUICK else "5"
    theirs = {}
    ours = {}
    for _ in range(1 if QUICK else 2):  # each contender's best of the rounds
        for name, cmd in anchors.items():
            out = subprocess.run(cmd + [cases_file, seconds], capture_output=True, text=True).stdout
            for line in out.splitlines():
                case, rate = line.split("\t", 1)
                try:
                    value = float(rate)
                except ValueError:
                    value = None  # refused, or not a form it reads
                key = (name, case)
                theirs[key] = max(theirs.get(key) or 0.0, value) if value is not None else theirs.get(key)
        for case, row in bench("verify", SIGSTORE, "5" if QUICK else "15").items():
            old = ours.get(case, (0.0, 0.0))
            ours[case] = (max(old[0], row[0]), max(old[1], row[1]))
    # The floor of the issue's targets, from `openssl speed` in this run, beside libssr's best of the rounds.
    speed, rates = openssl_speed_floor()
    shown = f"`openssl speed` floor: {speed:,.0f}/s (P-384 {rates['384']:,.0f}/s, P-256 {rates['256']:,.0f}/s)"
    for case, target in (("verify.bundle.v0.3", 1.5), ("verify.bundle.rekor2", 1.0)):
        rate = ours[case][0]
        label = case.replace("verify.", "")
        add(f"verify {label}: libssr ({ECDSA_BACKEND}) / one P-384 + four P-256 on Debian's OpenSSL", f"{rate:,.0f}/s",
            shown, f"{rate / speed:.2f}x", f">= {target}x", rate / speed >= target)
        rust = theirs.get(("sigstore-rust", case))
        if rust is not None:
            add(f"verify {label}: sigstore-rust (aws-lc) / the same floor", f"{rust:,.0f}/s", shown,
                f"{rust / speed:.2f}x", "(information)", True)
    for case in [c["name"] for c in cases if c["name"] != "verify.pep740.bundle"]:
        rate, floor = ours[case]
        label = case.replace("verify.", "")
        add(f"verify {label}: libssr / its floor (bare OpenSSL operations)", f"{rate:,.0f}/s", f"floor: {floor:,.0f}/s",
            f"{rate / floor:.2f}", ">= 0.80", rate / floor >= 0.8)
        for name in ("sigstore-rust", "sigstore-go", "sigstore-python", "sigstore-js"):
            value = theirs.get((name, case))
            if value is None and case == "verify.pep740.attestation":
                value = theirs.get((name, "verify.pep740.bundle"))  # the same signature in bundle form
                shown = f"{name} (bundle form)"
            else:
                shown = name
            if value is None:
                add(f"verify {label}: libssr / {name}", f"{rate:,.0f}/s", f"{name}: refused or absent", "-", "> 1", False)
                continue
            add(f"verify {label}: libssr / {shown}", f"{rate:,.0f}/s", f"{shown}: {value:,.0f}/s", f"{rate / value:.1f}x",
                "> 1", rate > value)


def run_threads():
    say("verification from two threads sharing one trusted root, against one thread; two processes, the ceiling")
    rate, one, _, ratio = bench("verify-threads", SIGSTORE, "3" if QUICK else "7")["verify.threads.2"]
    add("the v0.3 bundle verified from 2 threads sharing one root / from 1 thread", f"{rate:,.0f}/s",
        f"1 thread: {one:,.0f}/s", f"{ratio:.2f}x", ">= 1.8x", ratio >= 1.8)
    # What two CPUs give this work here: two processes verifying at once against one alone, alternating.
    def v03(out):
        return float(next(l.split("\t")[1] for l in out.splitlines() if l.startswith("verify.bundle.v0.3\t")))
    cmd = [BENCH, "verify", SIGSTORE, "3"]
    solo, pair = 0.0, 0.0
    for _ in range(2 if QUICK else 3):
        solo = max(solo, v03(subprocess.run(cmd, check=True, capture_output=True, text=True).stdout))
        procs = [subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True) for _ in range(2)]
        pair = max(pair, sum(v03(p.communicate()[0]) for p in procs))
    add("the same, two processes at once / one alone (what two CPUs give this work here)", f"{pair:,.0f}/s",
        f"one process: {solo:,.0f}/s", f"{pair / solo:.2f}x", "(the machine's ceiling)", True)


def run_tuf():
    """Refreshes of Sigstore's TUF repository (the static copy) from a local server: libssr in process
    (ssr-bench tuf) and python-tuf 7.0.0 (the conformance suite's pin, deps/tuf-venv), at the copy's time."""
    say("TUF: refreshes of Sigstore's repository from a local server, libssr and python-tuf")
    static = os.path.join(CORPUS, "tuf-conformance", "tuf_conformance", "static_data")
    root = os.path.join(static, "sigstore-root-signing", "initial_root.json")
    venv_python = os.path.join(ROOT, "deps", "tuf-venv", "bin", "python")

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=static))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/sigstore-root-signing"
    reps = "2" if QUICK else "5"
    try:
        ours = bench("tuf", url, root, reps)
        theirs = {}
        if os.path.exists(venv_python):
            out = subprocess.run(["faketime", "2025-02-09 12:02:08", venv_python,
                                  os.path.join(ANCHORS, "python", "tuf_refresh.py"), url, root, reps],
                                 check=True, capture_output=True, text=True).stdout
            theirs = {line.split("\t")[0]: float(line.split("\t")[1]) for line in out.splitlines()}
        else:
            say("python-tuf is missing (scripts/test.sh makes deps/tuf-venv)")
    finally:
        server.shutdown()
        server.server_close()
    for name, text in (("tuf.warm", "TUF refresh with nothing new (one timestamp fetch, its verification)"),
                       ("tuf.cold", "TUF cold refresh of Sigstore's repository, trusted_root.json downloaded")):
        rate = ours[name][0]
        ref = theirs.get(name)
        add(text, f"{rate:,.0f}/s", f"python-tuf: {ref:,.0f}/s" if ref else "python-tuf: -",
            f"{rate / ref:.1f}x" if ref else "-", "> 1x", ref is not None and rate > ref)


def run_tokens():
    say("ID tokens: libssr, its floor (bare OpenSSL RS256), PyJWT and npm jose over the same token")
    jose_dir = os.path.join(CORPUS, "jose")
    anchors = set_up_anchors()
    jwks = os.path.join(jose_dir, "generated", "jwks.json")
    token = os.path.join(jose_dir, "generated", "tokens", "valid-rs256.jwt")
    args = [jwks, token, "https://token.actions.githubusercontent.com", "pypi", "1750000000", "2" if QUICK else "5"]
    refs = {"PyJWT": anchors["sigstore-python"][:1] + [os.path.join(ANCHORS, "python", "tokens.py")],
            "jose": ["node", os.path.join(WORK, "anchors", "js", "tokens.mjs")]}
    theirs, whole, layer = {}, (0.0, 0.0), (0.0, 0.0)
    for _ in range(1 if QUICK else 2):
        for name, cmd in refs.items():
            out = subprocess.run(cmd + args, capture_output=True, text=True).stdout
            theirs[name] = max(theirs.get(name, 0.0), float(out.split("\t")[1]))
        rows_ = bench("token", jose_dir, "7" if QUICK else "21")
        w, l = rows_["token.rs256.verify_and_match"], rows_["token.rs256.signature_layer"]
        whole = max(whole, (w[0], w[1]), key=lambda x: x[0] / x[1] if x[1] else 0)
        layer = max(layer, (l[0], l[1]), key=lambda x: x[0] / x[1] if x[1] else 0)
    add("RS256 ID token, verified and matched (`ssr_tp_verify_token`) / the floor", f"{whole[0]:,.0f}/s",
        f"bare OpenSSL RS256: {whole[1]:,.0f}/s", f"{whole[0] / whole[1]:.2f}", ">= 0.85", whole[0] / whole[1] >= 0.85)
    add("RS256 ID token, the signature layer alone (`ssr_jws_verify`) / the floor", f"{layer[0]:,.0f}/s",
        f"bare OpenSSL RS256: {layer[1]:,.0f}/s", f"{layer[0] / layer[1]:.2f}", "(information)", True)
    for name, target in (("PyJWT", 5), ("jose", 2)):
        add(f"RS256 ID token, libssr / {name}", f"{whole[0]:,.0f}/s", f"{name}: {theirs[name]:,.0f}/s",
            f"{whole[0] / theirs[name]:.1f}x", f">= {target}x", whole[0] / theirs[name] >= target)


def run_bindings():
    say("per-call cost in each binding: validate the 1.7 KB release example, against the same call from C")
    doc = os.path.join(ROOT, "examples", "documents", "release-pypi-sampleproject.json")
    lib = os.path.abspath(os.path.join(BUILD, "lib"))
    env = dict(os.environ, SSR_LIBRARY=os.path.join(lib, "libssr.so.0"), PYTHONPATH=os.path.join(ROOT, "bindings", "python"),
               SSR_NODE_ADDON=os.path.abspath(os.path.join(BUILD, "bindings", "node", "ssrmeta.node")),
               PKG_CONFIG_PATH=os.path.abspath(os.path.join(BUILD, "meson-uninstalled")), LD_LIBRARY_PATH=lib,
               SSR_LIB_DIR=lib, CARGO_TARGET_DIR=os.path.abspath(os.path.join(BUILD, "cargo")), GOFLAGS="-mod=mod",
               GOTOOLCHAIN="local", CGO_ENABLED="1")
    cargo = ["--offline", "--config", os.path.join(ROOT, "tests", "cargo-debian.toml")] \
        if os.path.isdir("/usr/share/cargo/registry") and any(d.startswith("cc-1.") for d in os.listdir("/usr/share/cargo/registry")) else []
    reps = "3" if QUICK else "7"
    drivers = {
        "C": ([BENCH, "calls", doc, reps], ROOT),
        "Python": ([sys.executable, os.path.join(ROOT, "bench", "bindings", "calls.py"), doc, reps], ROOT),
        "Node.js": (["node", os.path.join(ROOT, "bench", "bindings", "calls.js"), doc, reps], ROOT),
        "Go": (["go", "run", ".", doc, reps], os.path.join(ROOT, "bench", "bindings", "go")),
        "Go, unlocked": (["env", "GO_UNLOCKED=1", "go", "run", ".", doc, reps], os.path.join(ROOT, "bench", "bindings", "go")),
        "Rust": (["cargo", "run", "-q", "--release", *cargo, "--manifest-path", os.path.join(ROOT, "bindings", "rust", "Cargo.toml"),
                  "--example", "bench_calls", "--", doc, reps], ROOT),
    }
    # Python and Node.js against the C driver, processes alternating; Go and Rust
    # against the same C calls made in their own process (their drivers print both).
    best = {}
    for _ in range(2 if QUICK else 3):  # the drivers alternate; each keeps its best
        for name, (cmd, cwd) in drivers.items():
            out = subprocess.run(cmd, cwd=cwd, env=env, check=True, capture_output=True, text=True).stdout.split()
            rates = [float(x) for x in out[-2:]] if name in ("Go", "Go, unlocked", "Rust") else [float(out[-1])]
            old = best.get(name, [0.0] * len(rates))
            best[name] = [max(a, b) for a, b in zip(old, rates)]
    c = best["C"][0]
    for name, target in (("Python", 2.0), ("Node.js", 2.0), ("Go", 1.3), ("Rust", 1.1)):
        ours, ref = best[name][0], best[name][1] if len(best[name]) > 1 else c
        where = "in process" if len(best[name]) > 1 else "C driver"
        add(f"validate of the 1.7 KB release, per call: {name} / C", f"{ours:,.0f} calls/s",
            f"C ({where}): {ref:,.0f} calls/s", f"{ref / ours:.2f}x the time", f"<= {target}x", ref / ours <= target)
    ours, ref = best["Go, unlocked"]
    add("the same, Go, the goroutine free to move between OS threads", f"{ours:,.0f} calls/s",
        f"C (in process): {ref:,.0f} calls/s", f"{ref / ours:.2f}x the time", "(information)", True)

    # Verification through each binding against the same calls from C (ssr-bench
    # calls-verify), every driver its own process, alternating; the root loaded once.
    say("per-call cost in each binding: a bundle, a PEP 740 attestation and a token verified, against C")
    inputs = [SIGSTORE, os.path.join(CORPUS, "jose"), os.path.join(ROOT, "bench", "bindings", "token-policy.json"), reps]
    verifiers = {
        "C": ([BENCH, "calls-verify", *inputs], ROOT),
        "Python": ([sys.executable, os.path.join(ROOT, "bench", "bindings", "verify_calls.py"), *inputs], ROOT),
        "Node.js": (["node", os.path.join(ROOT, "bench", "bindings", "verify_calls.js"), *inputs], ROOT),
        "Go": (["go", "run", ".", "verify", *inputs], os.path.join(ROOT, "bench", "bindings", "go")),
        "Rust": (["cargo", "run", "-q", "--release", *cargo, "--manifest-path", os.path.join(ROOT, "bindings", "rust", "Cargo.toml"),
                  "--example", "bench_verify_calls", "--", *inputs], ROOT),
    }
    rates = {}
    for _ in range(2 if QUICK else 3):
        for name, (cmd, cwd) in verifiers.items():
            out = subprocess.run(cmd, cwd=cwd, env=env, check=True, capture_output=True, text=True).stdout.split()
            rates[name] = [max(a, float(b)) for a, b in zip(rates.get(name, [0.0] * 3), out[-3:])]
    what = ("the v0.3 conformance bundle verified", "the PEP 740 attestation verified",
            "the RS256 token verified and matched")
    for name, target in (("Python", 2.0), ("Node.js", 2.0), ("Go", 1.3), ("Rust", 1.1)):
        for i, label in enumerate(what):
            ours, ref = rates[name][i], rates["C"][i]
            add(f"{label}, per call: {name} / C", f"{ours:,.0f}/s", f"C: {ref:,.0f}/s", f"{ref / ours:.2f}x the time",
                f"<= {target}x", ref / ours <= target)


for name, fn in (("validate", run_validate), ("validate", run_validate_process), ("dsse", run_dsse),
                 ("digest", run_digest), ("jobs", run_jobs), ("memory", run_memory), ("verify", run_verify),
                 ("threads", run_threads), ("tokens", run_tokens), ("tuf", run_tuf), ("bindings", run_bindings)):
    if section(name):
        fn()

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
