/*
 * ssr tp match | explain: trusted-publisher policies against OIDC claims.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"

const char tp_usage[] =
    "usage: ssr tp match [--now UNIX] [--format text|json] [--partial-claims] [--policy-fragment] POLICY CLAIMS\n"
    "       ssr tp verify --jwks JWKS [--now UNIX] [--leeway S] [--format text|json] POLICY TOKEN|-\n"
    "       ssr tp decode TOKEN|-\n"
    "       ssr tp explain POLICY\n"
    "\n"
    "verify: the OIDC token itself (a compact JWS in a file, or on standard\n"
    "input: never on the command line, where ps shows it), its signature by\n"
    "the key of the issuer's JWKS its kid names (RS256, PS256, ES256), then\n"
    "its claims as match checks them; --leeway overrides the policy's\n"
    "leeway_seconds. Exit 0 match, 1 refused (the reason on standard error)\n"
    "or no match, 2 bad input. json adds the verified \"token\" (alg, kid) and\n"
    "\"claims\" to match's object.\n"
    "\n"
    "decode: a token's header and claims, NOT verified, for debugging.\n"
    "\n"
    "match: do the token's CLAIMS (a JSON object, signature already checked)\n"
    "satisfy the trusted-publisher POLICY at time --now (Unix seconds, default now)?\n"
    "Exit status 0 match, 1 no match, 2 bad input. json prints {\"matched\",\n"
    "\"failed\": {\"claim\", \"op\", \"reason\"}, \"jti\", \"bound\", \"conditions_held\"}; store\n"
    "the jti before minting. --partial-claims is for claim extracts that hold only\n"
    "what one check reads; never use it on real tokens. --policy-fragment is for\n"
    "test vectors whose policy is not a whole trusted-publisher document; without\n"
    "it a policy that ssr validate refuses is refused here too.\n"
    "\n"
    "explain: the checks matching applies, typed blocks compiled to conditions,\n"
    "one JSON object per line.\n";

static int explain(int argc, char **argv)
{
    if (argc != 3)
        return cli_usage_error("tp", "explain takes one POLICY");
    char *data;
    size_t len;
    if (!cli_read_input("tp", argv[2], &data, &len))
        return EXIT_USAGE;
    char *out = NULL;
    size_t out_len = 0;
    ssr_report *report = NULL;
    int s = ssr_tp_explain(data, len, &out, &out_len, &report);
    free(data);
    return cli_finish("tp", argv[2], s, report, out, out_len, false);
}

/* Prints a match result (text or JSON); the exit status it means. */
static int print_result(const ssr_tp_result *r, bool json)
{
    if (json) {
        char *out = NULL;
        size_t out_len = 0;
        int status = EXIT_USAGE;
        if (ssr_tp_result_to_json(r, &out, &out_len) == SSR_OK && cli_write_stdout(out, out_len) &&
            cli_write_stdout("\n", 1))
            status = ssr_tp_matched(r) ? EXIT_VALID : EXIT_INVALID;
        ssr_free(out);
        return status;
    }
    if (ssr_tp_token_alg(r) != NULL)
        printf("token: %s signed by %s\n", ssr_tp_token_alg(r), ssr_tp_token_kid(r));
    if (ssr_tp_matched(r))
        printf("match: %zu condition%s held\n", ssr_tp_conditions_held(r), ssr_tp_conditions_held(r) == 1 ? "" : "s");
    else
        printf("no match: %s %s: %s\n", ssr_tp_failed_claim(r)[0] ? ssr_tp_failed_claim(r) : "-", ssr_tp_failed_op(r),
               ssr_tp_failed_reason(r));
    for (size_t i = 0; i < ssr_tp_bound_count(r); i++)
        printf("bound: %s = %s\n", ssr_tp_bound_claim(r, i), ssr_tp_bound_value(r, i));
    if (ssr_tp_jti(r) != NULL && ssr_tp_matched(r))
        printf("jti: %s (store it before minting)\n", ssr_tp_jti(r));
    return fflush(stdout) != 0 ? EXIT_USAGE : ssr_tp_matched(r) ? EXIT_VALID : EXIT_INVALID;
}

/* A token from a file or standard input, trailing white space (a file's last newline) dropped. */
static bool read_token(const char *path, char **token, size_t *len)
{
    if (!cli_read_input("tp", path, token, len))
        return false;
    while (*len > 0 && ((*token)[*len - 1] == '\n' || (*token)[*len - 1] == '\r' || (*token)[*len - 1] == ' ' ||
                        (*token)[*len - 1] == '\t'))
        (*len)--;
    return true;
}

/* ssr tp verify: the token against the JWKS, then its claims against the policy (its leeway overridden by --leeway). */
static int verify(int argc, char **argv)
{
    const char *files[2] = {NULL, NULL}, *jwks_path = NULL;
    size_t nfiles = 0;
    long long now = (long long)time(NULL), leeway = -1;
    bool json = false;
    for (int i = 2; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--now") == 0 || strcmp(a, "--leeway") == 0) {
            const char *v = i + 1 < argc ? argv[++i] : "";
            char *end;
            errno = 0;
            long long value = strtoll(v, &end, 10);
            if (*v == '\0' || *end != '\0' || errno != 0 || (a[2] == 'l' && (value < 0 || value > 300)))
                return cli_usage_error("tp", "%s wants %s, found '%s'", a,
                                       a[2] == 'l' ? "seconds from 0 to 300" : "Unix seconds", v);
            *(a[2] == 'l' ? &leeway : &now) = value;
        } else if (strcmp(a, "--jwks") == 0) {
            if (i + 1 >= argc)
                return cli_usage_error("tp", "--jwks needs a file");
            jwks_path = argv[++i];
        } else if (strcmp(a, "--format") == 0) {
            const char *v = i + 1 < argc ? argv[++i] : "";
            if (strcmp(v, "json") != 0 && strcmp(v, "text") != 0)
                return cli_usage_error("tp", "unknown format '%s' (text or json)", v);
            json = strcmp(v, "json") == 0;
        } else if (a[0] == '-' && a[1] != '\0') {
            return cli_usage_error("tp", "unknown option '%s'", a);
        } else if (nfiles == 2) {
            return cli_usage_error("tp", "verify takes POLICY and TOKEN");
        } else {
            files[nfiles++] = a;
        }
    }
    if (nfiles != 2 || jwks_path == NULL)
        return cli_usage_error("tp", "verify takes --jwks JWKS, POLICY and TOKEN");
    char *policy = NULL, *token = NULL, *keys = NULL;
    size_t policy_len = 0, token_len = 0, keys_len = 0;
    ssr_jwks *jwks = NULL;
    ssr_report *report = NULL;
    int status = EXIT_USAGE;
    if (!cli_read_input("tp", jwks_path, &keys, &keys_len) || !cli_read_input("tp", files[0], &policy, &policy_len) ||
        !read_token(files[1], &token, &token_len))
        goto done;
    int s = ssr_jwks_parse(keys, keys_len, &jwks, &report);
    if (s != SSR_OK) {
        if (s == SSR_EINVALID)
            cli_print_diagnostics(stderr, jwks_path, report);
        else
            fprintf(stderr, "ssr tp: %s: %s\n", jwks_path, ssr_strerror(s));
        goto done;
    }
    ssr_report_free(report); /* warnings about skipped keys */
    report = NULL;
    ssr_tp_result *r = NULL;
    ssr_tp_policy *compiled = NULL;
    s = ssr_tp_policy_parse(policy, policy_len, &compiled, &report);
    if (s == SSR_OK && leeway >= 0)
        s = ssr_tp_policy_set_leeway(compiled, (unsigned)leeway); /* 0 to 300: checked with the option */
    if (s == SSR_OK)
        s = ssr_tp_verify_token(compiled, jwks, token, token_len, (int64_t)now, 0, &r, &report);
    ssr_tp_policy_free(compiled);
    if (s == SSR_EVERIFY) {
        cli_print_diagnostics(stderr, strcmp(files[1], "-") == 0 ? "<stdin>" : files[1], report);
        status = EXIT_INVALID;
    } else if (s == SSR_EINVALID) {
        cli_print_diagnostics(stderr, files[0], report);
    } else if (s != SSR_OK && s != SSR_ENOMATCH) {
        fprintf(stderr, "ssr tp: %s\n", ssr_strerror(s));
    } else {
        status = print_result(r, json);
    }
    ssr_tp_result_free(r);
done:
    ssr_report_free(report);
    ssr_jwks_free(jwks);
    free(keys);
    free(policy);
    free(token);
    return status;
}

static int decode(int argc, char **argv)
{
    if (argc != 3)
        return cli_usage_error("tp", "decode takes one TOKEN (a file, or - for standard input)");
    char *token = NULL;
    size_t len = 0;
    if (!read_token(argv[2], &token, &len))
        return EXIT_USAGE;
    char *out = NULL;
    size_t out_len = 0;
    ssr_report *report = NULL;
    int s = ssr_tp_decode_token(token, len, &out, &out_len, &report);
    free(token);
    if (s == SSR_OK)
        fprintf(stderr, "ssr tp: decoded, NOT verified: nothing here says who signed it\n");
    return cli_finish("tp", argv[2], s, report, out, out_len, true);
}

static int match(int argc, char **argv)
{
    const char *files[2] = {NULL, NULL};
    size_t nfiles = 0;
    long long now = (long long)time(NULL);
    bool json = false;
    unsigned flags = 0;
    for (int i = 2; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--now") == 0 || strncmp(a, "--now=", 6) == 0) {
            const char *v = a[5] == '=' ? a + 6 : (i + 1 < argc ? argv[++i] : "");
            char *end;
            errno = 0;
            now = strtoll(v, &end, 10);
            if (*v == '\0' || *end != '\0' || errno != 0)
                return cli_usage_error("tp", "--now wants Unix seconds, found '%s'", v);
        } else if (strcmp(a, "--format") == 0 || strncmp(a, "--format=", 9) == 0) {
            const char *v = a[8] == '=' ? a + 9 : (i + 1 < argc ? argv[++i] : "");
            if (strcmp(v, "json") != 0 && strcmp(v, "text") != 0)
                return cli_usage_error("tp", "unknown format '%s' (text or json)", v);
            json = strcmp(v, "json") == 0;
        } else if (strcmp(a, "--partial-claims") == 0) {
            flags |= SSR_TP_PARTIAL_CLAIMS;
        } else if (strcmp(a, "--policy-fragment") == 0) {
            flags |= SSR_TP_POLICY_FRAGMENT;
        } else if (a[0] == '-' && a[1] != '\0') {
            return cli_usage_error("tp", "unknown option '%s'", a);
        } else if (nfiles == 2) {
            return cli_usage_error("tp", "match takes POLICY and CLAIMS");
        } else {
            files[nfiles++] = a;
        }
    }
    if (nfiles != 2)
        return cli_usage_error("tp", "match takes POLICY and CLAIMS");
    char *policy = NULL, *claims = NULL;
    size_t policy_len = 0, claims_len = 0;
    if (!cli_read_input("tp", files[0], &policy, &policy_len) ||
        !cli_read_input("tp", files[1], &claims, &claims_len)) {
        free(policy);
        return EXIT_USAGE;
    }
    ssr_tp_result *r = NULL;
    ssr_report *report = NULL;
    int s = ssr_tp_match(policy, policy_len, claims, claims_len, (int64_t)now, flags, &r, &report);
    free(policy);
    free(claims);
    int status = EXIT_USAGE;
    if (s == SSR_EINVALID) {
        /* The report is the policy's, or the claims' when the policy was fine. */
        bool policy_side = ssr_report_kind(report) == SSR_KIND_TRUSTED_PUBLISHER;
        cli_print_diagnostics(stderr, files[policy_side ? 0 : 1], report);
    } else if (s != SSR_OK && s != SSR_ENOMATCH) {
        fprintf(stderr, "ssr tp: %s\n", ssr_strerror(s));
    } else {
        status = print_result(r, json);
    }
    ssr_report_free(report);
    ssr_tp_result_free(r);
    return status;
}

int cmd_tp(int argc, char **argv)
{
    if (argc >= 2 && cli_wants_help(argv[1]))
        return cli_print_help(cli_find_command("tp"));
    for (int i = 2; i < argc; i++)
        if (cli_wants_help(argv[i]))
            return cli_print_help(cli_find_command("tp"));
    if (argc >= 2 && strcmp(argv[1], "match") == 0)
        return match(argc, argv);
    if (argc >= 2 && strcmp(argv[1], "explain") == 0)
        return explain(argc, argv);
    if (argc >= 2 && strcmp(argv[1], "verify") == 0)
        return verify(argc, argv);
    if (argc >= 2 && strcmp(argv[1], "decode") == 0)
        return decode(argc, argv);
    return cli_usage_error("tp", "expected 'match', 'verify', 'decode' or 'explain'");
}
