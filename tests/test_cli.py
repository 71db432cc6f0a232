"""The ssr command's contract: outputs, exit statuses, errors.

Run as: python3 test_cli.py PATH_TO_SSR SOURCE_ROOT
"""

import csv
import glob
import hashlib
import json
import os
import pty
import subprocess
import sys
import tempfile
import threading
import time
import unittest

SSR = None
ROOT = None


def run(*args, stdin=None, **kw):
    return subprocess.run([SSR, *args], input=stdin, capture_output=True, **kw)


class Scratch(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.dir = self.tmp.name

    def tearDown(self):
        self.tmp.cleanup()

    def write(self, name, data):
        path = os.path.join(self.dir, name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as f:
            f.write(data if isinstance(data, bytes) else data.encode())
        return path


class Basics(Scratch):
    def test_version(self):
        r = run("--version")
        self.assertEqual(r.returncode, 0)
        self.assertRegex(r.stdout.decode(), r"^ssr \d+\.\d+\.\d+ \(ECDSA: (aws-lc \d+\.\d+\.\d+|OpenSSL \d+\.\d+[^)]*)\)\n$")

    def test_help_lists_commands(self):
        r = run("help")
        self.assertEqual(r.returncode, 0)
        for name in ("validate", "canon", "fmt"):
            self.assertIn(name, r.stdout.decode())

    def test_every_command_has_help(self):
        for name in ("validate", "canon", "fmt", "schema", "profile", "digest", "keygen", "sign", "verify",
                     "match-subject", "tp", "help", "version"):
            for args in (("help", name), (name, "--help"), (name, "-h")):
                r = run(*args)
                self.assertEqual(r.returncode, 0, args)
                self.assertTrue(r.stdout.decode().startswith("usage: ssr " + name), args)

    def test_no_command_is_a_usage_error(self):
        self.assertEqual(run().returncode, 2)

    def test_unknown_command(self):
        r = run("frobnicate")
        self.assertEqual(r.returncode, 2)
        self.assertEqual(r.stderr.decode().count("\n"), 1)
        self.assertIn("unknown command 'frobnicate'", r.stderr.decode())

    def test_unknown_option(self):
        for cmd in ("validate", "canon", "fmt"):
            r = run(cmd, "--bogus", "x.json")
            self.assertEqual(r.returncode, 2, cmd)
            self.assertEqual(r.stderr.decode().count("\n"), 1, cmd)
            self.assertIn("unknown option '--bogus'", r.stderr.decode())

    def test_bad_option_values(self):
        self.assertEqual(run("validate", "--kind", "nope", "x").returncode, 2)
        self.assertEqual(run("validate", "--format", "xml", "x").returncode, 2)
        self.assertEqual(run("validate", "-j", "0", "x").returncode, 2)
        self.assertEqual(run("validate", "-j").returncode, 2)
        self.assertEqual(run("validate").returncode, 2)

    def test_missing_file(self):
        for cmd in ("validate", "canon", "fmt"):
            r = run(cmd, os.path.join(self.dir, "absent.json"))
            self.assertEqual(r.returncode, 2, cmd)
            self.assertIn("cannot read", r.stderr.decode())
            self.assertIn("No such file or directory", r.stderr.decode())


class Validate(Scratch):
    def test_valid_file(self):
        path = self.write("ok.json", '{"a": [1, 2]}')
        r = run("validate", "--kind", "json", path)
        self.assertEqual(r.returncode, 0)
        self.assertEqual(r.stdout, b"")
        self.assertRegex(r.stderr.decode(), r"^ssr: 1 document, 1 valid, 0 invalid, 0 warnings, [\d.]+ s\n$")

    def test_undetected_kind_is_an_error(self):
        path = self.write("package.json", '{"name": "x",\n "scripts": {}}')
        r = run("validate", path)
        self.assertEqual(r.returncode, 1)
        self.assertEqual(
            r.stdout.decode(),
            f"{path}:1:1: error[kind.undetected]: Expected a document of a known kind (a member such as ssr, _type, "
            "payloadType, mediaType, id or attestations), found no member that marks a kind.\n",
        )
        self.assertEqual(run("validate", "--kind", "json", path).returncode, 0)

    def test_invalid_file_text(self):
        path = self.write("bad.json", '{\n  "a": 1,\n  "a": 2\n}\n')
        r = run("validate", path)
        self.assertEqual(r.returncode, 1)
        self.assertEqual(
            r.stdout.decode(),
            f'{path}:3:3: error[json.duplicate-member]: Expected each member name once in an object, found "a" again.\n',
        )

    def test_json_format(self):
        path = self.write("bad.json", '[1, 01]')
        r = run("validate", "--format", "json", path)
        self.assertEqual(r.returncode, 1)
        lines = r.stdout.decode().splitlines()
        self.assertEqual(len(lines), 1)
        self.assertEqual(
            json.loads(lines[0]),
            {
                "file": path,
                "kind": "json",
                "valid": False,
                "diagnostics": [
                    {
                        "severity": "error",
                        "code": "json.number.syntax",
                        "pointer": "/1",
                        "line": 1,
                        "column": 5,
                        "message": "Expected no leading zero in a number, found a digit after '0'.",
                    }
                ],
            },
        )

    def test_sarif_format(self):
        bad = self.write("a/bad.json", '{"x": tru}')
        self.write("a/ok.json", "{}")
        worse = self.write("a/worse.json", '[1 2]')
        r = run("validate", "--kind", "json", "--format=sarif", os.path.join(self.dir, "a"))
        self.assertEqual(r.returncode, 1)
        log = json.loads(r.stdout)
        self.assertEqual(log["version"], "2.1.0")
        results = log["runs"][0]["results"]
        self.assertEqual([x["ruleId"] for x in results], ["json.invalid-literal", "json.unexpected-character"])
        loc = results[0]["locations"][0]["physicalLocation"]
        self.assertEqual(loc["artifactLocation"]["uri"], bad)
        self.assertEqual(loc["region"], {"startLine": 1, "startColumn": 10})
        self.assertEqual(results[0]["properties"]["pointer"], "/x")
        self.assertEqual(results[1]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"], worse)

    def test_sarif_with_no_results_is_valid_json(self):
        path = self.write("ok.json", "{}")
        r = run("validate", "--kind", "json", "--format", "sarif", path)
        self.assertEqual(r.returncode, 0)
        self.assertEqual(json.loads(r.stdout)["runs"][0]["results"], [])

    def test_directory_walk(self):
        self.write("d/b.json", "{}")
        self.write("d/a.jsonl", "{}\n[]\n")
        self.write("d/notes.txt", "not json")
        self.write("d/sub/c.json", "x")
        r = run("validate", "--kind", "json", "--format", "json", os.path.join(self.dir, "d"))
        self.assertEqual(r.returncode, 1)
        files = [json.loads(line)["file"] for line in r.stdout.decode().splitlines()]
        d = os.path.join(self.dir, "d")
        self.assertEqual(files, [d + "/a.jsonl", d + "/a.jsonl", d + "/b.json", d + "/sub/c.json"])
        self.assertIn("4 documents, 3 valid, 1 invalid", r.stderr.decode())

    def test_json_lines_report_each_line(self):
        path = self.write("x.jsonl", '{"a": 1}\n{"b": [1,}\n\n{"c": 3}\n{"d": 01}\n')
        r = run("validate", "--kind", "json", path)
        self.assertEqual(r.returncode, 1)
        self.assertEqual(
            r.stdout.decode(),
            f"{path}:2:10: error[json.unexpected-character]: Expected a value, found '}}'.\n"
            f"{path}:5:7: error[json.number.syntax]: Expected no leading zero in a number, found a digit after '0'.\n",
        )
        self.assertIn("4 documents, 2 valid, 2 invalid", r.stderr.decode())
        r = run("validate", "--kind", "json", "--format", "json", path)
        records = [json.loads(line) for line in r.stdout.decode().splitlines()]
        self.assertEqual([x["line"] for x in records], [1, 2, 4, 5])
        self.assertEqual([x["valid"] for x in records], [True, False, True, False])

    def test_json_lines_are_read_in_pieces(self):
        # Lines of every length around the reader's 64 KiB pieces: each document is seen once, whole,
        # and an invalid one far into the file is reported on its own line.
        lines = []
        for i in range(400):
            pad = "x" * ((i * 977) % 70000)
            lines.append(f'{{"i": {i}, "pad": "{pad}"}}' if i != 333 else '{"i": 333, "pad": tru}')
        path = self.write("pieces.jsonl", "\n".join(lines))  # no newline after the last line
        r = run("validate", "--kind", "json", "--format", "json", path)
        self.assertEqual(r.returncode, 1)
        records = [json.loads(line) for line in r.stdout.decode().splitlines()]
        self.assertEqual(len(records), 400)
        self.assertEqual([x["line"] for x in records], list(range(1, 401)))
        self.assertEqual([x["line"] for x in records if not x["valid"]], [334])
        self.assertIn("400 documents, 399 valid, 1 invalid", r.stderr.decode())

    def test_json_lines_beyond_the_document_size_limit(self):
        # The size limit (64 MiB) is per document: a larger JSON Lines file is read whole, line by line,
        # and a line beyond the limit is refused alone, with the lines after it still validated.
        small = b'{"a": [1, 2, 3], "b": "' + b"y" * 1000 + b'"}\n'
        count = (65 << 20) // len(small) + 1
        huge = b'"' + b"z" * (64 << 20) + b'"\n'
        path = self.write("big.jsonl", small * 3 + huge + small * count + b"[1,]\n")
        self.assertGreater(os.path.getsize(path), 128 << 20)
        r = run("validate", "--kind", "json", "--format", "json", path, timeout=300)
        self.assertEqual(r.returncode, 1)
        records = [json.loads(line) for line in r.stdout.decode().splitlines()]
        self.assertEqual(len(records), 3 + 1 + count + 1)
        invalid = [(x["line"], x["diagnostics"][0]["code"]) for x in records if not x["valid"]]
        self.assertEqual(invalid, [(4, "json.limit.size"), (count + 5, "json.unexpected-character")])
        self.assertIn(f"{count + 5} documents, {count + 3} valid, 2 invalid", r.stderr.decode())

    def test_standard_input(self):
        r = run("validate", "--kind", "json", "-", stdin=b'{"a":1}')
        self.assertEqual(r.returncode, 0)
        r = run("validate", "-", stdin=b'{"a":1')
        self.assertEqual(r.returncode, 1)
        self.assertTrue(r.stdout.decode().startswith("-:1:7: error[json.unexpected-end]"))

    def test_jobs_give_the_same_output(self):
        for i in range(40):
            self.write(f"many/{i:02}.json", "{}" if i % 3 else '{"a":1,"a":2}')
        d = os.path.join(self.dir, "many")
        one = run("validate", "--format", "json", "-j", "1", d)
        two = run("validate", "--format", "json", "-j2", d)
        self.assertEqual(one.returncode, 1)
        self.assertEqual(one.stdout, two.stdout)
        self.assertEqual(one.stdout.decode().count("\n"), 40)

    def test_caret_on_a_terminal(self):
        path = self.write("bad.json", '{"name": "x",\n "size": 01}\n')
        master, slave = pty.openpty()
        p = subprocess.run([SSR, "validate", path], stdout=slave, stderr=subprocess.PIPE)
        os.close(slave)
        out = b""
        while True:
            try:
                chunk = os.read(master, 4096)
            except OSError:
                break
            if not chunk:
                break
            out += chunk
        os.close(master)
        self.assertEqual(p.returncode, 1)
        lines = out.decode().replace("\r\n", "\n").splitlines()
        self.assertEqual(lines[1], '     "size": 01}')
        self.assertEqual(lines[2], "             ^")

    def test_closed_stdout_is_an_error_not_a_signal(self):
        path = self.write("bad.json", "[1 2]")
        r, w = os.pipe()
        os.close(r)
        p = subprocess.run([SSR, "validate", path], stdout=w, stderr=subprocess.PIPE)
        os.close(w)
        self.assertEqual(p.returncode, 2)
        self.assertIn("cannot write to standard output", p.stderr.decode())

    def test_bundled_examples_are_valid(self):
        r = run("validate", os.path.join(ROOT, "examples", "documents"))
        self.assertEqual(r.returncode, 0, r.stdout.decode())
        self.assertRegex(r.stderr.decode(), r"ssr: [1-9]\d* documents?, ")

    def test_survey_profiles_are_valid(self):
        # eleven profiles; Basalt's ecosystem is one OSV does not name (a warning); the survey answered
        # questions of tracks that do not apply by a registry's taxonomy (kept, with a warning each)
        r = run("validate", "--format", "json", os.path.join(ROOT, "examples", "survey-2022"))
        self.assertEqual(r.returncode, 0, r.stdout.decode())
        lines = [json.loads(l) for l in r.stdout.decode().splitlines()]
        self.assertEqual(len(lines), 11)
        self.assertTrue(all(l["valid"] and l["kind"] == "repository-profile" for l in lines))
        warned = {os.path.basename(l["file"]): [(d["code"], d["pointer"], d["line"], d["column"]) for d in l["diagnostics"]]
                  for l in lines if l["diagnostics"]}
        absent = "repository-profile.capability.status.track-absent"
        self.assertEqual(warned, {
            "repository-profile-apache-maven.json": [(absent, "/capabilities/auth.leaked-credential-check/status", 22, 17)],
            "repository-profile-basalt.json": [
                ("repository-profile.repository.ecosystem.unknown", "/repository/ecosystems/0", 7, 7),
                (absent, "/capabilities/auth.leaked-credential-check/status", 27, 17),
                (absent, "/capabilities/auth.mfa-strong/status", 57, 17),
                (absent, "/capabilities/auth.mfa-phishing-resistant/status", 62, 17),
                (absent, "/capabilities/auth.mfa-required-critical/status", 67, 17),
                (absent, "/capabilities/auth.mfa-required-all/status", 72, 17)],
            "repository-profile-go.json": [
                (absent, "/capabilities/auth.mfa-strong/status", 47, 17),
                (absent, "/capabilities/auth.mfa-phishing-resistant/status", 52, 17),
                (absent, "/capabilities/auth.mfa-required-critical/status", 57, 17),
                (absent, "/capabilities/auth.mfa-required-all/status", 62, 17)],
            "repository-profile-opam.json": [(absent, "/capabilities/auth.leaked-credential-check/status", 27, 17)],
            "repository-profile-pub-dev.json": [(absent, "/capabilities/authz.scoped-tokens/status", 47, 17)]})


class Hostile(Scratch):
    """Every class of DESIGN section 2's hostile input: status 1 and its code, through the CLI."""

    CASES = [
        (b"\xef\xbb\xbf{}", "json.bom"),
        (b'"\xc0\xaf"', "json.utf8.overlong"),
        (b'"\xed\xa0\x80"', "json.utf8.surrogate"),
        (b'"\xf4\x90\x80\x80"', "json.utf8.out-of-range"),
        (b'"\x80"', "json.utf8.unexpected-continuation"),
        (b'"\xe2\x82"', "json.utf8.truncated"),
        (b'"\xff"', "json.utf8.invalid-byte"),
        (b'"a\x01b"', "json.string.control-character"),
        (b'"a\nb"', "json.string.control-character"),
        (b'["\\u0000"]', "json.string.null-escape"),
        (b'["\\ud800"]', "json.string.lone-surrogate"),
        (b'{"a":1,"\\u0061":2}', "json.duplicate-member"),
        (b"{} {}", "json.trailing-content"),
        (b"[1]\x00", "json.trailing-content"),
        (b"[1e400]", "json.number.overflow"),
        (b"[01]", "json.number.syntax"),
        (b"[-]", "json.number.syntax"),
        (b"[.5]", "json.unexpected-character"),
        (b"[\x0c1]", "json.unexpected-character"),
        (b"[" * 129 + b"]" * 129, "json.limit.depth"),
        (b"", "json.empty"),
        (b"[1,", "json.unexpected-end"),
    ]

    def test_each_class_is_refused_with_its_code(self):
        for data, code in self.CASES:
            path = self.write("h.json", data)
            r = run("validate", "--format", "json", path)
            self.assertEqual(r.returncode, 1, data)
            report = json.loads(r.stdout)
            self.assertEqual([d["code"] for d in report["diagnostics"]], [code], data)

    def test_oversized_document(self):
        path = self.write("big.json", b"[" + b"1," * (32 << 20) + b"1]")
        r = run("validate", "--format", "json", path)
        self.assertEqual(r.returncode, 1)
        self.assertEqual(json.loads(r.stdout)["diagnostics"][0]["code"], "json.limit.size")


def unprivileged(args):
    """The command as a process that file permissions bind: as root, without the capabilities that bypass them."""
    if os.geteuid() == 0:
        return ["setpriv", "--bounding-set", "-dac_override,-dac_read_search", *args]
    return args


class HostileFiles(Scratch):
    """The CLI on inputs that cannot be read as files: a clear message, status 2, never a signal or a hang."""

    def assertRefused(self, r, path, reason):
        self.assertEqual(r.returncode, 2, r.stderr.decode())
        self.assertIn(f"cannot read '{path}': {reason}", r.stderr.decode())

    def test_unreadable_file(self):
        path = self.write("secret.json", "{}")
        os.chmod(path, 0)
        for cmd in (["validate"], ["canon"], ["fmt"], ["profile", "levels"], ["digest"]):
            r = subprocess.run(unprivileged([SSR, *cmd, path]), capture_output=True, timeout=30)
            self.assertRefused(r, path, "Permission denied")
            self.assertEqual(r.stdout, b"")

    def test_directory_without_permission(self):
        self.write("locked/a.json", "{}")
        locked = os.path.join(self.dir, "locked")
        os.chmod(locked, 0)
        try:
            r = subprocess.run(unprivileged([SSR, "validate", locked]), capture_output=True, timeout=30)
        finally:
            os.chmod(locked, 0o755)
        self.assertEqual(r.returncode, 2)
        self.assertIn(f"cannot read directory '{locked}': Permission denied", r.stderr.decode())

    def test_unreadable_file_in_a_directory_does_not_stop_the_others(self):
        self.write("d/a.json", "{}")
        secret = self.write("d/b.json", "{}")
        self.write("d/c.json", "[1 2]")
        os.chmod(secret, 0)
        r = subprocess.run(unprivileged([SSR, "validate", "--kind", "json", "--format", "json", os.path.join(self.dir, "d")]),
                           capture_output=True, timeout=30)
        self.assertRefused(r, secret, "Permission denied")
        reports = [json.loads(line) for line in r.stdout.decode().splitlines()]
        self.assertEqual([(os.path.basename(x["file"]), x["valid"]) for x in reports], [("a.json", True), ("c.json", False)])

    def test_fifo_without_a_writer(self):
        fifo = os.path.join(self.dir, "pipe.json")
        os.mkfifo(fifo)
        for cmd in (["validate"], ["canon"], ["fmt"], ["profile", "levels"], ["tp", "explain"]):
            r = run(*cmd, fifo, timeout=30)
            self.assertRefused(r, fifo, "a FIFO that nothing writes to")
        r = run("digest", fifo, timeout=30)
        self.assertRefused(r, fifo, "not a regular file")

    def test_pipe_with_a_writer_is_read(self):
        fifo = os.path.join(self.dir, "pipe.json")
        os.mkfifo(fifo)
        writer = os.open(fifo, os.O_RDWR)  # a writer, there before the reader (Linux opens this without blocking)
        try:
            p = subprocess.Popen([SSR, "validate", "--kind", "json", "--format", "json", fifo], stdout=subprocess.PIPE,
                                 stderr=subprocess.PIPE)
            os.write(writer, b'{"a": [1, 2]}')
            # Close our end only once ssr holds the pipe open, or the data would go with it.
            fds = f"/proc/{p.pid}/fd"
            for _ in range(3000):
                try:
                    if any(os.readlink(os.path.join(fds, fd)) == fifo for fd in os.listdir(fds)):
                        break
                except OSError:
                    pass
                time.sleep(0.01)
        finally:
            os.close(writer)
        out, err = p.communicate(timeout=30)
        self.assertEqual(p.returncode, 0, err.decode())
        self.assertTrue(json.loads(out)["valid"])

    def test_device(self):
        r = run("validate", "/dev/null", timeout=30)
        self.assertRefused(r, "/dev/null", "not a regular file")

    def test_file_deleted_before_it_is_read(self):
        self.write("d/a.json", "{}")
        os.symlink(os.path.join(self.dir, "gone.json"), os.path.join(self.dir, "d", "b.json"))
        r = run("validate", "--kind", "json", os.path.join(self.dir, "d"), timeout=30)
        self.assertRefused(r, os.path.join(self.dir, "d", "b.json"), "No such file or directory")
        self.assertIn("1 document, 1 valid", r.stderr.decode())

    def test_files_deleted_while_they_are_read(self):
        d = os.path.join(self.dir, "churn")
        os.makedirs(d)
        doc = b'{"items": [' + b",".join(b'"%d"' % i for i in range(20000)) + b"]}"
        stop = threading.Event()

        def churn():
            i = 0
            while not stop.is_set():
                path = os.path.join(d, f"{i % 40}.json")
                try:
                    with open(path, "wb") as f:
                        f.write(doc)
                    if i % 3 == 0:
                        os.truncate(path, len(doc) // 2)  # shrinks under the reader
                    os.unlink(path)
                except OSError:
                    pass
                i += 1

        t = threading.Thread(target=churn)
        t.start()
        try:
            for _ in range(25):
                r = run("validate", "--kind", "json", "--format", "json", d, timeout=60)
                self.assertIn(r.returncode, (0, 1, 2), r.stderr.decode())  # never a signal
                for line in r.stderr.decode().splitlines():
                    self.assertRegex(line, r"^(ssr validate: cannot read '.*': No such file or directory|"
                                         r"ssr validate: no input given .*|ssr: \d+ documents?, .*)$")
                for line in r.stdout.decode().splitlines():
                    report = json.loads(line)  # whole reports only
                    codes = [x["code"] for x in report["diagnostics"]]
                    # Cut (or, racing a truncation, zero-filled by the kernel) under the reader: one JSON error.
                    self.assertTrue(report["valid"] or (len(codes) == 1 and codes[0].startswith("json.")), codes)
        finally:
            stop.set()
            t.join()

    def test_stdout_closed_early(self):
        path = self.write("ok.json", "{}")
        bad = self.write("bad.json", "[1 2]")
        for cmd in (["validate", bad], ["validate", "--format", "json", path], ["canon", path], ["schema", "release"],
                    ["digest", path], ["tp", "explain", os.path.join(ROOT, "examples", "documents", "trusted-publisher-github.json")]):
            r, w = os.pipe()
            os.close(r)
            p = subprocess.run([SSR, *cmd], stdout=w, stderr=subprocess.PIPE, timeout=30)
            os.close(w)
            self.assertEqual(p.returncode, 2, cmd)
            self.assertIn("cannot write to standard output", p.stderr.decode(), cmd)


class Jobs(Scratch):
    """-j: workers take the inputs while the walk still finds them; the output is that of -j 1, byte for byte.

    Also run by the ThreadSanitizer build ("cli jobs" in the threads suite)."""

    def tree(self):
        for i in range(600):
            doc = '{"a":1,"a":2}' if i % 7 == 0 else "[1,]" if i % 11 == 0 else '{"i": %d}' % i
            self.write(f"t/{i % 6}/{i // 6 % 3}/{i:04}.json", doc)
        self.write("t/2/lines.jsonl", '{"x": 1}\n[1 2]\n{"y": 2}\n')
        return os.path.join(self.dir, "t")

    def test_any_number_of_jobs_prints_what_one_job_prints(self):
        t = self.tree()
        extra = self.write("extra.json", "{}")
        for fmt in ("text", "json", "sarif"):
            one = run("validate", "--kind", "json", "--format", fmt, "-j", "1", t, extra, timeout=120)
            self.assertEqual(one.returncode, 1)
            for jobs in ("2", "3", "8"):
                many = run("validate", "--kind", "json", "--format", fmt, t, "-j", jobs, extra, timeout=120)
                self.assertEqual(many.returncode, 1)
                self.assertEqual(many.stdout, one.stdout, (fmt, jobs))
                self.assertIn("604 documents, 470 valid, 134 invalid", many.stderr.decode())

    def test_a_walk_that_fails_stops_the_workers_and_prints_nothing(self):
        t = self.tree()
        locked = os.path.join(t, "3")
        os.chmod(locked, 0)
        try:
            r = subprocess.run(unprivileged([SSR, "validate", "-j", "4", t]), capture_output=True, timeout=120)
        finally:
            os.chmod(locked, 0o755)
        self.assertEqual(r.returncode, 2)
        self.assertEqual(r.stdout, b"")
        self.assertIn(f"cannot read directory '{locked}': Permission denied", r.stderr.decode())


class NativeKinds(Scratch):
    def example(self, name):
        return os.path.join(ROOT, "examples", "documents", name)

    def test_validate_detects_the_kind(self):
        r = run("validate", "--format", "json", self.example("trusted-publisher-gitlab.json"))
        self.assertEqual(r.returncode, 0)
        self.assertEqual(json.loads(r.stdout)["kind"], "trusted-publisher")

    def test_validate_with_a_kind(self):
        path = self.write("r.json", '{"ssr": "release/v1"}')
        r = run("validate", "--kind", "release", "--format", "json", path)
        self.assertEqual(r.returncode, 1)
        codes = [d["code"] for d in json.loads(r.stdout)["diagnostics"]]
        self.assertEqual(codes, ["release.package.required", "release.version.required", "release.published.required",
                                 "release.artifacts.required", "release.publisher.required", "release.status.required"])

    def test_warnings_do_not_fail(self):
        with open(self.example("release-crates-yanked.json")) as f:
            doc = json.load(f)
        doc["homepage"] = "https://example.org"
        path = self.write("r.json", json.dumps(doc))
        r = run("validate", path)
        self.assertEqual(r.returncode, 0)
        self.assertIn("warning[release.unknown-member]", r.stdout.decode())
        self.assertIn("1 valid, 0 invalid, 1 warning,", r.stderr.decode())

    def test_schema(self):
        for kind in ("release", "trusted-publisher", "repository-profile"):
            r = run("schema", kind)
            self.assertEqual(r.returncode, 0)
            with open(os.path.join(ROOT, "schema", kind + ".schema.json"), "rb") as f:
                self.assertEqual(r.stdout, f.read())
        r = run("schema", "--codes", "release")
        self.assertIn(b"release.digest.length\terror\tschema\n", r.stdout)
        self.assertIn(b"release.near-miss\terror\tbeyond\n", r.stdout)
        self.assertEqual(run("schema", "json").returncode, 2)
        self.assertEqual(run("schema").returncode, 2)

    def test_profile_levels(self):
        r = run("profile", "levels", "--format", "json", self.example("repository-profile-npm.json"))
        self.assertEqual(r.returncode, 0)
        levels = json.loads(r.stdout)
        self.assertEqual(levels["overall"], 1)
        self.assertEqual({t: v["level"] for t, v in levels["tracks"].items()},
                         {"authentication": 1, "authorization": 3, "general": 2, "cli": 2})
        self.assertEqual(levels["tracks"]["authentication"]["next_missing"], ["auth.abandoned-domain-detection"])
        r = run("profile", "levels", self.example("repository-profile-npm.json"))
        self.assertEqual(r.returncode, 0)
        self.assertIn("Overall: level 1 of 3", r.stdout.decode())

    def test_profile_levels_of_an_invalid_profile(self):
        path = self.write("p.json", '{"ssr": "repository-profile/v1"}')
        r = run("profile", "levels", path)
        self.assertEqual(r.returncode, 1)
        self.assertIn("error[repository-profile.repository.required]", r.stderr.decode())
        self.assertEqual(run("profile", "scores", path).returncode, 2)
        self.assertEqual(run("profile", "levels").returncode, 2)


class AttestationCorpus(unittest.TestCase):
    """corpus/attestations/EXPECTED.tsv through the command, with the kind given and detected."""

    def test_expected_kinds_and_verdicts(self):
        corpus = os.environ.get("SSR_CORPUS")
        expected = os.path.join(corpus, "attestations", "EXPECTED.tsv")
        failures = []
        with open(expected) as f:
            rows = [line.rstrip("\n").split("\t") for line in f][1:]
        for verdict, kind, name, *_ in rows:
            path = os.path.join(corpus, "attestations", name)
            for args in (["--kind", kind], []):
                r = run("validate", "--format", "json", *args, path)
                docs = [json.loads(line) for line in r.stdout.decode().splitlines()]
                valid = all(d["valid"] for d in docs)
                if r.returncode != (0 if verdict == "valid" else 1) or valid != (verdict == "valid") or \
                        {d["kind"] for d in docs} != {kind}:
                    failures.append(f"{name} {args}: status {r.returncode}, kinds {[d['kind'] for d in docs]}")
        self.assertEqual(len(rows), 50)
        self.assertEqual(failures, [])


class Crypto(Scratch):
    def test_digest_equals_coreutils(self):
        path = self.write("blob.bin", os.urandom(200000))
        r = run("digest", "--alg", "sha256", "--alg", "sha512", "--alg", "blake2b-256", "--alg", "blake2b-512", path)
        self.assertEqual(r.returncode, 0)
        lines = r.stdout.decode().splitlines()
        tools = [["sha256sum"], ["sha512sum"], ["b2sum", "-l", "256"], ["b2sum"]]
        names = ["sha256", "sha512", "blake2b-256", "blake2b-512"]
        for line, tool, name in zip(lines, tools, names):
            want = subprocess.run(tool + [path], capture_output=True).stdout.decode().split()[0]
            self.assertEqual(line, f"{name}:{want}  {path}")
        self.assertEqual(run("digest", path).stdout.decode().split(":")[0], "sha256")
        r = run("digest", "--alg", "md5", path)
        self.assertEqual(r.returncode, 2)
        self.assertIn("unknown algorithm 'md5'", r.stderr.decode())
        r = run("digest", *["--alg", "sha256"] * 9, path)
        self.assertEqual(r.returncode, 2)
        self.assertIn("too many --alg options (at most 8)", r.stderr.decode())
        self.assertNotIn("unknown algorithm", r.stderr.decode())
        self.assertEqual(run("digest", *["--alg", "sha256"] * 8, path).stdout.decode().count("sha256:"), 8)
        self.assertEqual(run("digest", os.path.join(self.dir, "absent")).returncode, 2)

    def test_keygen_writes_0600_and_never_overwrites(self):
        prefix = os.path.join(self.dir, "k")
        r = run("keygen", "--out", prefix)
        self.assertEqual(r.returncode, 0)
        self.assertRegex(r.stdout.decode(), r"^[0-9a-f]{64}\n$")
        self.assertEqual(os.stat(prefix + ".key").st_mode & 0o777, 0o600)
        with open(prefix + ".key") as f:
            before = f.read()
        r = run("keygen", "--out", prefix)
        self.assertEqual(r.returncode, 2)
        self.assertIn("never overwritten", r.stderr.decode())
        with open(prefix + ".key") as f:
            self.assertEqual(f.read(), before)
        os.remove(prefix + ".pub")
        r = run("keygen", "--out", prefix)  # the key file is still there
        self.assertEqual(r.returncode, 2)
        self.assertFalse(os.path.exists(prefix + ".pub"))

    def test_sign_verify_threshold_payload(self):
        a, b = os.path.join(self.dir, "a"), os.path.join(self.dir, "b")
        run("keygen", "--out", a)
        run("keygen", "--out", b)
        payload = self.write("p.bin", b"\x00exact bytes\xff")
        r = run("sign", "--key", a + ".key", "--type", "application/octet-stream", payload)
        self.assertEqual(r.returncode, 0, r.stderr)
        env1 = self.write("env1.json", r.stdout)
        r = run("sign", "--key", b + ".key", "--add", "--keyid", "b", env1)
        self.assertEqual(r.returncode, 0, r.stderr)
        env2 = self.write("env2.json", r.stdout)
        self.assertEqual(len(json.loads(r.stdout)["signatures"]), 2)
        out = os.path.join(self.dir, "out.bin")
        r = run("verify", "--pub", a + ".pub", "--pub", b + ".pub", "--threshold", "2", "--payload-out", out, env2)
        self.assertEqual(r.returncode, 0, r.stderr)
        with open(out, "rb") as f:
            self.assertEqual(f.read(), b"\x00exact bytes\xff")
        self.assertEqual(run("verify", "--pub", a + ".pub", "--threshold", "2", env2).returncode, 1)
        self.assertEqual(run("verify", "--pub", a + ".pub", "--pub", a + ".pub", "--threshold", "2", env2).returncode, 1)
        self.assertEqual(run("verify", "--pub", b + ".pub", env1).returncode, 1)
        self.assertEqual(run("verify", "--pub", a + ".key", env1).returncode, 2)  # a secret key is no public key
        self.assertEqual(run("verify", env1).returncode, 2)
        self.assertEqual(run("verify", "--pub", a + ".pub", payload).returncode, 1)  # not an envelope
        self.assertEqual(run("sign", "--key", a + ".pub", "--type", "t", payload).returncode, 2)

    def test_match_subject(self):
        artifact = self.write("tool-1.0.tar.gz", b"the artifact")
        import hashlib
        digest = hashlib.sha256(b"the artifact").hexdigest()
        statement = {"_type": "https://in-toto.io/Statement/v1", "predicateType": "https://example.com/p/v1",
                     "subject": [{"name": "other", "digest": {"sha256": "0" * 64}},
                                 {"name": "tool-1.0.tar.gz", "digest": {"sha256": digest}}]}
        path = self.write("s.json", json.dumps(statement))
        r = run("match-subject", "--artifact", artifact, path)
        self.assertEqual((r.returncode, r.stdout), (0, b"match: entry 1\n"))
        statement["subject"].pop()
        self.write("s.json", json.dumps(statement))
        r = run("match-subject", "--artifact", artifact, path)
        self.assertEqual((r.returncode, r.stdout), (1, b"no match\n"))
        self.assertEqual(run("match-subject", "--artifact", artifact, self.write("x.json", "[1]")).returncode, 1)
        self.assertEqual(run("match-subject", path).returncode, 2)


class TrustedPublishing(Scratch):
    POLICY = os.path.join("examples", "documents", "trusted-publisher-github.json")

    def claims(self, **changes):
        claims = {"iss": "https://token.actions.githubusercontent.com", "aud": "pypi", "iat": 1760000000,
                  "exp": 1760000300, "jti": "j1", "repository": "pypa/sampleproject",
                  "repository_owner_id": "647025", "ref": "refs/tags/v4.0.0", "sha": "0" * 40,
                  "job_workflow_ref": "pypa/sampleproject/.github/workflows/release.yml@refs/tags/v4.0.0",
                  "event_name": "push", "environment": "pypi"}
        claims.update(changes)
        return self.write("claims.json", json.dumps(claims))

    def test_match_text_and_json(self):
        policy = os.path.join(ROOT, self.POLICY)
        r = run("tp", "match", "--now", "1760000010", policy, self.claims())
        self.assertEqual((r.returncode, r.stdout.decode()),
                         (0, "match: 5 conditions held\njti: j1 (store it before minting)\n"))
        r = run("tp", "match", "--now", "1760000010", "--format", "json", policy,
                self.claims(event_name="pull_request_target"))
        self.assertEqual(r.returncode, 1)
        self.assertEqual(json.loads(r.stdout), {"matched": False, "failed": {"claim": "event_name", "op": "not_in",
                                                                            "reason": "denied-value"},
                                                "jti": "j1", "bound": {}, "conditions_held": 4})
        r = run("tp", "match", "--now", "1760999999", policy, self.claims())
        self.assertEqual((r.returncode, r.stdout.decode()), (1, "no match: exp token: expired\n"))

    def test_bad_input_is_status_2(self):
        policy = os.path.join(ROOT, self.POLICY)
        self.assertEqual(run("tp", "match", policy, self.write("c.json", "[1]")).returncode, 2)
        self.assertEqual(run("tp", "match", self.write("p.json", "{}"), self.claims()).returncode, 2)
        self.assertEqual(run("tp", "match", "--now", "soon", policy, self.claims()).returncode, 2)
        self.assertEqual(run("tp", "match", policy).returncode, 2)
        self.assertEqual(run("tp", "frobnicate").returncode, 2)

    def test_policy_fragment_only_on_request(self):
        # a policy written as the corpus's vectors are (provider "gitlab", no bindings): refused as
        # ssr validate refuses it, matched only with --policy-fragment
        fragment = self.write("fragment.json", json.dumps({
            "ssr": "trusted-publisher/v1", "provider": "gitlab", "issuer": "https://gitlab.com", "audience": "pypi",
            "state": "active", "conditions": [
                {"claim": "project_path", "op": "eq", "value": "g/p"},
                {"claim": "ci_config_ref_uri", "op": "workflow_file_gitlab", "value": ".gitlab-ci.yml"}]}))
        claims = self.write("gitlab.json", json.dumps({
            "iss": "https://gitlab.com", "aud": "pypi", "iat": 1760000000, "exp": 1760000300, "project_path": "g/p",
            "ci_config_ref_uri": "gitlab.com/g/p//.gitlab-ci.yml@refs/heads/main"}))
        r = run("tp", "match", "--now", "1760000010", fragment, claims)
        self.assertEqual(r.returncode, 2)
        self.assertIn(b"error[trusted-publisher.provider.enum]", r.stderr)
        r = run("tp", "match", "--now", "1760000010", "--policy-fragment", fragment, claims)
        self.assertEqual((r.returncode, r.stdout.decode()), (0, "match: 2 conditions held\n"))

    def test_explain(self):
        r = run("tp", "explain", os.path.join(ROOT, self.POLICY))
        self.assertEqual(r.returncode, 0)
        lines = [json.loads(line) for line in r.stdout.decode().splitlines()]
        self.assertEqual(lines[0]["token"]["aud"], "pypi")
        self.assertEqual([x["claim"] for x in lines[1:]],
                         ["repository", "repository_owner_id", "job_workflow_ref", "event_name", "environment"])


class Transform(Scratch):
    def test_canon(self):
        path = self.write("d.json", '{"b": 1.50, "a": [true, "\\u00e9"]}')
        r = run("canon", path)
        self.assertEqual(r.returncode, 0)
        self.assertEqual(r.stdout, '{"a":[true,"é"],"b":1.5}'.encode())

    def test_canon_from_stdin(self):
        r = run("canon", "-", stdin=b"[1E2]")
        self.assertEqual(r.stdout, b"[100]")

    def test_fmt(self):
        path = self.write("d.json", '{"b":1,"a":[]}')
        r = run("fmt", path)
        self.assertEqual(r.returncode, 0)
        self.assertEqual(r.stdout, b'{\n  "b": 1,\n  "a": []\n}\n')

    def test_invalid_input(self):
        path = self.write("d.json", '{"a": 1, "a": 2}')
        for cmd in ("canon", "fmt"):
            r = run(cmd, path)
            self.assertEqual(r.returncode, 1)
            self.assertEqual(r.stdout, b"")
            self.assertEqual(
                r.stderr.decode(),
                f'{path}:1:10: error[json.duplicate-member]: Expected each member name once in an object, found "a" again.\n',
            )

    def test_one_input_only(self):
        self.assertEqual(run("canon", "a", "b").returncode, 2)
        self.assertEqual(run("fmt").returncode, 2)


class Purl(Scratch):
    def test_parse_prints_the_components(self):
        r = run("purl", "parse", "pkg:PYPI/Django_package@1.11.1.dev1?b=2&a=1#/docs/./x/")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(r.stdout.decode(), '{"type":"pypi","namespace":null,"name":"django-package",'
                         '"version":"1.11.1.dev1","qualifiers":{"a":"1","b":"2"},"subpath":"docs/x"}\n')

    def test_canon_and_build_write_the_canonical_string(self):
        r = run("purl", "canon", "pkg:Maven/org.apache/io@1.0?repositorY_url=https://r/x&Type=pom")
        self.assertEqual(r.stdout.decode(), "pkg:maven/org.apache/io@1.0?repository_url=https:%2F%2Fr%2Fx&type=pom\n")
        path = self.write("c.json", '{"type":"npm","namespace":"@babel","name":"core","version":"7.0.0",'
                          '"qualifiers":null,"subpath":null}')
        self.assertEqual(run("purl", "build", path).stdout, b"pkg:npm/%40babel/core@7.0.0\n")
        self.assertEqual(run("purl", "build", "-", stdin=open(path, "rb").read()).stdout, b"pkg:npm/%40babel/core@7.0.0\n")

    def test_invalid_purls_say_why(self):
        r = run("purl", "parse", "pkg:cpan/URI::PackageURL")
        self.assertEqual(r.returncode, 1)
        self.assertEqual(r.stdout, b"")
        self.assertEqual(r.stderr.decode(), "purl:1:10: error[purl.name.format]: Expected a CPAN distribution name "
                         '(URI-PackageURL), found the module name "URI::PackageURL".\n')
        r = run("purl", "parse", "pkg:gem/x?Platform=java")  # only canon repairs a key in capitals
        self.assertEqual(r.returncode, 1)
        self.assertIn("error[purl.qualifier.key]", r.stderr.decode())
        path = self.write("c.json", '{"type":"swift","name":"Alamofire"}')
        r = run("purl", "build", path)
        self.assertEqual(r.returncode, 1)
        self.assertEqual(r.stderr.decode(), f"{path}:1:1: error[purl.namespace.required]: Expected a namespace, "
                         "which type swift requires, found none.\n")

    def test_usage(self):
        for args in ((), ("frob", "x"), ("parse",), ("parse", "a", "b"), ("build", "--x", "f")):
            self.assertEqual(run("purl", *args).returncode, 2, args)
        self.assertEqual(run("purl", "build", os.path.join(self.dir, "absent.json")).returncode, 2)


class PurlSuite(unittest.TestCase):
    """The purl specification's test suite through the command: parse, canon (validate) and build."""

    def test_every_case(self):
        corpus = os.environ.get("SSR_CORPUS")
        files = sorted(glob.glob(os.path.join(corpus, "purl-spec", "tests", "*", "*.json")))
        tests = failures = 0
        with tempfile.TemporaryDirectory() as scratch:
            for f in files:
                for t in json.load(open(f, encoding="utf-8"))["tests"]:
                    tests += 1
                    kind, want = t["test_type"], t.get("expected_output")
                    if kind == "build":
                        path = os.path.join(scratch, "c.json")
                        with open(path, "w", encoding="utf-8") as out:
                            json.dump(t["input"], out)
                        r = run("purl", "build", path)
                    else:
                        r = run("purl", "parse" if kind == "parse" else "canon", t["input"])
                    if t["expected_failure"]:
                        ok = r.returncode == 1 and r.stdout == b"" and "error[purl." in r.stderr.decode()
                    elif kind == "parse":
                        ok = r.returncode == 0 and json.loads(r.stdout) == want
                    else:
                        ok = r.returncode == 0 and r.stdout.decode() == want + "\n"
                    if not ok:
                        failures += 1
                        print("FAIL", os.path.basename(f), json.dumps(t), r.stdout, r.stderr)
        print(f"purl-spec through ssr purl: {tests} tests, {tests - failures} passed")
        self.assertEqual(tests, 586)
        self.assertEqual(failures, 0)

class Evidence(unittest.TestCase):
    """--min-log-entries and --min-signed-times on bundles of the tests' own PKI (tests/vectors/evidence)."""

    WHO = ["--certificate-identity", "https://github.com/octo/demo/.github/workflows/release.yml@refs/heads/main",
           "--certificate-oidc-issuer", "https://token.actions.githubusercontent.com"]

    def verify(self, bundle, *options):
        base = os.path.join(ROOT, "tests", "vectors", "evidence")
        return run("sigstore", "verify-bundle", "--bundle", os.path.join(base, bundle), "--trusted-root",
                   os.path.join(base, "trusted_root.json"), *self.WHO, *options, os.path.join(base, "artifact.txt"))

    def test_a_log_entry_by_default(self):
        r = self.verify("unlogged.sigstore.json")
        self.assertEqual(r.returncode, 1)
        self.assertIn(b"error[verify.tlog.required]: Expected at least 1 transparency-log entry, found 0.", r.stderr)
        self.assertEqual(self.verify("unlogged.sigstore.json", "--min-log-entries", "0").returncode, 0)
        self.assertEqual(self.verify("logged.sigstore.json").returncode, 0)

    def test_signed_times(self):
        self.assertEqual(self.verify("logged.sigstore.json", "--min-signed-times", "2").returncode, 0)
        r = self.verify("logged.sigstore.json", "--min-signed-times", "3")
        self.assertEqual(r.returncode, 1)
        self.assertIn(b"error[verify.time.too-few]", r.stderr)

    def test_bad_counts_are_usage_errors(self):
        for option, value in (("--min-log-entries", "33"), ("--min-log-entries", "-1"), ("--min-signed-times", "0"),
                              ("--min-signed-times", "two")):
            r = self.verify("logged.sigstore.json", option, value)
            self.assertEqual(r.returncode, 2, (option, value))


class VerifySuites(unittest.TestCase):
    """The verification corpora through the command: exit 0 verified, 1 not, as each case says."""

    identity = ("https://github.com/sigstore-conformance/extremely-dangerous-public-oidc-beacon/"
                ".github/workflows/extremely-dangerous-oidc-beacon.yml@refs/heads/main")
    issuer = "https://token.actions.githubusercontent.com"

    def test_conformance(self):
        base = os.path.join(os.environ["SSR_CORPUS"], "sigstore", "conformance", "bundle-verify")
        cases = failures = 0
        for name in sorted(os.listdir(base)):
            d = os.path.join(base, name)
            if not os.path.isfile(os.path.join(d, "bundle.sigstore.json")):
                continue
            artifact = os.path.join(d, "artifact")
            if not os.path.exists(artifact):
                artifact = os.path.join(base, "a.txt")
            digest = "sha256:" + hashlib.sha256(open(artifact, "rb").read()).hexdigest()
            for target in (artifact, digest):
                args = ["sigstore", "verify-bundle", "--bundle", os.path.join(d, "bundle.sigstore.json")]
                if os.path.exists(os.path.join(d, "key.pub")):
                    args += ["--key", os.path.join(d, "key.pub")]
                else:
                    ident = os.path.join(d, "identity")
                    iss = os.path.join(d, "issuer")
                    args += ["--certificate-identity",
                             open(ident).read().strip() if os.path.exists(ident) else self.identity,
                             "--certificate-oidc-issuer",
                             open(iss).read().strip() if os.path.exists(iss) else self.issuer]
                if os.path.exists(os.path.join(d, "trusted_root.json")):
                    args += ["--trusted-root", os.path.join(d, "trusted_root.json")]
                r = run(*args, target)
                cases += 1
                if name.endswith("_fail"):
                    # refused: 1 with a diagnostic, or 2 for an input that is no key or no trusted root
                    ok = r.stdout == b"" and ((r.returncode == 1 and b"error[" in r.stderr) or
                                              (r.returncode == 2 and r.stderr != b""))
                else:
                    ok = r.returncode == 0 and r.stdout.startswith(b"verified: ")
                if not ok:
                    failures += 1
                    print("FAIL", name, target, r.returncode, r.stdout, r.stderr)
        print(f"sigstore-conformance bundle-verify through ssr sigstore: {cases} cases, {cases - failures} right")
        self.assertEqual(cases, 140)
        self.assertEqual(failures, 0)

    def test_pep740_cases(self):
        base = os.path.join(os.environ["SSR_CORPUS"], "sigstore", "pep740")
        rows = list(csv.DictReader(open(os.path.join(base, "CASES.tsv"), encoding="utf-8"), delimiter="\t"))
        failures = 0
        for row in rows:
            att = row["attestation"]
            option = ("--certificate" if att.endswith(".pem") else "--provenance" if att.endswith(".provenance")
                      else "--bundle" if att.endswith(".sigstore") else "--attestation")
            args = ["pep740", "verify"] + (["--staging"] if row["trust_root"] == "staging" else [])
            args += ["--policy", row["policy"], option, os.path.join(base, att)]
            dist = row["artifact"]
            args.append(dist if dist.startswith("@") or dist == "-" else os.path.join(base, dist))
            r = run(*args)
            want = 0 if row["expect"] == "pass" else 1
            if r.returncode != want or (want == 1 and b"error[" not in r.stderr):
                failures += 1
                print("FAIL", row["id"], r.returncode, r.stderr)
        print(f"PEP 740 CASES.tsv through ssr pep740: {len(rows)} cases, {len(rows) - failures} right")
        self.assertEqual(len(rows), 46)
        self.assertEqual(failures, 0)

    def test_npm_cases(self):
        base = os.path.join(os.environ["SSR_CORPUS"], "sigstore", "npm")
        rows = list(csv.DictReader(open(os.path.join(base, "CASES.tsv"), encoding="utf-8"), delimiter="\t"))
        cases = failures = 0
        for row in rows:
            for target in (os.path.join(base, row["tarball"]), row["integrity"]):
                r = run("npm", "verify", "--keys", os.path.join(base, row["keys"]), "--package", row["package"],
                        os.path.join(base, row["attestations"]), target)
                cases += 1
                want = 0 if row["expect"] == "pass" else 1
                if r.returncode != want or (want == 1 and b"error[" not in r.stderr):
                    failures += 1
                    print("FAIL", row["id"], target, r.returncode, r.stderr)
        print(f"npm CASES.tsv through ssr npm: {cases} verifications, {cases - failures} right")
        self.assertEqual(cases, 74)
        self.assertEqual(failures, 0)

    def test_npm_tuf_keys(self):
        """The TUF-distributed keys.json works as the registry's keys response does."""
        base = os.path.join(os.environ["SSR_CORPUS"], "sigstore", "npm")
        keys = os.path.join(base, "keys", "tuf-registry.npmjs.org-keys.json")
        for package, response, tarball in (("sigstore@1.0.0", "sigstore@1.0.0.npm-cli.json", "sigstore-1.0.0.tgz"),
                                           ("sigstore@0.4.0", "sigstore@0.4.0.pacote-valid.json", "sigstore-0.4.0.tgz")):
            r = run("npm", "verify", "--keys", keys, "--package", package, os.path.join(base, "attestations", response),
                    os.path.join(base, "tarballs", tarball))
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertEqual(r.stdout.count(b"verified: "), 2)

    def test_json_result(self):
        base = os.path.join(os.environ["SSR_CORPUS"], "sigstore", "conformance", "bundle-verify")
        r = run("sigstore", "verify-bundle", "--bundle", os.path.join(base, "happy-path-v0.3", "bundle.sigstore.json"),
                "--certificate-identity", self.identity, "--certificate-oidc-issuer", self.issuer, "--format", "json",
                os.path.join(base, "a.txt"))
        self.assertEqual(r.returncode, 0, r.stderr)
        out = json.loads(r.stdout)
        self.assertTrue(out["verified"])
        (one,) = out["attestations"]
        self.assertEqual(one["identity"], {"san": self.identity, "kind": "uri"})
        self.assertEqual(one["extensions"]["issuer"], self.issuer)
        self.assertEqual([t["source"] for t in one["times"]], ["transparency-log"])
        self.assertEqual(one["tlog_entries"][0]["kind"], "hashedrekord")

    def test_usage(self):
        base = os.path.join(os.environ["SSR_CORPUS"], "sigstore", "conformance", "bundle-verify")
        bundle = os.path.join(base, "happy-path-v0.3", "bundle.sigstore.json")
        for args in (["sigstore"], ["sigstore", "sign-bundle"],
                     ["sigstore", "verify-bundle", "--bundle", bundle, os.path.join(base, "a.txt")],
                     ["sigstore", "verify-bundle", "--bundle", bundle, "--certificate-identity", "x",
                      os.path.join(base, "a.txt")],
                     ["sigstore", "verify-bundle", "--bundle", bundle, "--key", bundle, "--certificate-identity", "x",
                      "--certificate-oidc-issuer", "y", os.path.join(base, "a.txt")],
                     ["pep740", "verify", "--policy", "{}", "-"],
                     ["pep740", "verify", "--policy", "{\"issuer\":\"x\"}", "--attestation", bundle, "not-a-dist"],
                     ["npm", "verify", "--keys", bundle, "x.json", "sha512-AAAA"]):
            r = run(*args)
            self.assertEqual(r.returncode, 2, (args, r.stderr))
            self.assertEqual(r.stdout, b"")
        # a trusted root that is not one is bad input, not a verdict
        r = run("sigstore", "verify-bundle", "--bundle", bundle, "--certificate-identity", self.identity,
                "--certificate-oidc-issuer", self.issuer, "--trusted-root", bundle, os.path.join(base, "a.txt"))
        self.assertEqual(r.returncode, 2)
        self.assertIn(b"error[sigstore-trusted-root.", r.stderr)


class TokenSuite(unittest.TestCase):
    """OIDC ID tokens through ssr tp verify: the jose corpus's 73 tokens, standard input, decode."""

    policy = ('{"ssr":"trusted-publisher/v1","provider":"github-actions","issuer":"%s","audience":"%s",'
              '"state":"active","bindings":[{"type":"package","name":"octo"}],"github":{"owner":"octo-org",'
              '"owner_id":"123456","repository":"octo-repo","workflow":"release.yml"},'
              '"token":{"leeway_seconds":30,"require_jti":true}}')

    def setUp(self):
        self.base = os.path.join(os.environ["SSR_CORPUS"], "jose", "generated")
        self.tmp = tempfile.TemporaryDirectory()

    def tearDown(self):
        self.tmp.cleanup()

    def write_policy(self, iss, aud):
        path = os.path.join(self.tmp.name, "policy.json")
        with open(path, "w") as f:
            f.write(self.policy % (iss, aud))
        return path

    def test_corpus(self):
        rows = list(csv.DictReader(open(os.path.join(self.base, "EXPECTED.tsv"), encoding="utf-8"), delimiter="\t"))
        failures = 0
        for row in rows:
            # the policy's leeway is 30 s; the corpus is checked with none: --leeway 0
            r = run("tp", "verify", "--jwks", os.path.join(self.base, row["jwks"]), "--now", row["now"], "--leeway", "0",
                    self.write_policy(row["iss"], row["aud"]), os.path.join(self.base, row["token"]))
            want = 0 if row["expect"] == "pass" else 1
            refused_at_token = b"error[jwt." in r.stderr
            ok = r.returncode == want and (want == 0 and r.stdout.startswith(b"token: ") or
                                           want == 1 and (refused_at_token or r.stdout.startswith(b"token: ")))
            if not ok:
                failures += 1
                print("FAIL", row["token"], r.returncode, r.stdout, r.stderr)
        print(f"jose generated tokens through ssr tp verify: {len(rows)}, {len(rows) - failures} right")
        self.assertEqual(len(rows), 73)
        self.assertEqual(failures, 0)

    def test_stdin_json_and_decode(self):
        token = open(os.path.join(self.base, "tokens", "valid-es256.jwt"), "rb").read()
        policy = self.write_policy("https://token.actions.githubusercontent.com", "pypi")
        r = run("tp", "verify", "--jwks", os.path.join(self.base, "jwks.json"), "--now", "1750000000", "--format",
                "json", policy, "-", stdin=token)
        self.assertEqual(r.returncode, 0, r.stderr)
        out = json.loads(r.stdout)
        self.assertTrue(out["matched"])
        self.assertEqual(out["token"], {"alg": "ES256", "kid": "gha-test-ec-1"})
        self.assertEqual(out["claims"]["repository"], "octo-org/octo-repo")
        r = run("tp", "decode", "-", stdin=token)
        self.assertEqual(r.returncode, 0)
        self.assertIn(b"NOT verified", r.stderr)
        decoded = json.loads(r.stdout)
        self.assertFalse(decoded["verified"])
        self.assertEqual(decoded["header"]["alg"], "ES256")
        self.assertEqual(decoded["signature_bytes"], 64)
        # a refused token: the diagnostic names the check and the place
        r = run("tp", "verify", "--jwks", os.path.join(self.base, "jwks.json"), "--now", "1750000000", policy,
                os.path.join(self.base, "tokens", "alg-none.jwt"))
        self.assertEqual(r.returncode, 1)
        self.assertRegex(r.stderr.decode(), r"alg-none\.jwt:1:1: error\[jwt\.alg\.none\]")
        # bad input: a JWKS that is not one, a missing --jwks, a token that does not decode
        r = run("tp", "verify", "--jwks", policy, policy, "-", stdin=token)
        self.assertEqual(r.returncode, 2)
        self.assertIn(b"error[jwks.keys]", r.stderr)
        self.assertEqual(run("tp", "verify", policy, "-", stdin=token).returncode, 2)
        r = run("tp", "decode", "-", stdin=b"not.a.token!")
        self.assertEqual(r.returncode, 1)
        self.assertIn(b"error[jwt.", r.stderr)


if __name__ == "__main__":
    SSR = os.path.abspath(sys.argv[1])
    ROOT = os.path.abspath(sys.argv[2])
    loader = unittest.defaultTestLoader
    if sys.argv[3:] == ["--corpus"]:
        corpus = os.environ.get("SSR_CORPUS", "")
        if not os.path.exists(os.path.join(corpus, "attestations", "EXPECTED.tsv")) or \
                not os.path.isdir(os.path.join(corpus, "purl-spec", "tests")):
            print("skipping: the shared attestation or purl-spec corpus is absent")
            sys.exit(77)  # meson counts this as skipped, never as passed
        suite = unittest.TestSuite(loader.loadTestsFromTestCase(case)
                                   for case in (AttestationCorpus, PurlSuite, VerifySuites, TokenSuite))
    elif sys.argv[3:] == ["--jobs"]:
        suite = loader.loadTestsFromTestCase(Jobs)
    else:
        suite = unittest.TestSuite(
            loader.loadTestsFromTestCase(case)
            for case in (Basics, Validate, Hostile, HostileFiles, NativeKinds, Crypto, TrustedPublishing, Transform,
                         Purl))
    result = unittest.TextTestRunner(verbosity=1).run(suite)
    sys.exit(0 if result.wasSuccessful() else 1)
