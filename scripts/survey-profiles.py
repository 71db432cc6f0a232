#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Turns the working group's 2022 survey into repository-profile/v1 documents.

    scripts/survey-profiles.py [--check] [--survey DIR] [--out DIR]

reads DIR/results.csv (default ../shared/corpus/survey-2022) and writes one
profile per package manager under examples/survey-2022/ (--check: exit 1
when the files there differ from what the survey gives).

The CSV is transposed: column 0 holds the questions, each further column one
package manager's free-text answers. Only the questions in MAPPING below
become capabilities; a capability no mapped question speaks to is left out,
and so is an answer that does not say yes or no in the survey's own words
(free text is quoted in no profile rather than guessed at). Each capability
gets the status the answer gives, an `evidence` link to the question's line
in the published CSV and a `note` naming the question and quoting the
answer. SPEC section 8.1 reviews the table.
"""

import argparse
import csv
import io
import json
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SURVEY = os.path.join(ROOT, "..", "shared", "corpus", "survey-2022")
OUT = os.path.join(ROOT, "examples", "survey-2022")

# The published CSV, at the commit the corpus copies (its lines are linked).
SOURCE = ("https://github.com/ossf/wg-securing-software-repos/blob/"
          "cd3976829bbdfecceca8395f6a15c1170efe962e/survey/2022/results.csv")
# The working group reviewed the survey's results at its meeting of
# 30 November 2022 (ossf/wg-securing-software-repos#12); that is `assessed`.
ASSESSED = "2022-11-30T00:00:00Z"


def plain(answer):
    """The survey's own words: "Yes...", "No, but planned", "No..." -> status, else None."""
    a = answer.strip()
    low = a.lower()
    if low.startswith(("yes, but not natively", "yes, partially", "yes, with caveats")):
        return "partial"
    if low == "yes" or low.startswith("yes,"):
        return "yes"
    if low.startswith("no, but planned"):
        return "planned"
    if low == "no" or low.startswith(("no, but interested", "no, and no plans", "no,", "no -")):
        return "no"
    if low in ("not applicable", "n/a") or low.startswith(("n/a-", "n/a -", "not applicable")):
        return "n/a"
    return None


IDP = "the identity provider the login goes through (the survey's 'via IdentityProvider')"


def mfa_strong(answer):
    """Strong MFA is TOTP or better; MFA only through another identity provider's login is delegated to it."""
    status = plain(answer)
    if status != "yes":
        return status
    if "totp" in answer.lower() or "security key" in answer.lower():
        return "yes"
    return "delegated" if "identityprovider" in answer.lower().replace(" ", "") else "partial"


def phishing_resistant(answer):
    """The survey offered "via Security Key": an MFA answer without it says no."""
    status = plain(answer)
    if status != "yes":
        return status
    return "yes" if "security key" in answer.lower() else "no"


def mfa_required_all(answer):
    """"Yes, for restricted users" is enforcement for some, not all."""
    status = plain(answer)
    if status == "yes" and "restricted users" in answer.lower():
        return "no"
    return status


def name_reuse(answer):
    """The question asks about name reuse only; the capability is also no version replacement."""
    status = plain(answer)
    return "partial" if status == "yes" else status


# (question row, capability id, how the answer reads, why)
MAPPING = [
    (9, "general.typosquatting-prevention", plain, "asks about typosquatting prevention"),
    (13, "general.unpublish-policy", name_reuse, "name reuse only: a yes is partial"),
    (15, "auth.leaked-credential-check", plain, "asks about leaked-credential databases"),
    (19, "general.malware-reporting", plain, "consumers flag malicious packages"),
    (24, "general.security-reviews", plain, "a security testing schedule: periodic reviews"),
    (25, "general.vulnerability-disclosure", plain, "an unrestricted disclosure policy"),
    (29, "authz.scoped-tokens", plain, "minimally scoped API tokens"),
    (34, "auth.account-recovery-policy", plain, "account recovery mechanisms"),
    (35, "auth.mfa-strong", mfa_strong, "MFA by TOTP or a security key; only another IdP's is delegated"),
    (35, "auth.mfa-phishing-resistant", phishing_resistant, "the survey's 'via Security Key' option"),
    (36, "auth.mfa-required-critical", plain, "MFA enforced (for restricted users or all)"),
    (36, "auth.mfa-required-all", mfa_required_all, "MFA enforced for all, not only restricted users"),
    (39, "cli.vulnerability-warnings", plain, "a policy checking known vulnerabilities on install"),
    (41, "cli.sbom", plain, "SBOM generation"),
    (44, "cli.pinning", plain, "pinning dependencies to hashes"),
]

# The registries: the CSV's column name, the profile's file, name, home,
# ecosystems and taxonomy. The taxonomy is not a survey question; each is
# the registry's plain shape (and a profile requires it).
REGISTRIES = [
    ("PyPI", "pypi", "PyPI", "https://pypi.org", ["PyPI"], True, "accepts-built"),
    ("Gradle", "gradle", "Gradle Plugin Portal", "https://plugins.gradle.org", ["Maven"], True, "accepts-built"),
    ("Basalt", "basalt", "Basalt", "https://github.com/hyperupcall/basalt", ["Basalt"], False, "source-only"),
    ("opam", "opam", "opam-repository", "https://opam.ocaml.org", ["opam"], False, "source-only"),
    ("RubyGems", "rubygems", "RubyGems.org", "https://rubygems.org", ["RubyGems"], True, "accepts-built"),
    ("npm", "npm", "npm", "https://www.npmjs.com", ["npm"], True, "accepts-built"),
    ("Go", "go", "Go module proxy", "https://proxy.golang.org", ["Go"], False, "source-only"),
    ("Rust", "crates-io", "crates.io", "https://crates.io", ["crates.io"], True, "accepts-built"),
    ("Dart", "pub-dev", "pub.dev", "https://pub.dev", ["Pub"], True, "source-only"),
    ("Apache Maven", "apache-maven", "Apache Maven", "https://maven.apache.org", ["Maven"], False, "accepts-built"),
    ("Maven Central", "maven-central", "Maven Central", "https://central.sonatype.com", ["Maven"], True,
     "accepts-built"),
]

TRACK_APPLIES = {  # SPEC 8: when each track applies
    "auth": lambda accounts, artifacts: accounts,
    "authz": lambda accounts, artifacts: accounts and artifacts == "accepts-built",
    "general": lambda accounts, artifacts: True,
    "cli": lambda accounts, artifacts: True,
}


def read_survey(path):
    """Rows of the CSV with the line each starts on (answers span lines)."""
    with open(path, newline="", encoding="utf-8") as f:
        text = f.read()
    reader = csv.reader(io.StringIO(text, newline=""))
    rows, lines = [], []
    start = 1
    for row in reader:
        rows.append(row)
        lines.append(start)
        start = reader.line_num + 1
    return rows, lines


def quote(text):
    return " ".join(text.split())


def profiles(rows, lines):
    header = rows[0]
    counts = {"mapped": 0, "left_out": 0}
    out = {}
    for column, slug, name, url, ecosystems, accounts, artifacts in REGISTRIES:
        j = header.index(column)
        capabilities = {}
        for row, cap, reading, _why in MAPPING:
            answer = rows[row][j]
            status = reading(answer) if answer.strip() else None
            track = cap.split(".")[0]
            if status == "n/a" and TRACK_APPLIES[track](accounts, artifacts):
                status = None  # "not applicable" where the track applies: the survey does not say
            if status is None:
                counts["left_out"] += 1
                continue
            counts["mapped"] += 1
            capabilities[cap] = {
                "status": status,
                "evidence": f"{SOURCE}?plain=1#L{lines[row]}",
                "note": f'Survey 2022, question {row}: "{quote(rows[row][0])}" {column} answered: "{quote(answer)}"',
            }
            if status == "delegated":
                capabilities[cap]["delegate"] = IDP
        order = [c for _r, c, _f, _w in MAPPING]
        out[slug] = {
            "ssr": "repository-profile/v1",
            "repository": {"name": name, "url": url, "ecosystems": ecosystems},
            "assessed": ASSESSED,
            "taxonomy": {"user_accounts": accounts, "artifacts": artifacts},
            "capabilities": {c: capabilities[c] for c in sorted(capabilities, key=order.index)},
        }
    return out, counts


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--survey", default=SURVEY)
    ap.add_argument("--out", default=OUT)
    ap.add_argument("--check", action="store_true")
    args = ap.parse_args()
    source = os.path.join(args.survey, "results.csv")
    if args.check and not os.path.exists(source):
        print(f"skipping: the survey ({source}) is absent")
        sys.exit(77)
    rows, lines = read_survey(source)
    if len(rows) != 53 or len(rows[0]) != 12:
        sys.exit(f"results.csv: expected 53 questions by 11 package managers, found {len(rows)} by {len(rows[0]) - 1}")
    docs, counts = profiles(rows, lines)
    stale = []
    os.makedirs(args.out, exist_ok=True)
    for slug, doc in docs.items():
        path = os.path.join(args.out, f"repository-profile-{slug}.json")
        text = json.dumps(doc, indent=2, ensure_ascii=False) + "\n"
        if args.check:
            try:
                with open(path, encoding="utf-8") as f:
                    if f.read() != text:
                        stale.append(path)
            except FileNotFoundError:
                stale.append(path)
        else:
            with open(path, "w", encoding="utf-8") as f:
                f.write(text)
    questions = len({r for r, _c, _f, _w in MAPPING})
    print(f"{len(docs)} profiles; questions: {questions} of {len(rows) - 1} mapped, {len(rows) - 1 - questions} left out; "
          f"capabilities: {len(MAPPING)} of 32 mapped, {32 - len(MAPPING)} left out; "
          f"answers: {counts['mapped']} mapped, {counts['left_out']} left out (empty, free text, or n/a where the track applies)")
    if stale:
        print("not up to date (run scripts/survey-profiles.py):", *stale, sep="\n  ")
        sys.exit(1)


if __name__ == "__main__":
    main()
