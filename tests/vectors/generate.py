#!/usr/bin/env python3
"""Writes the test vectors of the native kinds.

Each vector is a valid base document changed in one way, and the diagnostics
that change must raise: severity, code, JSON Pointer, line and column. The
expectations come from this file alone: the field list below says what each
member is, the mutations say which rule each change breaks, and the positions
come from this script's own JSON writer, which records where every value and
member name starts. libssr is never asked.

    python3 tests/vectors/generate.py          # rewrite tests/vectors/{release,...}
    python3 tests/vectors/generate.py --check  # exit 1 if the files are not up to date
"""

import copy
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
EXAMPLES = os.path.join(HERE, "..", "..", "examples", "documents")


# ---- a JSON writer that knows where everything is ---------------------------

def escape_token(name):
    return name.replace("~", "~0").replace("/", "~1")


def escape_string(s):
    out = ['"']
    for ch in s:
        if ch == '"':
            out.append('\\"')
        elif ch == "\\":
            out.append("\\\\")
        elif ch == "\n":
            out.append("\\n")
        elif ord(ch) < 0x20:
            out.append("\\u%04x" % ord(ch))
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def write(doc):
    """Pretty JSON (two-space indent) and, per pointer, the offsets of the value and of its name."""
    parts, where = [], {}
    size = [0]

    def emit(s):
        parts.append(s)
        size[0] += len(s)

    def value(v, pointer, depth):
        where.setdefault(pointer, {})["value"] = size[0]
        pad = "  " * (depth + 1)
        if isinstance(v, dict):
            if not v:
                emit("{}")
                return
            emit("{\n")
            for i, (k, x) in enumerate(v.items()):
                emit(pad)
                child = pointer + "/" + escape_token(k)
                where.setdefault(child, {})["name"] = size[0]
                emit(escape_string(k) + ": ")
                value(x, child, depth + 1)
                emit(",\n" if i + 1 < len(v) else "\n")
            emit("  " * depth + "}")
        elif isinstance(v, list):
            if not v:
                emit("[]")
                return
            emit("[\n")
            for i, x in enumerate(v):
                emit(pad)
                value(x, pointer + "/" + str(i), depth + 1)
                emit(",\n" if i + 1 < len(v) else "\n")
            emit("  " * depth + "]")
        elif isinstance(v, str):
            emit(escape_string(v))
        elif isinstance(v, Raw):
            emit(v.text)
        else:
            emit(json.dumps(v))

    value(doc, "", 0)
    emit("\n")
    return "".join(parts), where


class Raw:
    """A number written exactly as given (1.0, 1e2)."""

    def __init__(self, text):
        self.text = text


def position(text, offset):
    line = text.count("\n", 0, offset) + 1
    start = text.rfind("\n", 0, offset) + 1
    return line, offset - start + 1


# ---- documents and their fields ---------------------------------------------

def load(name):
    with open(os.path.join(EXAMPLES, name), encoding="utf-8") as f:
        return json.load(f)


def get(doc, pointer):
    for token in pointer.split("/")[1:]:
        token = token.replace("~1", "/").replace("~0", "~")
        doc = doc[int(token)] if isinstance(doc, list) else doc[token]
    return doc


def parent_of(pointer):
    return pointer.rsplit("/", 1)[0]


def last_token(pointer):
    return pointer.rsplit("/", 1)[1].replace("~1", "/").replace("~0", "~")


def key_in(container, token):
    return int(token) if isinstance(container, list) else token


def set_at(doc, pointer, v):
    parent = get(doc, parent_of(pointer))
    parent[key_in(parent, last_token(pointer))] = v


def delete_at(doc, pointer):
    parent = get(doc, parent_of(pointer))
    del parent[key_in(parent, last_token(pointer))]


# Field kinds: what a field is, so the generator knows how to break it.
#   ("text", max) ("prose", max) ("enum",) ("const",) ("time",) ("url",) ("hex", n) ("revision",) ("digits", max)
#   ("ecosystem",) ("advisory",) ("purl", max) ("filename", max) ("workflow", max) ("workflow_path", max)
#   ("segment", max) ("repo_path", max) ("email", max) ("int", min, max) ("bool",) ("object",) ("array", min, unique)
BAD_FORMAT = {
    "text": "tab\there",
    "prose": "overwritten\rline",
    "time": "2024-02-30T00:00:00Z",
    "url": "http://example.com/x",
    "hex": None,  # computed: right length, uppercase
    "revision": "abc123",
    "digits": "12a",
    "ecosystem": "Pypi",
    "advisory": "not an id",
    "purl": "npm/left-pad@1.0.0",
    "filename": "../evil.tgz",
    "workflow": "release.sh",
    "workflow_path": "ci/release.txt",
    "segment": "two words",
    "repo_path": "no-slash",
    "email": "not-an-email",
}

LENGTH_LIMITED = {"text", "prose", "digits", "purl", "filename", "workflow", "workflow_path", "segment", "repo_path", "email",
                  "nonempty"}
# Adopted formats' strings: a format without a length rule.
BAD_FORMAT.update({
    "uri": "not a uri",
    "type_uri": "HTTPS://Example.com/type",
    "base64": "not base64!",
    "unsigned": "-1",
})


def fields_release():
    f = [
        ("ssr", "/ssr", ("const",), True),
        ("document", "", ("object",), True),
        ("package", "/package", ("object",), True),
        ("package.ecosystem", "/package/ecosystem", ("ecosystem",), True),
        ("package.name", "/package/name", ("text", 512), True),
        ("package.purl", "/package/purl", ("purl", 1024), False),
        ("version", "/version", ("text", 256), True),
        ("published", "/published", ("time",), True),
        ("artifacts", "/artifacts", ("array", 0, False), True),
        ("artifact", "/artifacts/0", ("object",), None),
        ("artifact.filename", "/artifacts/0/filename", ("filename", 255), True),
        ("artifact.size", "/artifacts/0/size", ("int", 0, 9007199254740991), False),
        ("digests", "/artifacts/0/digests", ("object",), True),
        ("digest", "/artifacts/0/digests/sha256", ("hex", 64), False),
        ("artifact.url", "/artifacts/0/url", ("url",), False),
        ("artifact.attestations", "/artifacts/0/attestations", ("array", 0, False), False),
        ("attestation", "/artifacts/0/attestations/0", ("object",), None),
        ("attestation.predicate-type", "/artifacts/0/attestations/0/predicate_type", ("text", 512), True),
        ("attestation.url", "/artifacts/0/attestations/0/url", ("url",), True),
        ("publisher", "/publisher", ("object",), True),
        ("publisher.policy", "/publisher/policy", ("text", 256), False),
        ("publisher.issuer", "/publisher/issuer", ("url",), True),
        ("provenance", "/provenance", ("object",), False),
        ("provenance.source-repository", "/provenance/source_repository", ("url",), True),
        ("provenance.source-revision", "/provenance/source_revision", ("revision",), True),
        ("provenance.build-config", "/provenance/build_config", ("text", 1024), False),
        ("provenance.builder", "/provenance/builder", ("text", 1024), False),
        ("provenance.transparency-log-entry", "/provenance/transparency_log_entry", ("url",), False),
        ("status", "/status", ("object",), True),
        ("status.state", "/status/state", ("enum",), True),
    ]
    return f


def fields_release_deleted():
    return [
        ("status.since", "/status/since", ("time",), False),
        ("status.reason", "/status/reason", ("open_enum",), None),
        ("status.message", "/status/message", ("prose", 4096), False),
        ("status.advisories", "/status/advisories", ("array", 0, True), False),
        ("status.advisory", "/status/advisories/0", ("advisory",), None),
        ("publisher.account", "/publisher/account", ("text", 256), True),
        ("publisher.token-id", "/publisher/token_id", ("text", 256), False),
    ]


def fields_release_files():
    """The members a release may carry per file and about itself: uploads, signatures, lifecycle."""
    return [
        ("registry", "/registry", ("url",), False),
        ("project-status", "/project_status", ("object",), False),
        ("project-status.state", "/project_status/state", ("enum",), True),
        ("project-status.since", "/project_status/since", ("time",), False),
        ("project-status.message", "/project_status/message", ("prose", 4096), False),
        ("project-status.actor", "/project_status/actor", ("open_enum",), False),
        ("project-status.advisories", "/project_status/advisories", ("array", 0, True), False),
        ("project-status.advisory", "/project_status/advisories/0", ("advisory",), None),
        ("status.deprecated", "/status/deprecated", ("bool",), False),
        ("status.actor", "/status/actor", ("open_enum",), False),
        ("artifact.uploaded", "/artifacts/0/uploaded", ("time",), False),
        ("artifact.signatures", "/artifacts/0/signatures", ("array", 0, False), False),
        ("signature", "/artifacts/0/signatures/0", ("object",), None),
        ("signature.type", "/artifacts/0/signatures/0/type", ("open_enum",), True),
        ("signature.url", "/artifacts/0/signatures/0/url", ("url",), False),
        ("signature.keyid", "/artifacts/0/signatures/1/keyid", ("text", 256), False),
        ("signature.value", "/artifacts/0/signatures/1/value", ("text", 16384), False),
        ("publisher.account-id", "/artifacts/1/publisher/account_id", ("text", 256), False),
        ("publisher.workload", "/publisher/workload", ("object",), False),
        ("publisher.workload.repository", "/publisher/workload/repository", ("text", 512), True),
        ("publisher.workload.workflow", "/publisher/workload/workflow", ("text", 1024), False),
        ("publisher.workload.run", "/publisher/workload/run", ("url",), False),
        ("publisher.workload.environment", "/publisher/workload/environment", ("text", 256), False),
        ("provenance.build-log", "/provenance/build_log", ("url",), False),
        ("provenance.verified", "/provenance/verified", ("bool",), False),
    ]


def fields_release_yanked():
    return [("status.replacement", "/status/replacement", ("text", 1024), False)]


def fields_policy_github():
    return [
        ("ssr", "/ssr", ("const",), True),
        ("document", "", ("object",), True),
        ("id", "/id", ("text", 256), False),
        ("provider", "/provider", ("enum",), True),
        ("issuer", "/issuer", ("url",), True),
        ("audience", "/audience", ("text", 256), True),
        ("state", "/state", ("enum",), True),
        ("bindings", "/bindings", ("array", 0, False), None),
        ("binding", "/bindings/0", ("object",), None),
        ("binding.type", "/bindings/0/type", ("enum",), True),
        ("binding.name", "/bindings/0/name", ("text", 512), True),
        ("github", "/github", ("object",), None),
        ("github.owner", "/github/owner", ("segment", 39), True),
        ("github.owner-id", "/github/owner_id", ("digits", 20), True),
        ("github.repository", "/github/repository", ("segment", 100), True),
        ("github.workflow", "/github/workflow", ("workflow", 255), True),
        ("github.environment", "/github/environment", ("text", 255), False),
        ("token", "/token", ("object",), False),
        ("token.leeway-seconds", "/token/leeway_seconds", ("int", 0, 300), True),
        ("token.require-jti", "/token/require_jti", ("bool",), True),
        ("token.max-lifetime-seconds", "/token/max_lifetime_seconds", ("int", 1, 86400), False),
    ]


def fields_policy_gitlab():
    return [
        ("gitlab", "/gitlab", ("object",), None),
        ("gitlab.namespace", "/gitlab/namespace", ("text", 255), True),
        ("gitlab.namespace-id", "/gitlab/namespace_id", ("digits", 20), False),
        ("gitlab.project", "/gitlab/project", ("segment", 255), True),
        ("gitlab.project-id", "/gitlab/project_id", ("digits", 20), False),
        ("gitlab.workflow-filepath", "/gitlab/workflow_filepath", ("workflow_path", 255), True),
        ("gitlab.environment", "/gitlab/environment", ("text", 255), False),
    ]


def fields_policy_pending():
    return [
        ("pending", "/pending", ("object",), None),
        ("pending.package", "/pending/package", ("text", 512), True),
        ("pending.registrant", "/pending/registrant", ("text", 256), True),
        ("pending.created", "/pending/created", ("time",), True),
        ("pending.expires", "/pending/expires", ("time",), True),
    ]


def fields_policy_google():
    return [
        ("google", "/google", ("object",), None),
        ("google.email", "/google/email", ("email", 254), True),
        ("google.subject", "/google/subject", ("text", 255), False),
    ]


def fields_policy_activestate():
    return [
        ("activestate", "/activestate", ("object",), None),
        ("activestate.organization", "/activestate/organization", ("text", 255), True),
        ("activestate.project", "/activestate/project", ("text", 255), True),
        ("activestate.actor-id", "/activestate/actor_id", ("text", 255), True),
    ]


def fields_policy_conditions():
    return [
        ("conditions", "/conditions", ("array", 1, False), None),
        ("condition", "/conditions/0", ("object",), None),
        ("condition.claim", "/conditions/0/claim", ("text", 256), True),
        ("condition.op", "/conditions/0/op", ("enum",), True),
        ("condition.bind-on-first-use", "/conditions/1/bind_on_first_use", ("bool",), False),
        ("github.workflow-repository", "/github/workflow_repository", ("repo_path", 140), False),
        ("github.workflow-claim", "/github/workflow_claim", ("enum",), False),
        ("github.fold-case", "/github/fold_case", ("bool",), False),
        ("github.allow-workflow-run", "/github/allow_workflow_run", ("bool",), False),
    ]


def fields_profile():
    return [
        ("ssr", "/ssr", ("const",), True),
        ("document", "", ("object",), True),
        ("repository", "/repository", ("object",), True),
        ("repository.name", "/repository/name", ("text", 256), True),
        ("repository.url", "/repository/url", ("url",), True),
        ("repository.ecosystems", "/repository/ecosystems", ("array", 1, True), True),
        ("repository.ecosystem", "/repository/ecosystems/0", ("text", 64), None),
        ("assessed", "/assessed", ("time",), True),
        ("taxonomy", "/taxonomy", ("object",), True),
        ("taxonomy.user-accounts", "/taxonomy/user_accounts", ("bool",), True),
        ("taxonomy.artifacts", "/taxonomy/artifacts", ("enum",), True),
        ("capabilities", "/capabilities", ("object",), True),
        ("capability", "/capabilities/auth.passwordless", ("object",), None),
        ("capability.status", "/capabilities/auth.passwordless/status", ("open_enum",), True),
        ("capability.evidence", "/capabilities/auth.email-verification/evidence", ("url",), False),
        ("capability.note", "/capabilities/general.transparency-log/note", ("text", 4096), False),
    ]


def fields_profile_full():
    """The optional parts of a profile: who assessed it, against what, which clients; a delegated capability."""
    return [
        ("assessor", "/assessor", ("object",), False),
        ("assessor.name", "/assessor/name", ("text", 256), True),
        ("assessor.url", "/assessor/url", ("url",), False),
        ("assessor.relation", "/assessor/relation", ("open_enum",), False),
        ("framework", "/framework", ("object",), False),
        ("framework.name", "/framework/name", ("const",), True),
        ("framework.version", "/framework/version", ("const",), True),
        ("framework.published", "/framework/published", ("time",), False),
        ("clients", "/clients", ("array", 1, True), False),
        ("client", "/clients/0", ("text", 128), None),
        ("capability.delegate", "/capabilities/auth.mfa-strong/delegate", ("text", 256), False),
    ]


# ---- bases -------------------------------------------------------------------

def profile_full(doc):
    """npm's profile with an assessor, the framework, its clients and a capability delegated to another provider."""
    doc["assessor"] = {"name": "libssr maintainers", "url": "https://github.com/libssr/libssr", "relation": "independent"}
    doc["framework"] = {"name": "OpenSSF Principles for Package Repository Security", "version": "0.1",
                        "published": "2024-02-01T00:00:00Z"}
    doc["clients"] = ["npm", "yarn", "pnpm"]
    doc["capabilities"]["auth.mfa-strong"] = {"status": "delegated", "delegate": "GitHub",
                                              "evidence": "https://docs.npmjs.com/configuring-two-factor-authentication"}
    return doc


def deleted_with_files(doc):
    """The bundled deleted release (whose file is gone) as it should be kept: its file's name and digest."""
    doc["artifacts"] = [{"filename": "osxlocation-1.0.0.tgz", "size": 1024, "digests": {"sha512": "a" * 128}}]
    return doc


def release_files(doc):
    """A release with per-file facts (PyPI uploads files one by one), signatures and lifecycle."""
    doc["registry"] = "https://pypi.org/simple/"
    doc["project_status"] = {"state": "active", "since": "2024-06-18T17:57:29Z", "message": "Maintained.",
                             "advisories": ["PYSEC-2024-0001"], "actor": "maintainer"}
    doc["status"] = {"state": "active", "deprecated": True, "actor": "maintainer",
                     "message": "Use sampleproject 5 instead.", "replacement": "pkg:pypi/sampleproject@5.0.0"}
    doc["publisher"]["workload"] = {"repository": "pypa/sampleproject", "workflow": ".github/workflows/release.yml",
                                    "run": "https://github.com/pypa/sampleproject/actions/runs/9567339843",
                                    "environment": "pypi"}
    doc["provenance"]["build_log"] = "https://github.com/pypa/sampleproject/actions/runs/9567339843"
    doc["provenance"]["verified"] = True
    wheel, sdist = doc["artifacts"]
    wheel["uploaded"] = "2024-06-18T17:57:29.413Z"
    wheel["signatures"] = [
        {"type": "sigstore", "url": "https://pypi.org/integrity/sampleproject/4.0.0/" + wheel["filename"] + "/provenance"},
        {"type": "openpgp", "keyid": "0x1234ABCD5678EF90", "value": "-----BEGIN PGP SIGNATURE-----"},
    ]
    sdist["uploaded"] = "2024-06-18T17:58:02.001Z"
    sdist["publisher"] = {"type": "account", "account": "pypa-bot", "account_id": "1234567"}
    sdist["status"] = {"state": "yanked", "reason": "broken", "actor": "maintainer", "since": "2024-06-19T08:00:00Z"}
    return doc


def bases():
    google = {
        "ssr": "trusted-publisher/v1", "provider": "google-cloud", "issuer": "https://accounts.google.com",
        "audience": "pypi", "state": "active", "bindings": [{"type": "package", "name": "sampleproject"}],
        "google": {"email": "publisher@example-project.iam.gserviceaccount.com", "subject": "111234567890123456789"},
    }
    activestate = {
        "ssr": "trusted-publisher/v1", "provider": "activestate",
        "issuer": "https://platform.activestate.com/api/v1/oauth/oidc", "audience": "pypi", "state": "active",
        "bindings": [{"type": "package", "name": "sampleproject"}],
        "activestate": {"organization": "example-org", "project": "example-project", "actor_id": "a1b2c3d4"},
    }
    conditions = {
        "ssr": "trusted-publisher/v1", "provider": "github-actions",
        "issuer": "https://token.actions.githubusercontent.com", "audience": "crates.io", "state": "active",
        "bindings": [{"type": "namespace", "name": "example-org"}],
        "github": {"owner": "example-org", "owner_id": "4242", "repository": "app", "workflow": "release.yml",
                   "workflow_repository": "example-org/shared-workflows"},
        "conditions": [
            {"claim": "event_name", "op": "not_in", "value": ["pull_request_target", "workflow_run"]},
            {"claim": "namespace_id", "op": "eq", "value": None, "bind_on_first_use": True},
        ],
    }
    return {
        "release": load("release-pypi-sampleproject.json"),
        "release-deleted": deleted_with_files(load("release-npm-osxlocation-deleted.json")),
        "release-files": release_files(load("release-pypi-sampleproject.json")),
        "release-yanked": load("release-crates-yanked.json"),
        "policy-github": load("trusted-publisher-github.json"),
        "policy-gitlab": load("trusted-publisher-gitlab.json"),
        "policy-pending": load("trusted-publisher-pending.json"),
        "policy-google": google,
        "policy-activestate": activestate,
        "policy-conditions": conditions,
        "profile": load("repository-profile-pypi.json"),
        "profile-full": profile_full(load("repository-profile-npm.json")),
    }


KIND_OF = {"release": "release", "policy": "trusted-publisher", "profile": "repository-profile"}

import adopted  # noqa: E402  (the adopted formats' bases, fields and cases)

KIND_OF.update(adopted.KIND_OF)


# ---- mutations --------------------------------------------------------------

def wrong_type(field_kind):
    k = field_kind[0]
    if k == "unsigned":
        return True  # a number is an int64 the protobuf JSON mapping reads (a warning), not a wrong type
    if k in ("int", "int_const"):
        return "12"
    if k == "bool":
        return "true"
    if k in ("object", "object_closed"):
        return []
    if k == "array":
        return {}
    return 42


def bad_format(field_kind, current):
    k = field_kind[0]
    if k == "hex":
        return current.upper() if current.upper() != current else "G" * field_kind[1]
    return BAD_FORMAT.get(k)


def generic_cases(kind, base_name, base, fields):
    """One case per rule of each field: (name, doc, [(severity, rule-code, pointer, place)])."""
    cases = []
    for stem, pointer, fk, required in fields:
        k = fk[0]
        # "owner:stem": a shared part of another format, which raises that format's codes;
        # "owner::stem": the top of such a part, whose absence its container reports
        top = "::" in stem
        owner, _, stem = stem.replace("::", ":").rpartition(":")
        code = lambda rule, owner=owner or kind, stem=stem: f"{owner}.{stem}.{rule}"
        required_code = f"{kind if top or not owner else owner}.{stem}.required"

        doc = copy.deepcopy(base)
        if pointer == "":
            doc = wrong_type(fk)
        else:
            set_at(doc, pointer, wrong_type(fk))
        cases.append((f"{stem}.type", doc, [("error", code("type"), pointer, "value")]))

        if required and pointer:
            doc = copy.deepcopy(base)
            delete_at(doc, pointer)
            # the object that lacks the member reports it, under its own format's code
            cases.append((f"{stem}.required", doc, [("error", required_code, parent_of(pointer), "value")]))

        if k == "const":
            doc = copy.deepcopy(base)
            set_at(doc, pointer, get(base, pointer).split("/")[0] + "/v2")
            cases.append((f"{stem}.const", doc, [("error", code("const"), pointer, "value")]))
        if k == "enum":
            doc = copy.deepcopy(base)
            set_at(doc, pointer, "bogus")
            cases.append((f"{stem}.enum", doc, [("error", code("enum"), pointer, "value")]))
        if k == "open_enum":
            doc = copy.deepcopy(base)
            set_at(doc, pointer, "bogus")
            cases.append((f"{stem}.unknown-value", doc, [("warning", code("unknown-value"), pointer, "value")]))
        if k in LENGTH_LIMITED or "nonempty" in fk[1:]:
            doc = copy.deepcopy(base)
            set_at(doc, pointer, "")
            cases.append((f"{stem}.length", doc, [("error", code("length"), pointer, "value")]))
            if k in ("text", "prose"):
                doc = copy.deepcopy(base)
                set_at(doc, pointer, "x" * (fk[1] + 1))
                cases.append((f"{stem}.length-max", doc, [("error", code("length"), pointer, "value")]))
        if k == "hex":
            doc = copy.deepcopy(base)
            set_at(doc, pointer, get(base, pointer)[:-1])
            cases.append((f"{stem}.length", doc, [("error", code("length"), pointer, "value")]))
        if k in BAD_FORMAT or k == "hex":
            doc = copy.deepcopy(base)
            set_at(doc, pointer, bad_format(fk, get(base, pointer)))
            cases.append((f"{stem}.format", doc, [("error", code("format"), pointer, "value")]))
        if k in ("int", "int_const"):
            doc = copy.deepcopy(base)
            set_at(doc, pointer, fk[2] + 1 if fk[2] < 9007199254740991 else -1)
            cases.append((f"{stem}.range", doc, [("error", code("range"), pointer, "value")]))
            doc = copy.deepcopy(base)
            set_at(doc, pointer, Raw("1.0"))
            cases.append((f"{stem}.integer", doc, [("error", code("integer"), pointer, "value")]))
        if k == "array" and fk[1] > 0:
            doc = copy.deepcopy(base)
            set_at(doc, pointer, [])
            cases.append((f"{stem}.min-items", doc, [("error", code("min-items"), pointer, "value")]))
        if k == "array" and fk[2]:
            doc = copy.deepcopy(base)
            items = get(doc, pointer)
            items.insert(1, items[0])
            cases.append((f"{stem}.unique", doc, [("error", code("unique"), pointer + "/1", "value")]))
        if k == "object_closed":
            doc = copy.deepcopy(base)
            get(doc, pointer)["auth.bogus"] = {"status": "yes"}
            cases.append((f"{stem}.unknown", doc, [("error", code("unknown"), pointer + "/auth.bogus", "name")]))
    named, seen = [], {}
    for name, doc, expect in cases:
        seen[name] = seen.get(name, 0) + 1
        unique = name if seen[name] == 1 else f"{name}-{seen[name]}"  # a stem used twice (array and items)
        named.append((base_name, unique, doc, expect + ALSO.get((base_name, name), [])))
    return named


# Changes that break a second rule as well, by design.
ALSO = {
    # Any issuer but GitHub's own is the wrong issuer for github-actions.
    ("policy-github", "issuer.format"): [
        ("error", "trusted-publisher.issuer.provider-mismatch", "/issuer", "value")],
    # A bind_on_first_use that is not true leaves the null value unexplained.
    ("policy-conditions", "condition.bind-on-first-use.type"): [
        ("error", "trusted-publisher.condition.value.invalid", "/conditions/1/value", "name")],
    # An empty events list has no introduced event either (the schema's contains).
    ("osv", "events.min-items"): [("error", "osv.events.introduced-missing", "/affected/0/ranges/0/events", "value")],
    # The npm publish subject is built from the predicate's name and version.
    ("statement-npm", "npm-publish.name.length"): [
        ("error", "in-toto-statement.subject.npm-purl.mismatch", "/subject/0/name", "value")],
    ("statement-npm", "npm-publish.version.length"): [
        ("error", "in-toto-statement.subject.npm-purl.mismatch", "/subject/0/name", "value")],
}


def special_cases(b):
    """The rules beyond a field's own type: one or more cases each, written out."""
    out = []

    def case(base_name, name, change, expect):
        doc = copy.deepcopy(b[base_name])
        change(doc)
        out.append((base_name, name, doc, expect))

    R, D, Y = "release", "release-deleted", "release-yanked"
    # release
    case(R, "near-miss", lambda d: d.update({"Version": "4.0.0"}),
         [("error", "release.near-miss", "/Version", "name")])
    case(R, "near-miss-snake", lambda d: d["provenance"].update({"sourceRepository": "https://github.com/a/b"}),
         [("error", "release.near-miss", "/provenance/sourceRepository", "name")])
    case(R, "unknown-member", lambda d: d.update({"homepage": "https://example.org"}),
         [("warning", "release.unknown-member", "/homepage", "name")])
    case(R, "extension-member", lambda d: d.update({"x-pypi-review": {"any": "thing"}}), [])
    case(R, "extension-name", lambda d: d.update({"x-registry": {"any": "thing"}}),
         [("warning", "release.extension-name", "/x-registry", "name")])
    case(D, "artifacts.deleted-empty", lambda d: d.update({"artifacts": []}),
         [("warning", "release.artifacts.deleted-empty", "/artifacts", "value")])
    # invisible and bidirectional-control code points in names: warnings
    case(R, "package.name.invisible", lambda d: d["package"].update({"name": "sample\u202eproject"}) or
         d["package"].pop("purl"),
         [("warning", "release.package.name.invisible", "/package/name", "value")])
    case(R, "version.invisible", lambda d: d.update({"version": "4.0.0\u200b"}) or d["package"].pop("purl"),
         [("warning", "release.version.invisible", "/version", "value")])
    case(R, "artifact.filename.invisible", lambda d: d["artifacts"][1].update({"filename": "sampleproject\u2066-4.0.0.tar.gz"}),
         [("warning", "release.artifact.filename.invisible", "/artifacts/1/filename", "value")])
    # a later minor version of v1 is read as v1, with a warning; anything else is another version
    case(R, "ssr.minor", lambda d: d.update({"ssr": "release/v1.2"}),
         [("warning", "release.ssr.minor", "/ssr", "value")])
    case(R, "ssr.minor-leading-zero", lambda d: d.update({"ssr": "release/v1.02"}),
         [("error", "release.ssr.const", "/ssr", "value")])
    # a status in a track that does not apply (no user accounts: no authentication track) is kept, with a warning
    def no_accounts(d):
        d["taxonomy"]["user_accounts"] = False
        for k in [k for k in d["capabilities"] if k.startswith(("auth.", "authz."))]:
            del d["capabilities"][k]
        d["capabilities"]["auth.mfa-strong"] = {"status": "yes", "evidence": "https://docs.npmjs.com/about-2fa"}
        d["capabilities"]["auth.email-verification"] = {"status": "n/a"}
    case("profile-full", "capability.status.track-absent", no_accounts,
         [("warning", "repository-profile.capability.status.track-absent", "/capabilities/auth.mfa-strong/status",
           "value")])
    # the Principles' later versions are read with 0.1's table, with a warning; what is no version is an error
    P = "profile-full"
    case(P, "framework.version.later", lambda d: d["framework"].update({"version": "0.2"}),
         [("warning", "repository-profile.framework.version.later", "/framework/version", "value")])
    case(P, "framework.version.major", lambda d: d["framework"].update({"version": "1.0"}),
         [("warning", "repository-profile.framework.version.later", "/framework/version", "value")])
    for name, v in [("earlier", "0.0"), ("leading-zero", "0.02"), ("three-parts", "0.1.1")]:
        case(P, "framework.version." + name, lambda d, v=v: d["framework"].update({"version": v}),
             [("error", "repository-profile.framework.version.const", "/framework/version", "value")])
    # a deprecated release says why, whatever its state; RubyGems records no reason when it removes a version
    F = "release-files"
    case(F, "status.reason.deprecated", lambda d: d["status"].update({"reason": "superseded"}), [])
    case(F, "status.reason.unexpected", lambda d: d["status"].update({"reason": "superseded", "deprecated": False}),
         [("error", "release.status.reason.unexpected", "/status/reason", "name")])
    case(D, "status.reason.unknown", lambda d: d["status"].update({"reason": "unknown"}) or d["status"].pop("advisories"), [])
    # a message of several lines (npm's deprecation messages have them): line feeds and tabs, nothing else
    case(D, "status.message.lines", lambda d: d["status"].update({"message": "Removed: malware.\n\tSee the advisory."}), [])
    # what registries do not publish is left out, never invented: npm and crates.io give no file size,
    # PyPI no trusted-publisher policy id
    case(R, "artifact.size.absent", lambda d: d["artifacts"][0].pop("size"), [])
    case(R, "publisher.policy.absent", lambda d: d["publisher"].pop("policy"), [])
    # an https URL names a host (RFC 3986 section 3.2.2), then an optional port of digits
    for name, url in [("no-host", "https://:443/x"), ("no-host-port-only", "https://:/x"),
                      ("port-letters", "https://files.example.org:abc/x"),
                      ("ip-literal-unclosed", "https://[2001:db8::1/x"), ("ip-literal-empty", "https://[]/x")]:
        case(R, "artifact.url.host." + name, lambda d, url=url: d["artifacts"][0].update({"url": url}),
             [("error", "release.artifact.url.format", "/artifacts/0/url", "value")])
    for name, url in [("port", "https://files.example.org:8443/x"), ("ip-literal", "https://[2001:db8::1]:443/x"),
                      ("empty-port", "https://files.example.org:/x")]:
        case(R, "artifact.url.host." + name, lambda d, url=url: d["artifacts"][0].update({"url": url}), [])
    case(R, "status.state.deprecated", lambda d: d["status"].update({"state": "deprecated"}),
         [("warning", "release.status.state.deprecated", "/status/state", "value")])
    case(R, "publisher.unknown", lambda d: d.update({"publisher": {"type": "unknown"}}), [])
    case(R, "artifact.status.yanked", lambda d: d["artifacts"][1].update(
        {"status": {"state": "yanked", "reason": "broken", "actor": "registry"}}), [])
    case(R, "artifact.status.deleted-without-reason", lambda d: d["artifacts"][1].update(
        {"status": {"state": "deleted"}}),
         [("error", "release.status.reason.missing", "/artifacts/1/status", "value")])
    case(R, "signature.empty", lambda d: d["artifacts"][0].update({"signatures": [{"type": "openpgp"}]}),
         [("error", "release.signature.empty", "/artifacts/0/signatures/0", "value")])
    case(R, "digests.strong-missing", lambda d: d["artifacts"][0].update({"digests": {"md5": "0" * 32, "sha1": "0" * 40}}),
         [("warning", "release.digests.strong-missing", "/artifacts/0/digests", "value")])
    # a registry that serves nothing stronger (Maven Central: md5 and sha1 per file): one warning per document
    case(R, "digests.strong-missing.every-file", lambda d: [a.update({"digests": {"md5": "0" * 32, "sha1": "0" * 40}})
                                                           for a in d["artifacts"]],
         [("warning", "release.digests.strong-missing", "/artifacts/0/digests", "value")])
    case(R, "digests.strong-missing.short", lambda d: d["artifacts"][0].update({"digests": {"sha224": "0" * 56}}),
         [("warning", "release.digests.strong-missing", "/artifacts/0/digests", "value")])
    case(R, "digests.empty", lambda d: d["artifacts"][0].update({"digests": {"whirlpool": "00"}}),
         [("warning", "release.digest.unknown", "/artifacts/0/digests/whirlpool", "name"),
          ("error", "release.digests.empty", "/artifacts/0/digests", "value")])
    case(R, "digests.empty.none", lambda d: d["artifacts"][0].update({"digests": {}}),
         [("error", "release.digests.empty", "/artifacts/0/digests", "value")])
    case(R, "digest.weak", lambda d: d["artifacts"][0]["digests"].update({"md5": "0" * 32}),
         [("warning", "release.digest.weak", "/artifacts/0/digests/md5", "name")])
    case(R, "digest.unknown-algorithm", lambda d: d["artifacts"][0]["digests"].update({"whirlpool": "0" * 128}),
         [("warning", "release.digest.unknown", "/artifacts/0/digests/whirlpool", "name")])
    # a digest name is never a near miss: "SHA256" is another (unknown) algorithm's name
    case(R, "digest.unknown-spelling", lambda d: d["artifacts"][0]["digests"].update({"SHA256": "0" * 64}),
         [("warning", "release.digest.unknown", "/artifacts/0/digests/SHA256", "name")])
    case(R, "digest.unknown-type", lambda d: d["artifacts"][0]["digests"].update({"whirlpool": 5}),
         [("error", "release.digest.type", "/artifacts/0/digests/whirlpool", "value")])
    # in-toto's names and the registries' spellings: PyPI's JSON API, SHA-3, a sha3-512-only set
    case(R, "digest.pypi-names", lambda d: d["artifacts"][1].update({"digests": {
        "blake2b_256": "c9f39a6b6a09b8e7b2cfc7a5c46a3d8e0ec2f1e96ab7b1e0f0a4d3e1d2f6b5a4", "md5": "0" * 32,
        "sha256": "0ace7980f82c5815ede4cd7bf9f6693684cec2ae47b9b7ade9add533b8627c6b"}}),
         [("warning", "release.digest.weak", "/artifacts/1/digests/md5", "name")])
    case(R, "digest.sha3-only", lambda d: d["artifacts"][1].update({"digests": {"sha3_512": "a" * 128}}), [])
    case(R, "digest.alias-conflict", lambda d: d["artifacts"][1]["digests"].update({"blake2b_256": "0" * 64}),
         [("error", "release.digest.alias-conflict", "/artifacts/1/digests/blake2b_256", "name")])
    case(R, "digest.alias-agree", lambda d: d["artifacts"][1]["digests"].update(
        {"blake2b_256": d["artifacts"][1]["digests"]["blake2b-256"]}), [])
    case(R, "artifact.filename.duplicate",
         lambda d: d["artifacts"][1].update({"filename": d["artifacts"][0]["filename"]}),
         [("error", "release.artifact.filename.duplicate", "/artifacts/1/filename", "value")])
    case(R, "artifacts.empty", lambda d: d.update({"artifacts": []}),
         [("error", "release.artifacts.empty", "/artifacts", "value")])
    case(R, "package.purl.type-mismatch", lambda d: d["package"].update({"purl": "pkg:npm/sampleproject@4.0.0"}),
         [("error", "release.package.purl.type-mismatch", "/package/purl", "value")])
    case(R, "package.purl.name-mismatch", lambda d: d["package"].update({"purl": "pkg:pypi/otherproject@4.0.0"}),
         [("error", "release.package.purl.name-mismatch", "/package/purl", "value")])
    case(R, "package.purl.name-normalized", lambda d: d["package"].update({"purl": "pkg:pypi/Sample_Project@4.0.0",
                                                                         "name": "sample-project"}), [])
    case(R, "package.purl.version-mismatch", lambda d: d["package"].update({"purl": "pkg:pypi/sampleproject@4.0.1"}),
         [("error", "release.package.purl.version-mismatch", "/package/purl", "value")])
    case(D, "package.purl.npm-scope", lambda d: d["package"].update(
        {"name": "@scope/osxlocation", "purl": "pkg:npm/%40scope/osxlocation@1.0.0"}), [])
    case(R, "publisher.type.enum", lambda d: d["publisher"].update({"type": "robot"}),
         [("error", "release.publisher.type.enum", "/publisher/type", "value")])
    case(R, "publisher.type.required", lambda d: d["publisher"].pop("type"),
         [("error", "release.publisher.type.required", "/publisher", "value")])
    case(R, "status.reason.unexpected", lambda d: d["status"].update({"reason": "other"}),
         [("error", "release.status.reason.unexpected", "/status/reason", "name")])
    case(D, "status.reason.missing", lambda d: d["status"].pop("reason"),
         [("error", "release.status.reason.missing", "/status", "value")])
    case(D, "status.advisories.missing", lambda d: d["status"].pop("advisories"),
         [("warning", "release.status.advisories.missing", "/status", "value")])
    case(Y, "timestamp-leap-second", lambda d: d["status"].update({"since": "2016-12-31T23:59:60Z"}), [])
    case(Y, "timestamp-fraction", lambda d: d.update({"published": "2025-09-02T08:15:00.5Z"}), [])
    case(Y, "timestamp-offset", lambda d: d.update({"published": "2025-09-02T08:15:00+00:00"}),
         [("error", "release.published.format", "/published", "value")])
    case(R, "url-credentials", lambda d: d["artifacts"][0].update({"url": "https://user@example.org/x.whl"}),
         [("error", "release.artifact.url.format", "/artifacts/0/url", "value")])
    case(R, "size-above-2^53", lambda d: d["artifacts"][0].update({"size": 9007199254740992}),
         [("error", "release.artifact.size.range", "/artifacts/0/size", "value")])
    # trusted-publisher
    P = "policy-github"
    case(P, "near-miss", lambda d: d["github"].update({"ownerId": "1"}),
         [("error", "trusted-publisher.near-miss", "/github/ownerId", "name")])
    case(P, "unknown-member", lambda d: d.update({"display": {"owner": "pypa"}}),
         [("warning", "trusted-publisher.unknown-member", "/display", "name")])
    case(P, "provider.block-mismatch", lambda d: d.update({"google": {"email": "a@b.co"}}),
         [("error", "trusted-publisher.provider.block-mismatch", "/google", "name")])
    case(P, "identity.missing", lambda d: d.pop("github"),
         [("error", "trusted-publisher.identity.missing", "", "value")])
    case(P, "issuer.provider-mismatch", lambda d: d.update({"issuer": "https://gitlab.com"}),
         [("error", "trusted-publisher.issuer.provider-mismatch", "/issuer", "value")])
    case(P, "bindings.missing", lambda d: d.pop("bindings"),
         [("error", "trusted-publisher.bindings.missing", "", "value")])
    case(P, "bindings.empty", lambda d: d.update({"bindings": []}),
         [("error", "trusted-publisher.bindings.missing", "/bindings", "value")])
    case(P, "pending.unexpected", lambda d: d.update({"pending": copy.deepcopy(b["policy-pending"]["pending"])}),
         [("error", "trusted-publisher.pending.unexpected", "/pending", "name")])
    case("policy-pending", "pending.missing", lambda d: d.pop("pending"),
         [("error", "trusted-publisher.pending.missing", "", "value")])
    case("policy-pending", "pending.expires.order", lambda d: d["pending"].update({"expires": "2026-04-01T00:00:00Z"}),
         [("error", "trusted-publisher.pending.expires.order", "/pending/expires", "value")])
    case("policy-gitlab", "gitlab.self-managed-issuer", lambda d: d.update({"issuer": "https://gitlab.example.com"}), [])
    C = "policy-conditions"
    case(C, "extension-name", lambda d: d.update({"x-": 1}),
         [("warning", "trusted-publisher.extension-name", "/x-", "name")])
    case(C, "ssr.minor", lambda d: d.update({"ssr": "trusted-publisher/v1.1"}),
         [("warning", "trusted-publisher.ssr.minor", "/ssr", "value")])
    sub_pin = {"claim": "sub", "op": "eq", "value": "repo:example-org/app:environment:release"}
    case(C, "custom-provider", lambda d: (d.pop("github"), d["conditions"].insert(0, sub_pin),
                                          d.update({"provider": "custom", "issuer": "https://ci.example.com"})), [])
    # a custom policy pins sub and one more claim of its own: the base's conditions pin only namespace_id
    case(C, "custom.sub-missing", lambda d: (d.pop("github"), d.update({"provider": "custom", "issuer": "https://ci.example.com"})),
         [("error", "trusted-publisher.identity.unpinned", "/conditions", "value")])
    # an issuer libssr knows is that provider's: a custom policy cannot hold it and pin less
    case(C, "provider.issuer-known", lambda d: (d.pop("github"), d.update({
        "provider": "custom", "issuer": "https://token.actions.githubusercontent.com",
        "conditions": [{"claim": "repository", "op": "eq", "value": "pypa/sampleproject"}]})),
         [("error", "trusted-publisher.provider.issuer-known", "/provider", "value"),
          ("error", "trusted-publisher.identity.unpinned", "/conditions", "value")])
    # the audience is the registry's own
    case(P, "audience.issuer", lambda d: d.update({"audience": "https://token.actions.githubusercontent.com"}),
         [("error", "trusted-publisher.audience.issuer", "/audience", "value")])
    case(P, "audience.default", lambda d: d.update({"audience": "https://github.com/example-org"}),
         [("error", "trusted-publisher.audience.default", "/audience", "value")])
    # ids are canonical decimal numbers: "00647025" could never equal the token's 647025
    case(P, "github.owner-id.leading-zero", lambda d: d["github"].update({"owner_id": "00647025"}),
         [("error", "trusted-publisher.github.owner-id.format", "/github/owner_id", "value")])
    # npm's GitHub publisher as npm stores it (repository, workflow file, environment, no owner id):
    # the owner id bound on first use, which the registry then records
    case(C, "npm-github-publisher", lambda d: (d.pop("github"), d.update({
        "provider": "github-actions", "issuer": "https://token.actions.githubusercontent.com", "audience": "npm:registry.npmjs.org",
        "conditions": [{"claim": "repository", "op": "eq", "value": "example-org/app"},
                       {"claim": "repository_owner_id", "op": "eq", "value": None, "bind_on_first_use": True},
                       {"claim": "workflow_ref", "op": "workflow_file", "value": "release.yml"},
                       {"claim": "environment", "op": "eq", "value": "npm"}]})), [])
    case(C, "custom.identity.missing", lambda d: (d.pop("github"), d.pop("conditions"),
                                                  d.update({"provider": "custom", "issuer": "https://ci.example.com"})),
         [("error", "trusted-publisher.identity.missing", "", "value")])
    case(C, "custom.block-mismatch", lambda d: (d["conditions"].insert(0, sub_pin),
                                                d.update({"provider": "custom", "issuer": "https://ci.example.com"})),
         [("error", "trusted-publisher.provider.block-mismatch", "/github", "name")])
    value_cases = [
        ("eq", 5.5), ("eq", 12345678901234567890), ("eq_ci", ""), ("eq_json", [True]), ("eq_json", 1.5),
        ("eq_json", 9007199254740992), ("eq_json", -9007199254740992), ("not_in", []), ("not_in", ["a", 1]), ("prefix", None),
        ("workflow_file", ""), ("workflow_file_gitlab", {}), ("eq_concat_claim", {"prefix": "x"}),
        ("eq_concat_claim", {"prefix": "x", "any_of": ["ref"], "extra": 1}),
        ("eq_concat_claim", {"prefix": "x", "any_of": [""]}), ("segments_prefix", {"sep": "", "segments": ["a"]}),
        ("segments_prefix", {"sep": ":", "segments": ["a"], "ci": "yes"}),
    ]
    for i, (op, value) in enumerate(value_cases):
        def change(d, op=op, value=value):
            d["conditions"][0] = {"claim": "x", "op": op, "value": value}
        case(C, f"condition.value.invalid-{i:02}-{op}", change,
             [("error", "trusted-publisher.condition.value.invalid", "/conditions/0/value", "name")])
    case(C, "condition.value.invalid-missing", lambda d: d["conditions"].__setitem__(0, {"claim": "x", "op": "eq"}),
         [("error", "trusted-publisher.condition.value.invalid", "/conditions/0", "value")])
    case(C, "condition.value.invalid-present", lambda d: d["conditions"].__setitem__(
        0, {"claim": "x", "op": "present", "value": "y"}),
         [("error", "trusted-publisher.condition.value.invalid", "/conditions/0/value", "name")])
    case(C, "condition.value.valid-all-ops", lambda d: d.update({"conditions": [
        {"claim": "a", "op": "eq", "value": "x"}, {"claim": "b", "op": "eq_ci", "value": "X"},
        {"claim": "c", "op": "eq_json", "value": True}, {"claim": "d", "op": "present"},
        {"claim": "e", "op": "not_in", "value": ["p"]}, {"claim": "f", "op": "prefix", "value": "o/r@"},
        {"claim": "g", "op": "eq_concat_claim", "value": {"prefix": "o/r@", "any_of": ["ref", "sha"], "require_all": True}},
        {"claim": "sub", "op": "segments_prefix", "value": {"sep": ":", "segments": ["project_path", "a/b"], "ci": True}},
        {"claim": "workflow_ref", "op": "workflow_file", "value": "release.yml"},
        {"claim": "ci_config_ref_uri", "op": "workflow_file_gitlab", "value": ".gitlab-ci.yml"}]}), [])
    case(C, "condition.value.exact-integers", lambda d: d["conditions"].extend([
        {"claim": "project_id", "op": "eq", "value": 4242}, {"claim": "n", "op": "eq_json", "value": 9007199254740991},
        {"claim": "m", "op": "eq_json", "value": -9007199254740991}]), [])

    def only_conditions(provider, issuer, conditions):
        def change(d):
            d.pop("github")
            d.update({"provider": provider, "issuer": issuer, "conditions": conditions})
        return change
    unpinned = [("error", "trusted-publisher.identity.unpinned", "/conditions", "value")]
    gh = "https://token.actions.githubusercontent.com"
    wf = {"claim": "job_workflow_ref", "op": "eq_concat_claim",
          "value": {"prefix": "o/r/.github/workflows/release.yml@", "any_of": ["ref", "sha"]}}
    pin_cases = [
        ("github-present-only", "github-actions", gh, [{"claim": "sub", "op": "present"}], unpinned),
        ("github-no-workflow", "github-actions", gh, [{"claim": "repository_owner_id", "op": "eq", "value": "1"},
                                                      {"claim": "repository", "op": "eq_ci", "value": "o/r"}], unpinned),
        ("github-owner-without-repository", "github-actions", gh,
         [{"claim": "repository_owner_id", "op": "eq", "value": "1"}, wf], unpinned),
        ("github-owner-and-repository", "github-actions", gh,
         [{"claim": "repository_owner_id", "op": "eq", "value": "1"}, {"claim": "repository", "op": "eq", "value": "o/r"}, wf], []),
        ("github-repository-id", "github-actions", gh,
         [{"claim": "repository_id", "op": "eq", "value": None, "bind_on_first_use": True},
          {"claim": "workflow_ref", "op": "workflow_file", "value": "release.yml"}], []),
        ("gitlab-project-only", "gitlab-ci", "https://gitlab.com", [{"claim": "project_path", "op": "eq_ci", "value": "g/p"}],
         unpinned),
        ("gitlab-project-and-config", "gitlab-ci", "https://gitlab.com",
         [{"claim": "project_path", "op": "eq_ci", "value": "g/p"},
          {"claim": "ci_config_ref_uri", "op": "workflow_file_gitlab", "value": ".gitlab-ci.yml"}], []),
        ("google-verified-only", "google-cloud", "https://accounts.google.com",
         [{"claim": "email_verified", "op": "eq_json", "value": True}], unpinned),
        ("google-email", "google-cloud", "https://accounts.google.com", [{"claim": "email", "op": "eq", "value": "a@b.iam"}], []),
        ("activestate-organization-only", "activestate", "https://platform.activestate.com/api/v1/oauth/oidc",
         [{"claim": "organization", "op": "eq", "value": "o"}], unpinned),
        ("activestate-organization-and-project", "activestate", "https://platform.activestate.com/api/v1/oauth/oidc",
         [{"claim": "organization", "op": "eq", "value": "o"}, {"claim": "project", "op": "eq", "value": "p"}], []),
        ("custom-presence-and-denial", "custom", "https://ci.example.com",
         [{"claim": "sub", "op": "present"}, {"claim": "event", "op": "not_in", "value": ["pr"]},
          {"claim": "ok", "op": "eq_json", "value": False}], unpinned),
        ("custom-sub-alone", "custom", "https://ci.example.com", [{"claim": "sub", "op": "prefix", "value": "repo:o/r:"}],
         unpinned),
        ("custom-sub-and-project", "custom", "https://ci.example.com",
         [{"claim": "sub", "op": "prefix", "value": "repo:o/r:"}, {"claim": "project", "op": "eq", "value": "r"}], []),
        # the registered claims never pin: every token for this registry has this iss and aud
        ("custom-registered-claims", "custom", "https://ci.example.com",
         [{"claim": "sub", "op": "eq", "value": "s"}, {"claim": "aud", "op": "eq", "value": "crates.io"},
          {"claim": "iss", "op": "eq", "value": "https://ci.example.com"}, {"claim": "jti", "op": "eq", "value": "j"}],
         unpinned),
        # npm's other providers: CircleCI (its issuer per organization; contexts never pin) and Buildkite
        ("circleci-org-and-project", "circleci", "https://oidc.circleci.com/org/abc-123",
         [{"claim": "oidc.circleci.com/org-id", "op": "eq", "value": "abc-123"},
          {"claim": "oidc.circleci.com/project-id", "op": "eq", "value": "p-1"},
          {"claim": "oidc.circleci.com/context-ids", "op": "contains_all", "value": ["ctx"]}], []),
        ("circleci-org-only", "circleci", "https://oidc.circleci.com/org/abc-123",
         [{"claim": "oidc.circleci.com/org-id", "op": "eq", "value": "abc-123"}], unpinned),
        ("circleci-contexts-only", "custom", "https://ci.example.com",
         [{"claim": "oidc.circleci.com/context-ids", "op": "contains_all", "value": ["ctx"]}], unpinned),
        ("buildkite-organization-and-pipeline", "buildkite", "https://agent.buildkite.com",
         [{"claim": "organization_slug", "op": "eq", "value": "acme"},
          {"claim": "pipeline_slug", "op": "eq", "value": "release"}], []),
        ("buildkite-organization-only", "buildkite", "https://agent.buildkite.com",
         [{"claim": "organization_slug", "op": "eq", "value": "acme"}], unpinned),
    ]
    for name, provider, issuer, conditions, expect in pin_cases:
        case(C, f"identity.unpinned.{name}", only_conditions(provider, issuer, conditions), expect)
    circle = [{"claim": "oidc.circleci.com/org-id", "op": "eq", "value": "abc-123"},
              {"claim": "oidc.circleci.com/project-id", "op": "eq", "value": "p-1"}]
    mismatch = [("error", "trusted-publisher.issuer.provider-mismatch", "/issuer", "value")]
    case(C, "binding.name.invisible", lambda d: d["bindings"][0].update({"name": "sample\ufeffproject"}),
         [("warning", "trusted-publisher.binding.name.invisible", "/bindings/0/name", "value")])
    case(C, "issuer.provider-mismatch.circleci", only_conditions("circleci", "https://oidc.circleci.com/other/x", circle),
         mismatch)
    case(C, "issuer.provider-mismatch.circleci-no-org", only_conditions("circleci", "https://oidc.circleci.com/org/",
                                                                        circle), mismatch)
    case(C, "issuer.provider-mismatch.buildkite", only_conditions("buildkite", "https://buildkite.example.com",
         [{"claim": "organization_slug", "op": "eq", "value": "acme"},
          {"claim": "pipeline_slug", "op": "eq", "value": "release"}]), mismatch)
    case(C, "condition.value.contains-all-empty", only_conditions("circleci", "https://oidc.circleci.com/org/abc-123",
         circle + [{"claim": "oidc.circleci.com/context-ids", "op": "contains_all", "value": []}]),
         [("error", "trusted-publisher.condition.value.invalid", "/conditions/2/value", "name")])
    case(C, "condition.bind-on-first-use.invalid", lambda d: d["conditions"][1].update({"op": "eq_ci", "value": None}),
         [("error", "trusted-publisher.condition.value.invalid", "/conditions/1/value", "name"),
          ("error", "trusted-publisher.condition.bind-on-first-use.invalid", "/conditions/1/bind_on_first_use", "name")])
    case(C, "condition.bind-on-first-use.with-value", lambda d: d["conditions"][1].update({"value": "123"}),
         [("error", "trusted-publisher.condition.bind-on-first-use.invalid", "/conditions/1/bind_on_first_use", "name")])
    case(C, "condition.null-without-bind", lambda d: d["conditions"][1].pop("bind_on_first_use"),
         [("error", "trusted-publisher.condition.value.invalid", "/conditions/1/value", "name")])
    # repository-profile
    F = "profile"
    # a registry may serve two kinds of artifacts: a list of the values
    case(F, "taxonomy.artifacts.list", lambda d: d["taxonomy"].update({"artifacts": ["accepts-built", "builds-for-users"]}), [])
    case(F, "taxonomy.artifacts.min-items", lambda d: d["taxonomy"].update({"artifacts": []}),
         [("error", "repository-profile.taxonomy.artifacts.min-items", "/taxonomy/artifacts", "value")])
    case(F, "taxonomy.artifacts.unique", lambda d: d["taxonomy"].update({"artifacts": ["source-only", "source-only"]}),
         [("error", "repository-profile.taxonomy.artifacts.unique", "/taxonomy/artifacts/1", "value")])
    case(F, "taxonomy.artifact.enum", lambda d: d["taxonomy"].update({"artifacts": ["accepts-built", "bogus"]}),
         [("error", "repository-profile.taxonomy.artifact.enum", "/taxonomy/artifacts/1", "value")])
    case(F, "taxonomy.artifact.type", lambda d: d["taxonomy"].update({"artifacts": [1]}),
         [("error", "repository-profile.taxonomy.artifact.type", "/taxonomy/artifacts/0", "value")])
    case(F, "ssr.minor", lambda d: d.update({"ssr": "repository-profile/v1.10"}),
         [("warning", "repository-profile.ssr.minor", "/ssr", "value")])
    case(F, "capability.status.not-applicable", lambda d: d["capabilities"]["auth.passwordless"].update({"status": "n/a"}),
         [("error", "repository-profile.capability.status.not-applicable", "/capabilities/auth.passwordless/status", "value")])
    # no user accounts: the authentication track does not apply, and its capabilities say n/a
    case(F, "capability.not-applicable-track", lambda d: (d["taxonomy"].update({"user_accounts": False}),
                                                          [c.update({"status": "n/a"}) or c.pop("evidence", None)
                                                           for k, c in d["capabilities"].items()
                                                           if k.startswith(("auth.", "authz."))]), [])
    case(F, "capability.evidence.missing", lambda d: d["capabilities"]["auth.passwordless"].update({"status": "yes"}),
         [("warning", "repository-profile.capability.evidence.missing", "/capabilities/auth.passwordless", "value")])
    case(F, "repository.ecosystem.unknown", lambda d: d["repository"]["ecosystems"].append("Homebrew"),
         [("warning", "repository-profile.repository.ecosystem.unknown", "/repository/ecosystems/1", "value")])
    case(F, "repository.ecosystem.case", lambda d: d["repository"]["ecosystems"].__setitem__(0, "Pypi"),
         [("error", "repository-profile.repository.ecosystem.case", "/repository/ecosystems/0", "value")])
    case(F, "capability.delegate.missing", lambda d: d["capabilities"]["auth.passwordless"].update(
        {"status": "delegated", "evidence": "https://pypi.org/help/"}),
         [("error", "repository-profile.capability.delegate.missing", "/capabilities/auth.passwordless", "value")])
    case(F, "capability.delegate.unexpected", lambda d: d["capabilities"]["auth.passwordless"].update(
        {"delegate": "GitHub"}),
         [("error", "repository-profile.capability.delegate.unexpected",
           "/capabilities/auth.passwordless/delegate", "name")])
    case(F, "capability.delegated.evidence", lambda d: d["capabilities"]["auth.passwordless"].update(
        {"status": "delegated", "delegate": "GitHub"}),
         [("warning", "repository-profile.capability.evidence.missing", "/capabilities/auth.passwordless", "value")])
    # a capability id this version does not define: a later v1 may; kept, warned, never scored
    case(F, "capabilities.unknown-id", lambda d: d["capabilities"].update({"auth.hardware-keys-for-all": {"status": "yes"}}),
         [("warning", "repository-profile.unknown-member", "/capabilities/auth.hardware-keys-for-all", "name")])
    # a misspelled id is still refused
    case(F, "capabilities.near-miss", lambda d: d["capabilities"].update({"auth.mfa_strong": {"status": "yes"}}),
         [("error", "repository-profile.near-miss", "/capabilities/auth.mfa_strong", "name")])
    case(F, "capability.extension-id", lambda d: d["capabilities"].update({"x-pypi-custom": {"status": "yes"}}), [])
    case(F, "capability.extension-name", lambda d: d["capabilities"].update({"x-registry.custom": {"status": "yes"}}),
         [("warning", "repository-profile.extension-name", "/capabilities/x-registry.custom", "name")])
    case(F, "near-miss", lambda d: d["taxonomy"].update({"userAccounts": True}),
         [("error", "repository-profile.near-miss", "/taxonomy/userAccounts", "name")])
    case(F, "unknown-member", lambda d: d.update({"contact": "security@pypi.org"}),
         [("warning", "repository-profile.unknown-member", "/contact", "name")])
    return out


def build():
    b = bases()
    cases = []
    # The purl is checked against name and version: break those on a base without one.
    no_purl = copy.deepcopy(b["release"])
    del no_purl["package"]["purl"]
    purl_fields = [f for f in fields_release() if f[0] == "package.purl"]
    cases += generic_cases("release", "release", no_purl, [f for f in fields_release() if f not in purl_fields])
    cases += generic_cases("release", "release", b["release"], purl_fields)
    cases += generic_cases("release", "release-deleted", b["release-deleted"], fields_release_deleted())
    cases += generic_cases("release", "release-yanked", b["release-yanked"], fields_release_yanked())
    cases += generic_cases("release", "release-files", b["release-files"], fields_release_files())
    cases += generic_cases("trusted-publisher", "policy-github", b["policy-github"], fields_policy_github())
    cases += generic_cases("trusted-publisher", "policy-gitlab", b["policy-gitlab"], fields_policy_gitlab())
    cases += generic_cases("trusted-publisher", "policy-pending", b["policy-pending"], fields_policy_pending())
    cases += generic_cases("trusted-publisher", "policy-google", b["policy-google"], fields_policy_google())
    cases += generic_cases("trusted-publisher", "policy-activestate", b["policy-activestate"],
                           fields_policy_activestate())
    cases += generic_cases("trusted-publisher", "policy-conditions", b["policy-conditions"],
                           fields_policy_conditions())
    cases += generic_cases("repository-profile", "profile", b["profile"], fields_profile())
    cases += generic_cases("repository-profile", "profile-full", b["profile-full"], fields_profile_full())
    cases += special_cases(b)
    for base_name, base, fields in adopted.generic_inputs():
        cases += generic_cases(KIND_OF[base_name.split("-")[0]], base_name, base, fields)
    cases += adopted.special_cases()
    # Every base, untouched, is a valid document of its kind.
    for base_name, base in list(b.items()) + list(adopted.bases().items()):
        cases.append((base_name, "base", base, []))

    files = {}
    for base_name, name, doc, expect in cases:
        kind = KIND_OF[base_name.split("-")[0]]
        text, where = write(doc)
        if isinstance(doc, adopted.Text):  # a document that is not JSON on purpose
            text, where = doc.text, {"": {"value": 0}}
        lines = []
        for severity, code, pointer, place, *payload in expect:
            line, column = position(text, where[pointer][place])
            extra = f"\t{payload[0]}" if payload else ""
            lines.append(f"{severity}\t{code}\t{pointer}\t{line}\t{column}{extra}\n")
        stem = f"{kind}/{base_name}.{name}"
        if stem + ".input" in files:
            raise SystemExit(f"two cases named {stem}")
        files[stem + ".input"] = text
        files[stem + ".expected"] = "".join(lines)
    return files


def main():
    check = "--check" in sys.argv[1:]
    files = build()
    stale = []
    for kind in sorted(set(KIND_OF.values())):
        folder = os.path.join(HERE, kind)
        os.makedirs(folder, exist_ok=True)
        for name in os.listdir(folder):
            if f"{kind}/{name}" not in files:
                stale.append(f"{kind}/{name}")
                if not check:
                    os.remove(os.path.join(folder, name))
    for rel, text in sorted(files.items()):
        path = os.path.join(HERE, rel)
        current = open(path, encoding="utf-8").read() if os.path.exists(path) else None
        if current != text:
            stale.append(rel)
            if not check:
                with open(path, "w", encoding="utf-8") as f:
                    f.write(text)
    if check and stale:
        print("out of date (run tests/vectors/generate.py):", *sorted(stale)[:20], sep="\n  ")
        return 1
    print(f"{len(files) // 2} vectors{' up to date' if check else ' written'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
