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
    "usage: ssr tp match [--now UNIX] [--format text|json] [--partial-claims] POLICY CLAIMS\n"
    "       ssr tp explain POLICY\n"
    "\n"
    "match: do the token's CLAIMS (a JSON object, signature already checked)\n"
    "satisfy the trusted-publisher POLICY at time --now (Unix seconds, default now)?\n"
    "Exit status 0 match, 1 no match, 2 bad input. json prints {\"matched\",\n"
    "\"failed\": {\"claim\", \"op\", \"reason\"}, \"jti\", \"bound\", \"conditions_held\"}; store\n"
    "the jti before minting. --partial-claims is for claim extracts that hold only\n"
    "what one check reads; never use it on real tokens.\n"
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
    int status = EXIT_USAGE;
    if (s == SSR_EINVALID) {
        cli_print_diagnostics(stderr, argv[2], report);
        status = EXIT_INVALID;
    } else if (s != SSR_OK) {
        fprintf(stderr, "ssr tp: %s\n", ssr_strerror(s));
    } else {
        status = cli_write_stdout(out, out_len) ? EXIT_VALID : EXIT_USAGE;
    }
    ssr_report_free(report);
    ssr_free(out);
    return status;
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
    } else if (s != SSR_OK) {
        fprintf(stderr, "ssr tp: %s\n", ssr_strerror(s));
    } else if (json) {
        char *out = NULL;
        size_t out_len = 0;
        if (ssr_tp_result_to_json(r, &out, &out_len) == SSR_OK && cli_write_stdout(out, out_len) &&
            cli_write_stdout("\n", 1))
            status = ssr_tp_matched(r) ? EXIT_VALID : EXIT_INVALID;
        ssr_free(out);
    } else {
        if (ssr_tp_matched(r))
            printf("match: %zu condition%s held\n", ssr_tp_conditions_held(r),
                   ssr_tp_conditions_held(r) == 1 ? "" : "s");
        else
            printf("no match: %s %s: %s\n", ssr_tp_failed_claim(r)[0] ? ssr_tp_failed_claim(r) : "-",
                   ssr_tp_failed_op(r), ssr_tp_failed_reason(r));
        for (size_t i = 0; i < ssr_tp_bound_count(r); i++)
            printf("bound: %s = %s\n", ssr_tp_bound_claim(r, i), ssr_tp_bound_value(r, i));
        if (ssr_tp_jti(r) != NULL && ssr_tp_matched(r))
            printf("jti: %s (store it before minting)\n", ssr_tp_jti(r));
        status = fflush(stdout) != 0 ? EXIT_USAGE : ssr_tp_matched(r) ? EXIT_VALID : EXIT_INVALID;
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
    return cli_usage_error("tp", "expected 'match' or 'explain'");
}
