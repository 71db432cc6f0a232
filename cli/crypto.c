/*
 * ssr digest, keygen, sign, verify, match-subject.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

const char digest_usage[] =
    "usage: ssr digest [--alg ALG]... FILE...\n"
    "\n"
    "Prints one line per file and algorithm, ALG:HEX  FILE, reading each file once\n"
    "in constant memory. ALG is sha256 (the default), sha512, blake2b-256 or\n"
    "blake2b-512; --alg may be given several times.\n";

const char keygen_usage[] =
    "usage: ssr keygen --out PREFIX\n"
    "\n"
    "Generates an Ed25519 key pair: PREFIX.pub (PEM SubjectPublicKeyInfo) and\n"
    "PREFIX.key (PEM PKCS#8, mode 0600). Existing files are never overwritten.\n"
    "Prints the key id (lowercase hex SHA-256 of the public key's DER).\n";

const char sign_usage[] =
    "usage: ssr sign --key KEY --type PAYLOAD_TYPE [--keyid ID] FILE|-\n"
    "       ssr sign --key KEY --add [--keyid ID] ENVELOPE|-\n"
    "\n"
    "Signs FILE's exact bytes as a DSSE payload with the Ed25519 key in KEY (PEM\n"
    "PKCS#8) and writes the envelope (RFC 8785 canonical JSON) to standard output.\n"
    "With --add, FILE is an envelope and a signature over its payload is added.\n"
    "The signature's keyid is the key's id, or ID.\n";

const char verify_usage[] =
    "usage: ssr verify --pub PUB [--pub PUB]... [--threshold N] [--payload-out FILE] ENVELOPE|-\n"
    "\n"
    "Verifies a DSSE envelope: exit status 0 only when at least N (default 1)\n"
    "distinct keys among the PUB files verified a signature. A PUB is an Ed25519,\n"
    "ECDSA P-256/P-384 or RSA public key (PEM SubjectPublicKeyInfo). Key ids are hints,\n"
    "never trusted; a key counts once. --payload-out writes the exact verified\n"
    "payload bytes. Exit status: 0 verified, 1 not verified or not an envelope,\n"
    "2 usage or I/O error.\n";

const char match_usage[] =
    "usage: ssr match-subject --artifact FILE STATEMENT|ENVELOPE|RELEASE\n"
    "\n"
    "Does the artifact match a subject of an in-toto Statement (bare or in a DSSE\n"
    "envelope) or an artifact of a release document? A match needs one strong\n"
    "digest both sides carry to agree and none to disagree. Exit status: 0 match,\n"
    "1 no match or an invalid document, 2 usage or I/O error.\n";

/* The value of "--name VALUE" or "--name=VALUE" at argv[*i], or NULL when arg is not that option. */
static const char *option(int argc, char **argv, int *i, const char *name, bool *missing)
{
    size_t n = strlen(name);
    if (strncmp(argv[*i], name, n) != 0)
        return NULL;
    if (argv[*i][n] == '=')
        return argv[*i] + n + 1;
    if (argv[*i][n] != '\0')
        return NULL;
    if (*i + 1 >= argc) {
        *missing = true;
        return NULL;
    }
    return argv[++*i];
}

static int io_error(const char *cmd, const char *what, const char *path)
{
    fprintf(stderr, "ssr %s: cannot %s '%s': %s\n", cmd, what, path, cli_strerror(errno));
    return EXIT_USAGE;
}

#define SSRI_CLI_ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

int cmd_digest(int argc, char **argv)
{
    int algs[8];
    size_t nalgs = 0, nfiles = 0;
    char **files = calloc((size_t)argc, sizeof *files);
    if (files == NULL)
        return EXIT_USAGE;
    int status = EXIT_VALID;
    for (int i = 1; i < argc && status == EXIT_VALID; i++) {
        bool missing = false;
        const char *v = option(argc, argv, &i, "--alg", &missing);
        if (cli_wants_help(argv[i])) {
            free(files);
            return cli_print_help(cli_find_command("digest"));
        } else if (v != NULL || missing) {
            int alg = v != NULL ? ssr_digest_from_name(v, strlen(v)) : SSR_EINVAL;
            if (alg < 0)
                status = cli_usage_error("digest", "unknown algorithm '%s' (sha256, sha512, blake2b-256, blake2b-512)",
                                         v ? v : "");
            else if (nalgs == SSRI_CLI_ARRAY_LEN(algs))
                status = cli_usage_error("digest", "too many --alg options (at most %zu)", SSRI_CLI_ARRAY_LEN(algs));
            else
                algs[nalgs++] = alg;
        } else if (argv[i][0] == '-' && argv[i][1] != '\0') {
            status = cli_usage_error("digest", "unknown option '%s'", argv[i]);
        } else {
            files[nfiles++] = argv[i];
        }
    }
    if (status == EXIT_VALID && nfiles == 0)
        status = cli_usage_error("digest", "no file given");
    if (nalgs == 0)
        algs[nalgs++] = SSR_DIGEST_SHA256;
    for (size_t f = 0; f < nfiles && status != EXIT_USAGE; f++) {
        char *hex[8];
        bool is_stdin = strcmp(files[f], "-") == 0;
        if (!is_stdin && !cli_regular_file(files[f])) {
            status = io_error("digest", "read", files[f]);
            break;
        }
        int s = ssr_digest_file(is_stdin ? "/dev/stdin" : files[f], algs, nalgs, hex);
        if (s == SSR_EIO) {
            status = io_error("digest", "read", files[f]);
            break;
        }
        if (s != SSR_OK) {
            fprintf(stderr, "ssr digest: %s\n", ssr_strerror(s));
            status = EXIT_USAGE;
            break;
        }
        for (size_t a = 0; a < nalgs; a++) {
            printf("%s:%s  %s\n", ssr_digest_name(algs[a]), hex[a], files[f]);
            ssr_free(hex[a]);
        }
    }
    free(files);
    if (fflush(stdout) != 0 && status == EXIT_VALID) {
        fprintf(stderr, "ssr digest: cannot write to standard output: %s\n", strerror(errno));
        status = EXIT_USAGE;
    }
    return status;
}

/* Writes text to a new file (never overwriting); false after a message. */
static bool write_new_file(const char *cmd, const char *path, const char *text, size_t len, mode_t mode)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
    if (fd < 0) {
        io_error(cmd, "create", path);
        return false;
    }
    size_t done = 0;
    while (done < len) {
        ssize_t n = write(fd, text + done, len - done);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        done += (size_t)n;
    }
    bool ok = done == len && close(fd) == 0;
    if (!ok) {
        io_error(cmd, "write", path);
        unlink(path);
    }
    return ok;
}

int cmd_keygen(int argc, char **argv)
{
    const char *prefix = NULL;
    for (int i = 1; i < argc; i++) {
        bool missing = false;
        const char *v = option(argc, argv, &i, "--out", &missing);
        if (cli_wants_help(argv[i]))
            return cli_print_help(cli_find_command("keygen"));
        if (missing)
            return cli_usage_error("keygen", "--out wants a file prefix");
        if (v != NULL)
            prefix = v;
        else
            return cli_usage_error("keygen", "unknown argument '%s'", argv[i]);
    }
    if (prefix == NULL)
        return cli_usage_error("keygen", "--out PREFIX is required");
    size_t n = strlen(prefix) + 5;
    char *key_path = malloc(n), *pub_path = malloc(n);
    int status = EXIT_USAGE;
    ssr_secret_key *key = NULL;
    ssr_public_key *pub = NULL;
    char *pem = NULL;
    size_t pem_len = 0;
    if (key_path == NULL || pub_path == NULL)
        goto out;
    snprintf(key_path, n, "%s.key", prefix);
    snprintf(pub_path, n, "%s.pub", prefix);
    if (access(pub_path, F_OK) == 0) {
        fprintf(stderr, "ssr keygen: '%s' exists; keys are never overwritten\n", pub_path);
        goto out;
    }
    int s = ssr_secret_key_generate(&key);
    if (s == SSR_OK)
        s = ssr_secret_key_public(key, &pub);
    if (s == SSR_OK)
        s = ssr_public_key_pem(pub, &pem, &pem_len);
    if (s != SSR_OK) {
        fprintf(stderr, "ssr keygen: %s\n", ssr_strerror(s));
        goto out;
    }
    s = ssr_secret_key_write_file(key, key_path);
    if (s == SSR_EEXIST) {
        fprintf(stderr, "ssr keygen: '%s' exists; keys are never overwritten\n", key_path);
        goto out;
    }
    if (s != SSR_OK) {
        io_error("keygen", "write", key_path);
        goto out;
    }
    if (!write_new_file("keygen", pub_path, pem, pem_len, 0644)) {
        unlink(key_path);
        goto out;
    }
    printf("%s\n", ssr_public_key_id(pub));
    status = fflush(stdout) == 0 ? EXIT_VALID : EXIT_USAGE;
out:
    ssr_free(pem);
    ssr_public_key_free(pub);
    ssr_secret_key_free(key);
    free(key_path);
    free(pub_path);
    return status;
}

static ssr_secret_key *load_secret(const char *cmd, const char *path)
{
    ssr_secret_key *key = NULL;
    int s = ssr_secret_key_read_file(path, &key);
    if (s == SSR_EIO)
        io_error(cmd, "read", path);
    else if (s == SSR_EINVALID)
        fprintf(stderr, "ssr %s: '%s' is not a PEM PKCS#8 Ed25519 private key\n", cmd, path);
    else if (s != SSR_OK)
        fprintf(stderr, "ssr %s: %s\n", cmd, ssr_strerror(s));
    return key;
}

int cmd_sign(int argc, char **argv)
{
    const char *key_path = NULL, *type = NULL, *keyid = NULL, *input = NULL;
    bool add = false;
    for (int i = 1; i < argc; i++) {
        bool missing = false;
        const char *v;
        if (cli_wants_help(argv[i]))
            return cli_print_help(cli_find_command("sign"));
        if ((v = option(argc, argv, &i, "--key", &missing)) != NULL)
            key_path = v;
        else if (!missing && (v = option(argc, argv, &i, "--type", &missing)) != NULL)
            type = v;
        else if (!missing && (v = option(argc, argv, &i, "--keyid", &missing)) != NULL)
            keyid = v;
        else if (missing)
            return cli_usage_error("sign", "'%s' wants a value", argv[i]);
        else if (strcmp(argv[i], "--add") == 0)
            add = true;
        else if (argv[i][0] == '-' && argv[i][1] != '\0')
            return cli_usage_error("sign", "unknown option '%s'", argv[i]);
        else if (input != NULL)
            return cli_usage_error("sign", "one input only");
        else
            input = argv[i];
    }
    if (key_path == NULL || input == NULL || (type == NULL) != add)
        return cli_usage_error("sign", add ? "--add takes the type from the envelope; give --key and ENVELOPE"
                                           : "--key, --type and FILE are required");
    char *data;
    size_t len;
    if (!cli_read_input("sign", input, &data, &len))
        return EXIT_USAGE;
    ssr_secret_key *key = load_secret("sign", key_path);
    int status = EXIT_USAGE;
    if (key != NULL) {
        char *out = NULL;
        size_t out_len = 0;
        ssr_report *report = NULL;
        int s = add ? ssr_dsse_add_signature(data, len, key, keyid, keyid ? strlen(keyid) : 0, &out, &out_len, &report)
                    : ssr_dsse_sign(data, len, type, strlen(type), key, keyid, keyid ? strlen(keyid) : 0, &out,
                                    &out_len);
        if (s == SSR_EINVALID) {
            cli_print_diagnostics(stderr, input, report);
            status = EXIT_INVALID;
        } else if (s != SSR_OK) {
            fprintf(stderr, "ssr sign: %s\n", ssr_strerror(s));
        } else {
            status = cli_write_stdout(out, out_len) ? EXIT_VALID : EXIT_USAGE;
        }
        ssr_report_free(report);
        ssr_free(out);
        ssr_secret_key_free(key);
    }
    free(data);
    return status;
}

int cmd_verify(int argc, char **argv)
{
    const char *input = NULL, *payload_out = NULL;
    long threshold = 1;
    ssr_keyring *ring = ssr_keyring_new();
    int status = ring == NULL ? EXIT_USAGE : EXIT_VALID;
    for (int i = 1; i < argc && status == EXIT_VALID; i++) {
        bool missing = false;
        const char *v;
        if (cli_wants_help(argv[i])) {
            ssr_keyring_free(ring);
            return cli_print_help(cli_find_command("verify"));
        }
        if ((v = option(argc, argv, &i, "--pub", &missing)) != NULL) {
            char *data;
            size_t len;
            ssr_public_key *key = NULL;
            if (!cli_read_input("verify", v, &data, &len)) {
                status = EXIT_USAGE;
                break;
            }
            int s = ssr_public_key_parse(data, len, &key);
            free(data);
            if (s == SSR_OK)
                s = ssr_keyring_add(ring, key);
            ssr_public_key_free(key);
            if (s != SSR_OK)
                status = cli_usage_error("verify",
                                         "'%s' is not a public key (Ed25519: PEM, DER, hex or base64; "
                                         "ECDSA P-256/P-384 or RSA: PEM or DER)",
                                         v);
        } else if (!missing && (v = option(argc, argv, &i, "--threshold", &missing)) != NULL) {
            char *end;
            threshold = strtol(v, &end, 10);
            if (*end != '\0' || threshold < 1)
                status = cli_usage_error("verify", "--threshold wants a number from 1, found '%s'", v);
        } else if (!missing && (v = option(argc, argv, &i, "--payload-out", &missing)) != NULL) {
            payload_out = v;
        } else if (missing) {
            status = cli_usage_error("verify", "'%s' wants a value", argv[i]);
        } else if (argv[i][0] == '-' && argv[i][1] != '\0') {
            status = cli_usage_error("verify", "unknown option '%s'", argv[i]);
        } else if (input != NULL) {
            status = cli_usage_error("verify", "one envelope only");
        } else {
            input = argv[i];
        }
    }
    if (status == EXIT_VALID && (input == NULL || ssr_keyring_count(ring) == 0))
        status = cli_usage_error("verify", "--pub and ENVELOPE are required");
    char *data = NULL;
    size_t len = 0;
    if (status == EXIT_VALID && !cli_read_input("verify", input, &data, &len))
        status = EXIT_USAGE;
    if (status == EXIT_VALID) {
        unsigned char *payload = NULL;
        size_t payload_len = 0, verified = 0;
        char *type = NULL;
        ssr_report *report = NULL;
        int s = ssr_dsse_verify(data, len, ring, (size_t)threshold, &payload, &payload_len, &type, &verified, &report);
        if (s == SSR_OK) {
            fprintf(stderr, "ssr verify: %zu of %zu trusted key%s verified (threshold %ld); payload type %s\n", verified,
                    ssr_keyring_count(ring), ssr_keyring_count(ring) == 1 ? "" : "s", threshold, type);
            if (payload_out != NULL) {
                FILE *f = fopen(payload_out, "wb");
                if (f == NULL || fwrite(payload, 1, payload_len, f) != payload_len || fclose(f) != 0)
                    status = io_error("verify", "write", payload_out);
            }
        } else if (s == SSR_EVERIFY) {
            fprintf(stderr, "ssr verify: %zu of %zu trusted key%s verified; %ld required\n", verified,
                    ssr_keyring_count(ring), ssr_keyring_count(ring) == 1 ? "" : "s", threshold);
            status = EXIT_INVALID;
        } else if (s == SSR_EINVALID) {
            cli_print_diagnostics(stderr, input, report);
            status = EXIT_INVALID;
        } else {
            fprintf(stderr, "ssr verify: %s\n", ssr_strerror(s));
            status = EXIT_USAGE;
        }
        ssr_report_free(report);
        ssr_free(payload);
        ssr_free(type);
    }
    free(data);
    ssr_keyring_free(ring);
    return status;
}

int cmd_match_subject(int argc, char **argv)
{
    const char *artifact_path = NULL, *input = NULL;
    for (int i = 1; i < argc; i++) {
        bool missing = false;
        const char *v;
        if (cli_wants_help(argv[i]))
            return cli_print_help(cli_find_command("match-subject"));
        if ((v = option(argc, argv, &i, "--artifact", &missing)) != NULL)
            artifact_path = v;
        else if (missing)
            return cli_usage_error("match-subject", "--artifact wants a file");
        else if (argv[i][0] == '-' && argv[i][1] != '\0')
            return cli_usage_error("match-subject", "unknown option '%s'", argv[i]);
        else if (input != NULL)
            return cli_usage_error("match-subject", "one document only");
        else
            input = argv[i];
    }
    if (artifact_path == NULL || input == NULL)
        return cli_usage_error("match-subject", "--artifact FILE and a document are required");
    ssr_artifact *artifact = ssr_artifact_new();
    if (artifact == NULL)
        return EXIT_USAGE;
    int s = ssr_artifact_hash_file(artifact, artifact_path);
    if (s != SSR_OK) {
        ssr_artifact_free(artifact);
        return s == SSR_EIO ? io_error("match-subject", "read", artifact_path) : EXIT_USAGE;
    }
    char *data;
    size_t len;
    int status = EXIT_USAGE;
    if (cli_read_input("match-subject", input, &data, &len)) {
        size_t index = 0;
        ssr_report *report = NULL;
        s = ssr_match_subject(artifact, data, len, &index, &report);
        if (s == SSR_OK) {
            printf("match: entry %zu\n", index); /* the subject's, or the release artifact's, position */
            status = fflush(stdout) == 0 ? EXIT_VALID : EXIT_USAGE;
        } else if (s == SSR_ENOMATCH) {
            printf("no match\n");
            status = fflush(stdout) == 0 ? EXIT_INVALID : EXIT_USAGE;
        } else if (s == SSR_EINVALID) {
            cli_print_diagnostics(stderr, input, report);
            status = EXIT_INVALID;
        } else {
            fprintf(stderr, "ssr match-subject: %s\n", ssr_strerror(s));
        }
        ssr_report_free(report);
        free(data);
    }
    ssr_artifact_free(artifact);
    return status;
}
