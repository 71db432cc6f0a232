/*
 * Verification of what registries receive: ssr sigstore verify-bundle
 * (sigstore-conformance's CLI protocol), ssr pep740 verify and ssr npm
 * verify. Exit 0 verified, 1 not verified, 2 bad input or usage.
 */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <sodium.h>

#include "cli.h"

const char sigstore_usage[] =
    "usage: ssr sigstore verify-bundle [--staging] --bundle FILE\n"
    "           (--certificate-identity ID --certificate-oidc-issuer URL | --key PEM |\n"
    "            --publisher TRUSTED-PUBLISHER.json | --policy JSON)\n"
    "           [--trusted-root FILE | --trust-cache DIR] [--format text|json]\n"
    "           [--min-log-entries N] [--min-signed-times N] FILE_OR_DIGEST\n"
    "       ssr sigstore trust refresh [--staging] [--tuf-root ROOT.json] [--metadata-url URL]\n"
    "           [--targets-url URL] --cache DIR\n"
    "\n"
    "Verifies a Sigstore bundle (v0.1 to v0.3) against the artifact FILE, or\n"
    "its digest written sha256:HEX (when that names no file): the signed times\n"
    "(verified log entries and RFC 3161 timestamps), the certificate's chain to\n"
    "a trusted Fulcio CA at each and its SCT, every transparency-log entry\n"
    "(SET, inclusion proof, checkpoint, body), the signature or the DSSE\n"
    "envelope and its subject, and who signed:\n"
    "  --certificate-identity, --certificate-oidc-issuer  the certificate's SAN\n"
    "                      and OIDC issuer, each compared whole and exactly\n"
    "  --key PEM           a managed key (ECDSA P-256/P-384, RSA, Ed25519)\n"
    "  --publisher FILE    a trusted-publisher/v1 document (github, gitlab, google)\n"
    "  --policy JSON       a policy object (see ssr pep740 --help)\n"
    "The trusted root is Sigstore's public-good one, its staging one with\n"
    "--staging, FILE with --trusted-root, or the one a trust cache holds\n"
    "(--trust-cache DIR: verified again, and refused once its TUF timestamp\n"
    "has expired). --format json prints what was verified as one JSON object;\n"
    "text (the default) one line.\n"
    "\n"
    "trust refresh keeps a trust cache DIR current through Sigstore's TUF\n"
    "repository (public-good, or staging with --staging; the URLs can be\n"
    "given): the TUF metadata, starting from the TUF root libssr carries (or\n"
    "--tuf-root), then trusted_root.json and npm's registry keys.\n"
    "\n"
    "Evidence: at least --min-log-entries transparency-log entries (default 1;\n"
    "0 for bundles that are never logged, such as attestations of private\n"
    "repositories) and --min-signed-times verified signed times (default 1).\n"
    "Evidence that is present and does not verify is refused whatever the\n"
    "minimums.\n"
    "\n"
    "Exit status: 0 verified, 1 not verified (the reason on standard error),\n"
    "2 bad input or usage.\n";

const char pep740_usage[] =
    "usage: ssr pep740 verify [--trusted-root FILE | --trust-cache DIR | --staging]\n"
    "           (--policy JSON | --publisher FILE)\n"
    "           (--attestation FILE | --provenance FILE | --bundle FILE | --certificate PEM)\n"
    "           [--format text|json] [--min-log-entries N] [--min-signed-times N] DIST\n"
    "\n"
    "Verifies PEP 740 attestations of a distribution: an attestation object, a\n"
    "provenance object (every attestation of every bundle), or a Sigstore\n"
    "bundle taken as an attestation. DIST is the distribution file, or\n"
    "@FILENAME#sha256:HEX for one known by name and digest. The statement's\n"
    "one subject must name the distribution (as PyPI compares file names) with\n"
    "its sha256. --certificate checks the policy against a certificate alone\n"
    "(no verification; DIST is then -).\n"
    "\n"
    "The policy is a JSON object: {\"identity\": SAN, \"issuer\": URL} with optional\n"
    "Fulcio extensions (\"source_repository_uri\": ...), or one publisher block:\n"
    "{\"github\": {\"repository\": \"OWNER/NAME\", \"workflow\": FILE}},\n"
    "{\"gitlab\": {\"repository\": \"NAMESPACE/PROJECT\", \"workflow_filepath\": PATH}},\n"
    "{\"google\": {\"email\": ACCOUNT}}; or --publisher, a trusted-publisher/v1\n"
    "document. --format json prints what was verified as one JSON object;\n"
    "--min-log-entries and --min-signed-times as for ssr sigstore verify-bundle.\n"
    "\n"
    "Exit status: 0 verified, 1 not verified, 2 bad input or usage.\n";

const char npm_usage[] =
    "usage: ssr npm verify (--keys KEYS.json [--trusted-root FILE] | --trust-cache DIR)\n"
    "           --package NAME@VERSION\n"
    "           [--format text|json] [--min-log-entries N] [--min-signed-times N]\n"
    "           ATTESTATIONS.json (TARBALL | sha512-BASE64)\n"
    "\n"
    "Verifies the npm registry's attestations of a package version (the\n"
    "/-/npm/v1/attestations/NAME@VERSION response) as npm does on install:\n"
    "a publish attestation is signed by the registry key its keyid names\n"
    "(KEYS.json: the registry's /-/npm/v1/keys response or the TUF keys.json),\n"
    "valid at the signed time; a provenance attestation is keyless (its\n"
    "identity is printed, not judged); every statement's first subject is\n"
    "pkg:npm/NAME@VERSION with the tarball's sha512 (the tarball, or its\n"
    "integrity string). With --trust-cache DIR (made by ssr sigstore trust\n"
    "refresh) the trusted root and the keys come from the cache, verified again.\n"
    "--format json prints what was verified as one JSON\n"
    "object; --min-log-entries and --min-signed-times as for ssr sigstore\n"
    "verify-bundle.\n"
    "\n"
    "Exit status: 0 verified, 1 not verified, 2 bad input or usage.\n";

/* ---- shared -------------------------------------------------------------------- */

/* Reads a named file whole; says why not on stderr. */
static bool read_named(const char *cmd, const char *path, char **data, size_t *len)
{
    return cli_read_input(cmd, path, data, len);
}

/*
 * The trusted root (and npm's keys, when npm_keys is not NULL) from a
 * trust cache, verified again. EXIT_VALID; EXIT_INVALID for a cache the
 * library refuses (expired, or not matching its metadata); EXIT_USAGE.
 */
static int load_cache(const char *cmd, const char *dir, bool staging, ssr_trust_root **root, char **npm_keys,
                      size_t *npm_keys_len)
{
    char root_file[4096];
    snprintf(root_file, sizeof root_file, "%s/metadata/root.json", dir);
    if (access(root_file, R_OK) != 0) {
        fprintf(stderr, "ssr %s: %s is not a trust cache (no %s): run ssr sigstore trust refresh --cache %s\n", cmd,
                dir, root_file, dir);
        return EXIT_USAGE;
    }
    ssr_tuf_updater *u = NULL;
    ssr_report *report = NULL;
    int status = ssr_sigstore_trust_updater(dir, staging ? SSR_TRUST_STAGING : SSR_TRUST_PUBLIC_GOOD, NULL, 0, NULL,
                                            NULL, &u, &report);
    if (status == SSR_OK)
        status = ssr_sigstore_trust_load(u, root, npm_keys, npm_keys_len, &report);
    ssr_tuf_updater_free(u);
    int exit_status = EXIT_VALID;
    if (status != SSR_OK && report != NULL && ssr_report_count(report) > 0) {
        fprintf(stderr, "ssr %s: trust cache %s refused: [%s] %s\n", cmd, dir, ssr_diag_code(report, 0),
                ssr_diag_message(report, 0));
        exit_status = EXIT_INVALID;
    } else if (status != SSR_OK) {
        fprintf(stderr, "ssr %s: trust cache %s: %s\n", cmd, dir, ssr_strerror(status));
        exit_status = EXIT_USAGE;
    }
    ssr_report_free(report);
    return exit_status;
}

/* The trusted root: a file, a trust cache, or the one libssr carries. EXIT_VALID, or EXIT_USAGE after saying why. */
static int load_root(const char *cmd, const char *path, const char *cache, bool staging, ssr_trust_root **root)
{
    if (cache != NULL)
        return path != NULL ? cli_usage_error(cmd, "--trusted-root and --trust-cache exclude each other")
                            : load_cache(cmd, cache, staging, root, NULL, NULL);
    if (path == NULL) {
        int status = ssr_trust_root_load(staging ? SSR_TRUST_STAGING : SSR_TRUST_PUBLIC_GOOD, root);
        if (status != SSR_OK) {
            fprintf(stderr, "ssr %s: %s\n", cmd, ssr_strerror(status));
            return EXIT_USAGE;
        }
        return EXIT_VALID;
    }
    char *data = NULL;
    size_t len = 0;
    if (!read_named(cmd, path, &data, &len))
        return EXIT_USAGE;
    ssr_report *report = NULL;
    int status = ssr_trust_root_parse(data, len, root, &report);
    free(data);
    if (status == SSR_EINVALID)
        cli_print_diagnostics(stderr, path, report);
    else if (status != SSR_OK)
        fprintf(stderr, "ssr %s: %s: %s\n", cmd, path, ssr_strerror(status));
    ssr_report_free(report);
    return status == SSR_OK ? EXIT_VALID : EXIT_USAGE;
}

/* A policy from --policy JSON or --publisher FILE. */
static int load_policy(const char *cmd, const char *json, const char *publisher, ssr_verify_policy **policy)
{
    ssr_report *report = NULL;
    int status;
    const char *where = "--policy";
    if (publisher != NULL) {
        char *data = NULL;
        size_t len = 0;
        if (!read_named(cmd, publisher, &data, &len))
            return EXIT_USAGE;
        status = ssr_verify_policy_publisher(data, len, policy, &report);
        free(data);
        where = publisher;
    } else {
        status = ssr_verify_policy_parse(json, strlen(json), policy, &report);
    }
    if (status == SSR_EINVALID)
        cli_print_diagnostics(stderr, where, report);
    else if (status != SSR_OK)
        fprintf(stderr, "ssr %s: %s: %s\n", cmd, where, ssr_strerror(status));
    ssr_report_free(report);
    return status == SSR_OK ? EXIT_VALID : EXIT_USAGE;
}

/* Is s "sha256:" and 64 hex digits? */
static bool sha256_digest(const char *s)
{
    if (strncmp(s, "sha256:", 7) != 0 || strlen(s) != 71)
        return false;
    for (const char *p = s + 7; *p != '\0'; p++)
        if (!isxdigit((unsigned char)*p))
            return false;
    return true;
}

static int add_hex(ssr_artifact *a, const char *alg, const char *hex, size_t len)
{
    char lower[129];
    if (len >= sizeof lower)
        return SSR_EINVALID;
    for (size_t i = 0; i < len; i++)
        lower[i] = (char)tolower((unsigned char)hex[i]);
    return ssr_artifact_add_digest(a, alg, strlen(alg), lower, len);
}

/* The artifact's sha256 and sha512, read once. EXIT_VALID or EXIT_USAGE. */
static int hash_file(const char *cmd, const char *path, ssr_artifact *a)
{
    static const int algs[] = {SSR_DIGEST_SHA256, SSR_DIGEST_SHA512};
    char *hex[2] = {NULL, NULL};
    int status = ssr_digest_file(path, algs, 2, hex);
    if (status == SSR_EIO) {
        fprintf(stderr, "ssr %s: cannot read '%s': %s\n", cmd, path, cli_strerror(errno));
        return EXIT_USAGE;
    }
    if (status == SSR_OK)
        status = add_hex(a, "sha256", hex[0], strlen(hex[0]));
    if (status == SSR_OK)
        status = add_hex(a, "sha512", hex[1], strlen(hex[1]));
    ssr_free(hex[0]);
    ssr_free(hex[1]);
    if (status != SSR_OK) {
        fprintf(stderr, "ssr %s: %s\n", cmd, ssr_strerror(status));
        return EXIT_USAGE;
    }
    return EXIT_VALID;
}

/* Prints what was verified (text or JSON), or why not; the exit status. */
static int report_outcome(const char *cmd, const char *path, int status, ssr_verify_result *result,
                          ssr_report *report, bool json)
{
    int exit_status;
    if (status == SSR_OK) {
        char *out = NULL;
        size_t out_len = 0;
        if (json) {
            status = ssr_verify_result_to_json(result, &out, &out_len);
            exit_status = status == SSR_OK && cli_write_stdout(out, out_len) && cli_write_stdout("\n", 1)
                              ? EXIT_VALID
                              : EXIT_USAGE;
        } else {
            exit_status = EXIT_VALID;
            for (size_t i = 0; i < ssr_verify_result_count(result); i++) {
                const char *san = ssr_verify_result_identity(result, i);
                const char *issuer = ssr_verify_result_extension(result, i, "issuer");
                if (issuer == NULL)
                    issuer = ssr_verify_result_extension(result, i, "issuer-v1");
                if (san != NULL)
                    printf("verified: %s (%s)\n", san, issuer != NULL ? issuer : "no issuer");
                else
                    printf("verified: managed key\n");
            }
            if (fflush(stdout) != 0)
                exit_status = EXIT_USAGE;
        }
        ssr_free(out);
    } else if (status == SSR_EVERIFY || status == SSR_EINVALID) {
        cli_print_diagnostics(stderr, path, report);
        exit_status = EXIT_INVALID;
    } else {
        fprintf(stderr, "ssr %s: %s\n", cmd, ssr_strerror(status));
        exit_status = EXIT_USAGE;
    }
    ssr_report_free(report);
    ssr_verify_result_free(result);
    return exit_status;
}

/* One option of a command: a value into *value, or a flag into *flag. */
typedef struct option {
    const char *name;
    const char **value;
    bool *flag;
} option;

/*
 * Reads `ssr CMD SUB [OPTIONS] ARGS...`: checks SUB, fills the options of
 * the table (NULL name ends it) and up to `max` positional arguments.
 * Returns -1 when the caller goes on, else the exit status to return (help
 * printed, or a usage error said).
 */
static int parse_command(const char *cmd, const char *sub, int argc, char **argv, const option *options,
                         const char **args, int max, int *count)
{
    *count = 0;
    if (argc < 2 || cli_wants_help(argv[1]))
        return argc < 2 ? cli_usage_error(cmd, "expected '%s'", sub) : cli_print_help(cli_find_command(cmd));
    if (strcmp(argv[1], sub) != 0)
        return cli_usage_error(cmd, "unknown subcommand '%s'", argv[1]);
    for (int i = 2; i < argc; i++) {
        const char *a = argv[i];
        if (cli_wants_help(a))
            return cli_print_help(cli_find_command(cmd));
        const option *o = options;
        while (o->name != NULL && strcmp(o->name, a) != 0)
            o++;
        if (o->name != NULL && o->flag != NULL) {
            *o->flag = true;
        } else if (o->name != NULL) {
            if (i + 1 >= argc)
                return cli_usage_error(cmd, "%s needs a value", a);
            *o->value = argv[++i];
        } else if (a[0] == '-' && a[1] != '\0') {
            return cli_usage_error(cmd, "unknown option '%s'", a);
        } else if (*count == max) {
            return cli_usage_error(cmd, "too many arguments ('%s')", a);
        } else {
            args[(*count)++] = a;
        }
    }
    return -1;
}

/*
 * The verification options the command line asks for (--min-log-entries,
 * --min-signed-times; NULL strings: the defaults). Returns -1 with
 * *options set, else the exit status of a usage error.
 */
static int verify_options(const char *cmd, const char *min_entries, const char *min_times,
                          ssr_verify_options **options)
{
    *options = ssr_verify_options_new();
    if (*options == NULL) {
        fprintf(stderr, "ssr %s: %s\n", cmd, ssr_strerror(SSR_ENOMEM));
        return EXIT_USAGE;
    }
    const struct {
        const char *text, *name;
        int (*set)(ssr_verify_options *, unsigned);
    } counts[] = {
        {min_entries, "--min-log-entries", ssr_verify_options_set_min_log_entries},
        {min_times, "--min-signed-times", ssr_verify_options_set_min_signed_times},
    };
    for (size_t i = 0; i < sizeof counts / sizeof counts[0]; i++) {
        if (counts[i].text == NULL)
            continue;
        char *end = NULL;
        errno = 0;
        unsigned long n = strtoul(counts[i].text, &end, 10);
        if (counts[i].text[0] < '0' || counts[i].text[0] > '9' || *end != '\0' || errno != 0 || n > 64 ||
            counts[i].set(*options, (unsigned)n) != SSR_OK) {
            ssr_verify_options_free(*options);
            *options = NULL;
            return cli_usage_error(cmd, "%s wants a count the library accepts, found '%s'", counts[i].name,
                                   counts[i].text);
        }
    }
    return -1;
}

/* ---- ssr sigstore ------------------------------------------------------------------------------ */

/* ssr sigstore trust refresh */
static int cmd_sigstore_trust(int argc, char **argv)
{
    const char *cmd = "sigstore";
    const char *cache = NULL, *tuf_root = NULL, *metadata_url = NULL, *targets_url = NULL, *args[1] = {NULL};
    bool staging = false;
    const option options[] = {
        {"--cache", &cache, NULL},           {"--tuf-root", &tuf_root, NULL}, {"--metadata-url", &metadata_url, NULL},
        {"--targets-url", &targets_url, NULL}, {"--staging", NULL, &staging}, {NULL, NULL, NULL},
    };
    int nargs = 0, done = parse_command(cmd, "trust", argc, argv, options, args, 1, &nargs);
    if (done >= 0)
        return done;
    if (nargs != 1 || strcmp(args[0], "refresh") != 0)
        return cli_usage_error(cmd, "expected 'trust refresh'");
    if (cache == NULL)
        return cli_usage_error(cmd, "trust refresh needs --cache DIR");
    char *root = NULL;
    size_t root_len = 0;
    if (tuf_root != NULL && !read_named(cmd, tuf_root, &root, &root_len))
        return EXIT_USAGE;
    ssr_tuf_updater *u = NULL;
    ssr_report *report = NULL;
    int status = ssr_sigstore_trust_updater(cache, staging ? SSR_TRUST_STAGING : SSR_TRUST_PUBLIC_GOOD, root, root_len,
                                            metadata_url, targets_url, &u, &report);
    free(root);
    if (status == SSR_OK)
        status = ssr_sigstore_trust_refresh(u, &report);
    char *keys = NULL;
    ssr_trust_root *loaded = NULL;
    if (status == SSR_OK)
        status = ssr_sigstore_trust_load(u, &loaded, &keys, NULL, &report);
    ssr_tuf_updater_free(u);
    int exit_status = EXIT_VALID;
    if (status != SSR_OK && report != NULL && ssr_report_count(report) > 0) {
        fprintf(stderr, "ssr sigstore: trust refresh refused: [%s] %s\n", ssr_diag_code(report, 0),
                ssr_diag_message(report, 0));
        exit_status = EXIT_INVALID;
    } else if (status != SSR_OK) {
        fprintf(stderr, "ssr sigstore: trust refresh: %s\n", ssr_strerror(status));
        exit_status = EXIT_INVALID;
    } else {
        printf("ssr sigstore: %s holds a current trusted_root.json%s\n", cache,
               keys != NULL ? " and npm's registry keys" : " (no npm registry keys in this repository)");
    }
    ssr_free(keys);
    ssr_trust_root_free(loaded);
    ssr_report_free(report);
    return exit_status;
}

int cmd_sigstore(int argc, char **argv)
{
    const char *cmd = "sigstore";
    if (argc >= 2 && strcmp(argv[1], "trust") == 0)
        return cmd_sigstore_trust(argc, argv);
    const char *bundle = NULL, *identity = NULL, *issuer = NULL, *key = NULL, *root_path = NULL, *publisher = NULL,
               *policy_json = NULL, *format = "text", *input = NULL, *min_entries = NULL, *min_times = NULL,
               *cache = NULL;
    bool staging = false;
    const option options[] = {
        {"--trust-cache", &cache, NULL},
        {"--bundle", &bundle, NULL},           {"--certificate-identity", &identity, NULL},
        {"--certificate-oidc-issuer", &issuer, NULL}, {"--key", &key, NULL},
        {"--trusted-root", &root_path, NULL},  {"--publisher", &publisher, NULL},
        {"--policy", &policy_json, NULL},      {"--format", &format, NULL},
        {"--min-log-entries", &min_entries, NULL}, {"--min-signed-times", &min_times, NULL},
        {"--staging", NULL, &staging},         {NULL, NULL, NULL},
    };
    int nargs = 0, done = parse_command(cmd, "verify-bundle", argc, argv, options, &input, 1, &nargs);
    if (done >= 0)
        return done;
    int ways = (identity != NULL || issuer != NULL) + (key != NULL) + (publisher != NULL) + (policy_json != NULL);
    if (bundle == NULL || input == NULL)
        return cli_usage_error(cmd, "expected --bundle FILE and the artifact");
    if (ways != 1 || ((identity != NULL) != (issuer != NULL)))
        return cli_usage_error(cmd, "expected one of --certificate-identity with --certificate-oidc-issuer, --key, "
                                    "--publisher or --policy");
    if (strcmp(format, "text") != 0 && strcmp(format, "json") != 0)
        return cli_usage_error(cmd, "--format is text or json");
    ssr_verify_options *opts = NULL;
    if ((done = verify_options(cmd, min_entries, min_times, &opts)) >= 0)
        return done;

    ssr_trust_root *root = NULL;
    ssr_verify_policy *policy = NULL;
    ssr_artifact *artifact = ssr_artifact_new();
    char *data = NULL;
    size_t len = 0;
    int exit_status = artifact != NULL ? load_root(cmd, root_path, cache, staging, &root) : EXIT_USAGE;
    if (exit_status == EXIT_VALID) {
        if (key != NULL) {
            char *pem = NULL;
            size_t pem_len = 0;
            ssr_public_key *k = NULL;
            exit_status = read_named(cmd, key, &pem, &pem_len) ? EXIT_VALID : EXIT_USAGE;
            int status = exit_status == EXIT_VALID ? ssr_public_key_parse(pem, pem_len, &k) : SSR_OK;
            if (exit_status == EXIT_VALID && status == SSR_OK)
                status = ssr_verify_policy_key(k, &policy);
            if (exit_status == EXIT_VALID && status != SSR_OK) {
                fprintf(stderr, "ssr %s: %s: %s\n", cmd, key,
                        status == SSR_EINVALID ? "not a public key libssr reads" : ssr_strerror(status));
                exit_status = EXIT_USAGE;
            }
            ssr_public_key_free(k);
            free(pem);
        } else if (identity != NULL) {
            int status = ssr_verify_policy_identity(identity, strlen(identity), issuer, strlen(issuer), &policy);
            if (status != SSR_OK) {
                fprintf(stderr, "ssr %s: identity and issuer: %s\n", cmd, ssr_strerror(status));
                exit_status = EXIT_USAGE;
            }
        } else {
            exit_status = load_policy(cmd, policy_json, publisher, &policy);
        }
    }
    if (exit_status == EXIT_VALID) {
        /* a digest, unless a file has that name (the protocol's rule) */
        if (sha256_digest(input) && access(input, F_OK) != 0) {
            if (add_hex(artifact, "sha256", input + 7, 64) != SSR_OK)
                exit_status = cli_usage_error(cmd, "bad digest '%s'", input);
        } else {
            exit_status = hash_file(cmd, input, artifact);
        }
    }
    if (exit_status == EXIT_VALID && !read_named(cmd, bundle, &data, &len))
        exit_status = EXIT_USAGE;
    if (exit_status == EXIT_VALID) {
        ssr_verify_result *result = NULL;
        ssr_report *report = NULL;
        int status = ssr_verify_bundle(root, policy, data, len, artifact, opts, &result, &report);
        exit_status = report_outcome(cmd, bundle, status, result, report, strcmp(format, "json") == 0);
    }
    ssr_verify_options_free(opts);
    free(data);
    ssr_artifact_free(artifact);
    ssr_verify_policy_free(policy);
    ssr_trust_root_free(root);
    return exit_status;
}

/* ---- ssr pep740 --------------------------------------------------------------------------------- */

int cmd_pep740(int argc, char **argv)
{
    const char *cmd = "pep740";
    const char *root_path = NULL, *policy_json = NULL, *publisher = NULL, *attestation = NULL, *provenance = NULL,
               *bundle = NULL, *certificate = NULL, *format = "text", *dist = NULL, *min_entries = NULL,
               *min_times = NULL, *cache = NULL;
    bool staging = false;
    const option options[] = {
        {"--trust-cache", &cache, NULL},
        {"--trusted-root", &root_path, NULL}, {"--policy", &policy_json, NULL},  {"--publisher", &publisher, NULL},
        {"--attestation", &attestation, NULL}, {"--provenance", &provenance, NULL}, {"--bundle", &bundle, NULL},
        {"--certificate", &certificate, NULL}, {"--format", &format, NULL},      {"--staging", NULL, &staging},
        {"--min-log-entries", &min_entries, NULL}, {"--min-signed-times", &min_times, NULL},
        {NULL, NULL, NULL},
    };
    int nargs = 0, done = parse_command(cmd, "verify", argc, argv, options, &dist, 1, &nargs);
    if (done >= 0)
        return done;
    const char *input = attestation != NULL ? attestation : provenance != NULL ? provenance : bundle != NULL ? bundle : certificate;
    int inputs = (attestation != NULL) + (provenance != NULL) + (bundle != NULL) + (certificate != NULL);
    if (inputs != 1 || dist == NULL)
        return cli_usage_error(cmd, "expected one of --attestation, --provenance, --bundle or --certificate, and DIST");
    if ((policy_json != NULL) + (publisher != NULL) != 1)
        return cli_usage_error(cmd, "expected --policy JSON or --publisher FILE");
    if (root_path != NULL && staging)
        return cli_usage_error(cmd, "--trusted-root and --staging exclude each other");
    if (strcmp(format, "text") != 0 && strcmp(format, "json") != 0)
        return cli_usage_error(cmd, "--format is text or json");
    if (certificate != NULL && strcmp(dist, "-") != 0)
        return cli_usage_error(cmd, "--certificate checks a certificate alone: DIST is -");
    ssr_verify_options *opts = NULL;
    if ((done = verify_options(cmd, min_entries, min_times, &opts)) >= 0)
        return done;

    ssr_verify_policy *policy = NULL;
    ssr_trust_root *root = NULL;
    ssr_artifact *artifact = ssr_artifact_new();
    char *data = NULL, filename[256] = "";
    size_t len = 0;
    int exit_status = artifact != NULL ? load_policy(cmd, policy_json, publisher, &policy) : EXIT_USAGE;
    if (exit_status == EXIT_VALID && certificate == NULL)
        exit_status = load_root(cmd, root_path, cache, staging, &root);
    if (exit_status == EXIT_VALID && certificate == NULL) {
        if (dist[0] == '@') {
            const char *hash = strstr(dist, "#sha256:");
            size_t name_len = hash != NULL ? (size_t)(hash - dist - 1) : 0;
            if (hash == NULL || name_len == 0 || name_len >= sizeof filename || strlen(hash + 8) != 64 ||
                add_hex(artifact, "sha256", hash + 8, 64) != SSR_OK) {
                exit_status = cli_usage_error(cmd, "expected DIST as a file or @FILENAME#sha256:HEX");
            } else {
                memcpy(filename, dist + 1, name_len);
                filename[name_len] = '\0';
            }
        } else {
            const char *base = strrchr(dist, '/');
            base = base != NULL ? base + 1 : dist;
            if (strlen(base) >= sizeof filename)
                exit_status = cli_usage_error(cmd, "the distribution's file name is too long");
            else
                strcpy(filename, base);
            if (exit_status == EXIT_VALID)
                exit_status = hash_file(cmd, dist, artifact);
        }
    }
    if (exit_status == EXIT_VALID && !read_named(cmd, input, &data, &len))
        exit_status = EXIT_USAGE;
    if (exit_status == EXIT_VALID) {
        ssr_verify_result *result = NULL;
        ssr_report *report = NULL;
        int status;
        if (certificate != NULL) {
            status = ssr_verify_policy_check(policy, data, len, &result, &report);
        } else {
            status = ssr_verify_pep740(root, policy, data, len, filename, strlen(filename), artifact, opts, &result,
                                       &report);
        }
        if (status == SSR_EINVAL && certificate == NULL) {
            fprintf(stderr, "ssr %s: '%s' is not a distribution's file name (sdist or wheel)\n", cmd, filename);
            exit_status = EXIT_USAGE;
        } else {
            exit_status = report_outcome(cmd, input, status, result, report, strcmp(format, "json") == 0);
        }
    }
    ssr_verify_options_free(opts);
    free(data);
    ssr_artifact_free(artifact);
    ssr_verify_policy_free(policy);
    ssr_trust_root_free(root);
    return exit_status;
}

/* ---- ssr npm ------------------------------------------------------------------------------------ */

int cmd_npm(int argc, char **argv)
{
    const char *cmd = "npm";
    const char *keys_path = NULL, *root_path = NULL, *package = NULL, *format = "text", *args[2] = {NULL, NULL},
               *min_entries = NULL, *min_times = NULL, *cache = NULL;
    const option options[] = {
        {"--trust-cache", &cache, NULL},
        {"--keys", &keys_path, NULL}, {"--trusted-root", &root_path, NULL}, {"--package", &package, NULL},
        {"--format", &format, NULL},  {"--min-log-entries", &min_entries, NULL},
        {"--min-signed-times", &min_times, NULL}, {NULL, NULL, NULL},
    };
    int nargs = 0, done = parse_command(cmd, "verify", argc, argv, options, args, 2, &nargs);
    if (done >= 0)
        return done;
    if ((keys_path == NULL) == (cache == NULL) || package == NULL || nargs != 2)
        return cli_usage_error(cmd, "expected --keys or --trust-cache, --package, ATTESTATIONS.json and the tarball");
    if (cache != NULL && root_path != NULL)
        return cli_usage_error(cmd, "--trusted-root and --trust-cache exclude each other");
    if (strcmp(format, "text") != 0 && strcmp(format, "json") != 0)
        return cli_usage_error(cmd, "--format is text or json");
    ssr_verify_options *opts = NULL;
    if ((done = verify_options(cmd, min_entries, min_times, &opts)) >= 0)
        return done;
    ssr_trust_root *root = NULL;
    ssr_artifact *artifact = ssr_artifact_new();
    char *keys = NULL, *data = NULL;
    size_t keys_len = 0, len = 0;
    int exit_status = EXIT_USAGE;
    if (artifact != NULL && cache != NULL) {
        exit_status = load_cache(cmd, cache, false, &root, &keys, &keys_len);
        if (exit_status == EXIT_VALID && keys == NULL) {
            fprintf(stderr, "ssr %s: trust cache %s holds no npm registry keys\n", cmd, cache);
            exit_status = EXIT_INVALID;
        }
    } else if (artifact != NULL) {
        exit_status = load_root(cmd, root_path, NULL, false, &root);
    }
    if (exit_status == EXIT_VALID && strncmp(args[1], "sha512-", 7) == 0 && access(args[1], F_OK) != 0) {
        /* an integrity string: the base64 of the sha512 */
        unsigned char raw[64];
        size_t raw_len = 0;
        char hex[129];
        const char *b64 = args[1] + 7, *end = NULL;
        if (strlen(b64) != 88 ||
            sodium_base642bin(raw, sizeof raw, b64, 88, NULL, &raw_len, &end, sodium_base64_VARIANT_ORIGINAL) != 0 ||
            end != b64 + 88 || raw_len != 64) {
            exit_status = cli_usage_error(cmd, "expected the integrity as sha512- and the base64 of 64 bytes");
        } else {
            for (size_t i = 0; i < 64; i++)
                snprintf(hex + 2 * i, 3, "%02x", raw[i]);
            if (ssr_artifact_add_digest(artifact, "sha512", 6, hex, 128) != SSR_OK)
                exit_status = EXIT_USAGE;
        }
    } else if (exit_status == EXIT_VALID) {
        exit_status = hash_file(cmd, args[1], artifact);
    }
    if (exit_status == EXIT_VALID && keys_path != NULL && !read_named(cmd, keys_path, &keys, &keys_len))
        exit_status = EXIT_USAGE;
    if (exit_status == EXIT_VALID && !read_named(cmd, args[0], &data, &len))
        exit_status = EXIT_USAGE;
    if (exit_status == EXIT_VALID) {
        ssr_verify_result *result = NULL;
        ssr_report *report = NULL;
        int status = ssr_verify_npm(root, keys, keys_len, data, len, package, strlen(package), artifact, opts,
                                    &result, &report);
        if (status == SSR_EINVALID && ssr_report_count(report) > 0 &&
            strcmp(ssr_diag_code(report, 0), "verify.npm.keys") == 0) {
            cli_print_diagnostics(stderr, keys_path, report);
            ssr_report_free(report);
            exit_status = EXIT_USAGE;
        } else if (status == SSR_EINVAL) {
            ssr_report_free(report);
            exit_status = cli_usage_error(cmd, "expected --package NAME@VERSION, found '%s'", package);
        } else {
            exit_status = report_outcome(cmd, args[0], status, result, report, strcmp(format, "json") == 0);
        }
    }
    ssr_verify_options_free(opts);
    if (cache != NULL)
        ssr_free(keys);
    else
        free(keys);
    free(data);
    ssr_artifact_free(artifact);
    ssr_trust_root_free(root);
    return exit_status;
}
