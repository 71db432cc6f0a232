"""Keeps schema/SPEC.md's Appendix B true to the library and the command.

    python3 check_appendix_b.py SSR_EXE SOURCE_ROOT

Appendix B's table says where libssr implements each section of the
specification: C functions with the header that declares them, and commands
with their flags. Every function named there (`ssr_name()`, or a family
`ssr_prefix_*()`) must be declared in the header its row names, every command
must be one `ssr CMD --help` lists, and every flag given with a command must
be in that help text. The status codes the appendix names must be in
ssr/common.h.
"""

import glob
import re
import subprocess
import sys


def appendix(spec):
    start = spec.index("## Appendix B.")
    end = spec.find("\n## ", start + 1)
    return spec[start:] if end < 0 else spec[start:end]


def declared(header_text, name):
    """Whether a header declares the function `name`, or one of the family `name*` when it ends in _."""
    if name.endswith("_"):
        return re.search(r"\b" + re.escape(name) + r"\w+\s*\(", header_text) is not None
    return re.search(r"\b" + re.escape(name) + r"\s*\(", header_text) is not None


def main():
    ssr, root = sys.argv[1], sys.argv[2]
    text = appendix(open(f"{root}/schema/SPEC.md", encoding="utf-8").read())
    failures, checks = 0, 0

    def check(ok, message):
        nonlocal failures, checks
        checks += 1
        if not ok:
            failures += 1
            print(f"FAIL {message}")

    rows = [line for line in text.splitlines() if line.startswith("| ") and not line.startswith("| section")]
    check(len(rows) >= 9, f"Appendix B's table has {len(rows)} rows")
    helps = {}
    for row in rows:
        cells = [c.strip() for c in row.strip("|").split("|")]
        check(len(cells) == 3, f"row of 3 cells: {row}")
        if len(cells) != 3:
            continue
        section, api, command = cells
        headers = re.findall(r"`(ssr/[a-z_]+\.h)`", api)
        check(headers, f"section {section}: names its header")
        source = "".join(open(f"{root}/include/{h}", encoding="utf-8").read() for h in headers)
        for name in re.findall(r"`(ssr_\w+?)(?:\*)?\(\)`", api):
            check(declared(source, name), f"section {section}: {name}() is declared in {', '.join(headers)}")
        for spelled in re.findall(r"`(ssr [^`]+)`", command):
            words = [w.strip("[]") for w in spelled.split()[1:]]
            cmd, flags = [], []
            for i, w in enumerate(words):
                if w.startswith("--"):
                    flags.append(w)
                elif not w.isupper() and not (i and words[i - 1].startswith("--")):  # not a flag's value
                    cmd.append(w)
            top = cmd[0]
            if top not in helps:
                r = subprocess.run([ssr, top, "--help"], capture_output=True, text=True)
                helps[top] = r.stdout if r.returncode == 0 else ""
            usage = [line.split("ssr ", 1)[1] for line in helps[top].splitlines() if "ssr " in line]
            check(any(u.split()[:len(cmd)] == cmd for u in usage), f"section {section}: `{spelled}` is a command")
            for flag in flags:
                check(flag in helps[top], f"section {section}: `ssr {top} --help` lists {flag}")
    common = open(f"{root}/include/ssr/common.h", encoding="utf-8").read()
    for code in sorted(set(re.findall(r"`(SSR_E[A-Z]+)`", text))):
        check(re.search(r"\b" + code + r"\b", common) is not None, f"{code} is in ssr/common.h")
    headers = glob.glob(f"{root}/include/**/*.h", recursive=True)
    every_header = "".join(open(h, encoding="utf-8").read() for h in headers)
    for flag in sorted(set(re.findall(r"`(SSR_(?:TP|JWS|PURL)_[A-Z_]+)`", text))):
        check(re.search(r"\b" + flag + r"\b", every_header) is not None, f"{flag} is declared in include/")
    print(f"{checks - failures} passed, {failures} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
