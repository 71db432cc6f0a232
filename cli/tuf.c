/*
 * ssr tuf: the TUF client (ssr/tuf.h) from the command line, speaking the
 * tuf-conformance suite's client protocol (init, refresh, download).
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

const char tuf_usage[] =
    "usage: ssr tuf --metadata-dir DIR init ROOT.json\n"
    "       ssr tuf --metadata-dir DIR --metadata-url URL refresh\n"
    "       ssr tuf --metadata-dir DIR --metadata-url URL --target-name PATH [--target-name PATH...]\n"
    "               --target-base-url URL --target-dir DIR download\n"
    "\n"
    "Keeps TUF metadata current in DIR (the TUF specification's client workflow)\n"
    "and downloads targets it describes.\n"
    "\n"
    "  init      trust ROOT.json: copied to DIR/root.json (never overwritten)\n"
    "  refresh   update root (one version at a time), timestamp, snapshot and\n"
    "            targets from URL, each verified before it is stored in DIR\n"
    "  download  refresh, then find each target (in order, through delegations)\n"
    "            and store it, verified, in the target directory (a file that\n"
    "            already matches is not fetched again)\n"
    "\n"
    "Options:\n"
    "  --metadata-dir DIR      the trusted metadata (root.json, timestamp.json...)\n"
    "  --metadata-url URL      the repository's metadata\n"
    "  --target-name PATH      a target path (repeatable)\n"
    "  --target-base-url URL   where targets are downloaded from\n"
    "  --target-dir DIR        where downloaded targets are stored\n"
    "  --timeout SECONDS       the limit of each fetch (default 30)\n"
    "\n"
    "Exit status: 0 done; 1 refused (the reason on standard error); 2 usage.\n";

static int refused(const char *what, int status, ssr_report *report)
{
    if (report != NULL && ssr_report_count(report) > 0)
        fprintf(stderr, "ssr tuf: %s refused: [%s] %s\n", what, ssr_diag_code(report, 0), ssr_diag_message(report, 0));
    else
        fprintf(stderr, "ssr tuf: %s failed: %s\n", what, ssr_strerror(status));
    ssr_report_free(report);
    return EXIT_INVALID;
}

static int init(const char *dir, const char *root_path)
{
    char *data = NULL;
    size_t len = 0;
    if (!cli_read_input("tuf", root_path, &data, &len))
        return EXIT_INVALID;
    ssr_report *report = NULL;
    int status = ssr_tuf_init(dir, data, len, &report);
    free(data);
    if (status != SSR_OK)
        return refused("init", status, report);
    printf("ssr tuf: trusting %s in %s\n", root_path, dir);
    return EXIT_VALID;
}

int cmd_tuf(int argc, char **argv)
{
    const char *dir = NULL, *url = NULL, *target_url = NULL, *target_dir = NULL, *action = NULL, *root = NULL;
    const char **targets = calloc((size_t)argc + 1, sizeof *targets);
    size_t target_count = 0;
    unsigned timeout_ms = 30000;
    if (targets == NULL) {
        fprintf(stderr, "ssr tuf: out of memory\n");
        return EXIT_USAGE;
    }
    int rc = -1;
    for (int i = 1; i < argc && rc < 0; i++) {
        const char *a = argv[i];
        const char *value = i + 1 < argc ? argv[i + 1] : NULL;
        if (cli_wants_help(a)) {
            rc = cli_print_help(cli_find_command("tuf"));
        } else if (strncmp(a, "--", 2) == 0 && value == NULL) {
            rc = cli_usage_error("tuf", "%s needs a value", a);
        } else if (strcmp(a, "--metadata-dir") == 0) {
            dir = argv[++i];
        } else if (strcmp(a, "--metadata-url") == 0) {
            url = argv[++i];
        } else if (strcmp(a, "--target-name") == 0) {
            targets[target_count++] = argv[++i];
        } else if (strcmp(a, "--target-base-url") == 0) {
            target_url = argv[++i];
        } else if (strcmp(a, "--target-dir") == 0) {
            target_dir = argv[++i];
        } else if (strcmp(a, "--timeout") == 0) {
            char *end = NULL;
            unsigned long s = strtoul(argv[++i], &end, 10);
            if (*end != '\0' || s == 0 || s > 3600)
                rc = cli_usage_error("tuf", "--timeout takes 1 to 3600 seconds");
            timeout_ms = (unsigned)s * 1000;
        } else if (strncmp(a, "--", 2) == 0) {
            rc = cli_usage_error("tuf", "unknown option '%s'", a);
        } else if (action == NULL) {
            action = a;
        } else if (strcmp(action, "init") == 0 && root == NULL) {
            root = a;
        } else {
            rc = cli_usage_error("tuf", "unexpected argument '%s'", a);
        }
    }
    if (rc >= 0) {
        free(targets);
        return rc;
    }
    if (action == NULL || dir == NULL)
        rc = cli_usage_error("tuf", "needs --metadata-dir and one of init, refresh, download");
    else if (strcmp(action, "init") == 0)
        rc = root != NULL ? init(dir, root) : cli_usage_error("tuf", "init needs the trusted ROOT.json");
    else if (strcmp(action, "refresh") != 0 && strcmp(action, "download") != 0)
        rc = cli_usage_error("tuf", "unknown action '%s'", action);
    else if (url == NULL)
        rc = cli_usage_error("tuf", "%s needs --metadata-url", action);
    else if (strcmp(action, "download") == 0 && (target_count == 0 || target_url == NULL || target_dir == NULL))
        rc = cli_usage_error("tuf", "download needs --target-name, --target-base-url and --target-dir");
    if (rc >= 0) {
        free(targets);
        return rc;
    }
    ssr_tuf_updater *u = NULL;
    ssr_report *report = NULL;
    int status = ssr_tuf_updater_new(dir, url, target_url, &u);
    if (status == SSR_OK)
        status = ssr_tuf_updater_set_timeout(u, timeout_ms);
    if (status != SSR_OK) {
        rc = refused(action, status, NULL);
    } else if (strcmp(action, "refresh") == 0) {
        status = ssr_tuf_refresh(u, &report);
        rc = status == SSR_OK ? EXIT_VALID : refused("refresh", status, report);
        if (status == SSR_OK)
            printf("ssr tuf: metadata in %s is current\n", dir);
    } else {
        rc = EXIT_VALID;
        for (size_t i = 0; i < target_count && rc == EXIT_VALID; i++) {
            char *path = NULL;
            status = ssr_tuf_download(u, targets[i], target_dir, &path, &report);
            if (status != SSR_OK) {
                rc = refused("download", status, report);
            } else {
                printf("ssr tuf: %s in %s\n", targets[i], path);
                ssr_free(path);
            }
        }
    }
    ssr_tuf_updater_free(u);
    free(targets);
    return rc;
}
