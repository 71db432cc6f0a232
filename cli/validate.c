/*
 * ssr validate: validates files, directories, standard input and JSON
 * Lines, and reports in text, JSON Lines or SARIF.
 *
 * Inputs are collected first; each is then read, validated and rendered
 * into a text block of its own, by -j worker threads when asked, and the
 * blocks are printed in input order as they complete. Output is therefore
 * the same whatever -j is.
 */
#include <dirent.h>
#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "cli.h"

const char validate_usage[] =
    "usage: ssr validate [--kind KIND] [--format text|json|sarif] [-j N] FILE|DIR|- ...\n"
    "\n"
    "Validates each input under the strict JSON profile and the rules of its kind.\n"
    "A directory is walked for *.json and *.jsonl files; a .jsonl file holds one\n"
    "document per line, each validated on its own; - reads standard input.\n"
    "\n"
    "  --kind KIND    validate as KIND instead of detecting it (json, ...)\n"
    "  --format F     text (default): file:line:column: severity[code]: message\n"
    "                 json: one object per document per line\n"
    "                 sarif: one SARIF 2.1.0 log\n"
    "  -j, --jobs N   validate N inputs at once (default 1)\n"
    "  -h, --help     show this help\n"
    "\n"
    "A summary goes to standard error. Exit status: 0 all valid, 1 some input\n"
    "is invalid, 2 usage or input/output error.\n";

enum format { FORMAT_TEXT, FORMAT_JSON, FORMAT_SARIF };

typedef struct settings {
    int kind;
    enum format format;
    bool tty; /* stdout is a terminal: show the source line and a caret */
    size_t size_limit;
} settings;

typedef struct input {
    char *path;
    /* filled by the worker */
    char *output;
    size_t output_len;
    size_t documents, valid, invalid, warnings;
    bool io_error;
    atomic_bool done; /* set by the worker once the fields above are filled */
} input;

/*
 * The inputs in command-line and walk order. Each input is allocated on
 * its own, so that workers keep using it while the array grows: with -j,
 * workers take inputs as the walk finds them.
 */
typedef struct inputs {
    input **items;
    size_t count, cap;
    size_t published;  /* with -j: the inputs the workers may take (under the pool's lock) */
    struct pool *pool; /* with -j: the workers, and the lock that guards items and published */
} inputs;

typedef struct pool {
    const settings *set;
    inputs *in;
    size_t next;     /* the next input a worker takes */
    atomic_size_t awaited; /* the input the main thread sleeps on, to emit it; SIZE_MAX: none */
    bool walked;     /* every input is in: a worker with nothing to take stops */
    bool stopped;    /* the walk failed: take nothing more */
    pthread_mutex_t lock;
    pthread_cond_t more; /* an input was added, or the walk ended */
    pthread_cond_t done; /* the awaited input is done */
    /* The main thread's alone: workers are started as inputs are published, never more than inputs. */
    pthread_t threads[255];
    size_t started, wanted;
} pool;

static void *worker(void *arg);

/* ---- collecting inputs ------------------------------------------------- */

/*
 * Appends an input, taking `path` (NULL: out of memory). With workers running, the new input is theirs to take
 * only once published (publish()): workers read the array under the lock
 * and never beyond what was published, so only growing it takes the lock.
 */
static bool add_input(inputs *in, char *path)
{
    input *item = calloc(1, sizeof *item);
    bool ok = item != NULL && path != NULL;
    if (ok && in->count == in->cap) {
        size_t cap = in->cap ? in->cap * 2 : 64;
        if (in->pool != NULL)
            pthread_mutex_lock(&in->pool->lock);
        input **items = realloc(in->items, cap * sizeof *items);
        if ((ok = items != NULL)) {
            in->items = items;
            in->cap = cap;
        }
        if (in->pool != NULL)
            pthread_mutex_unlock(&in->pool->lock);
    }
    if (!ok) {
        free(item);
        free(path);
        fprintf(stderr, "ssr validate: out of memory\n");
        return false;
    }
    item->path = path;
    atomic_init(&item->done, false);
    in->items[in->count++] = item;
    return true;
}

/* Hands the inputs added so far to the workers, at once: one wake-up per directory, not per file. */
static void publish(inputs *in)
{
    if (in->pool == NULL || in->published == in->count)
        return;
    pool *p = in->pool;
    pthread_mutex_lock(&p->lock);
    in->published = in->count;
    pthread_cond_broadcast(&p->more);
    pthread_mutex_unlock(&p->lock);
    while (p->started < p->wanted && p->started < in->published) {
        if (pthread_create(&p->threads[p->started], NULL, worker, p) != 0) {
            p->wanted = p->started; /* the main thread does the rest */
            break;
        }
        p->started++;
    }
}

static bool has_suffix(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcmp(s + n - m, suffix) == 0;
}

static int compare_names(const struct dirent **a, const struct dirent **b)
{
    return strcmp((*a)->d_name, (*b)->d_name);
}

/* Adds the *.json and *.jsonl files under dir, in name order; false on an error. */
static bool walk_directory(inputs *in, const char *dir)
{
    struct dirent **names;
    int n = scandir(dir, &names, NULL, compare_names);
    if (n < 0) {
        fprintf(stderr, "ssr validate: cannot read directory '%s': %s\n", dir, cli_strerror(errno));
        return false;
    }
    size_t dir_len = strlen(dir);
    bool slash = has_suffix(dir, "/"), ok = true;
    for (int i = 0; i < n; i++) {
        const char *name = names[i]->d_name;
        /* The entry's own type (lstat's, when the file system does not give it):
         * symbolic links to directories are not followed, so no walk loops. */
        unsigned char type = names[i]->d_type;
        bool wanted = type == DT_DIR || type == DT_UNKNOWN || has_suffix(name, ".json") ||
                      has_suffix(name, ".jsonl");
        if (ok && wanted && strcmp(name, ".") != 0 && strcmp(name, "..") != 0) {
            size_t name_len = strlen(name);
            char *path = malloc(dir_len + name_len + 2);
            if (path != NULL) {
                memcpy(path, dir, dir_len);
                path[dir_len] = '/';
                memcpy(path + dir_len + !slash, name, name_len + 1);
            }
            struct stat st;
            if (path != NULL && type == DT_UNKNOWN && lstat(path, &st) == 0)
                type = S_ISDIR(st.st_mode) ? DT_DIR : DT_REG;
            if (path != NULL && type == DT_DIR) {
                publish(in);
                ok = walk_directory(in, path);
                free(path);
            } else if (path == NULL || has_suffix(name, ".json") || has_suffix(name, ".jsonl")) {
                ok = add_input(in, path); /* takes the path; NULL: out of memory */
            } else {
                free(path);
            }
        }
        free(names[i]);
    }
    free(names);
    publish(in);
    return ok;
}

/* ---- rendering one input ----------------------------------------------- */

typedef struct sink {
    char *data;
    size_t len, cap;
    bool failed;
} sink;

__attribute__((format(printf, 2, 3))) static void sink_printf(sink *s, const char *fmt, ...)
{
    va_list ap;
    for (int attempt = 0; attempt < 2 && !s->failed; attempt++) {
        va_start(ap, fmt);
        int n = vsnprintf(s->data ? s->data + s->len : NULL, s->data ? s->cap - s->len : 0, fmt, ap);
        va_end(ap);
        if (n < 0) {
            s->failed = true;
            return;
        }
        if (s->data != NULL && (size_t)n < s->cap - s->len) {
            s->len += (size_t)n;
            return;
        }
        size_t cap = s->cap ? s->cap : 256;
        while (cap - s->len <= (size_t)n)
            cap *= 2;
        char *data = realloc(s->data, cap);
        if (data == NULL) {
            s->failed = true;
            return;
        }
        s->data = data;
        s->cap = cap;
    }
}

static void sink_json(sink *s, cJSON *item)
{
    char *text = cJSON_PrintUnformatted(item);
    if (text == NULL) {
        s->failed = true;
        return;
    }
    sink_printf(s, "%s", text);
    cJSON_free(text);
}

/* The source line of a diagnostic with a caret under its column. */
static void render_caret(sink *s, const char *doc, size_t len, size_t offset)
{
    if (offset > len)
        offset = len;
    size_t start = offset, end = offset;
    while (start > 0 && doc[start - 1] != '\n')
        start--;
    while (end < len && doc[end] != '\n' && doc[end] != '\r')
        end++;
    if (end - start > 200) /* a long line: show the stretch around the value */
        start = offset > 80 ? offset - 80 : start;
    if (end - start > 200)
        end = start + 200;
    sink_printf(s, "    %.*s\n    ", (int)(end - start), doc + start);
    for (size_t i = start; i < offset; i++) {
        unsigned char c = (unsigned char)doc[i];
        if ((c & 0xc0) != 0x80)
            sink_printf(s, "%c", c == '\t' ? '\t' : ' ');
    }
    sink_printf(s, "^\n");
}

static cJSON *diagnostic_json(const ssr_report *r, size_t i, size_t line_base)
{
    cJSON *d = cJSON_CreateObject();
    const char *payload = ssr_diag_payload_pointer(r, i);
    cJSON_AddStringToObject(d, "severity", ssr_diag_severity(r, i) == SSR_SEVERITY_ERROR ? "error" : "warning");
    cJSON_AddStringToObject(d, "code", ssr_diag_code(r, i));
    cJSON_AddStringToObject(d, "pointer", ssr_diag_pointer(r, i));
    if (payload != NULL)
        cJSON_AddStringToObject(d, "payload_pointer", payload);
    cJSON_AddNumberToObject(d, "line", (double)(ssr_diag_line(r, i) + line_base));
    cJSON_AddNumberToObject(d, "column", (double)ssr_diag_column(r, i));
    cJSON_AddStringToObject(d, "message", ssr_diag_message(r, i));
    return d;
}

static cJSON *sarif_result(const char *path, const ssr_report *r, size_t i, size_t line_base)
{
    cJSON *result = cJSON_CreateObject();
    cJSON_AddStringToObject(result, "ruleId", ssr_diag_code(r, i));
    cJSON_AddStringToObject(result, "level", ssr_diag_severity(r, i) == SSR_SEVERITY_ERROR ? "error" : "warning");
    cJSON *message = cJSON_AddObjectToObject(result, "message");
    cJSON_AddStringToObject(message, "text", ssr_diag_message(r, i));
    cJSON *location = cJSON_CreateObject();
    cJSON *physical = cJSON_AddObjectToObject(location, "physicalLocation");
    cJSON *artifact = cJSON_AddObjectToObject(physical, "artifactLocation");
    cJSON_AddStringToObject(artifact, "uri", path);
    cJSON *region = cJSON_AddObjectToObject(physical, "region");
    cJSON_AddNumberToObject(region, "startLine", (double)(ssr_diag_line(r, i) + line_base));
    cJSON_AddNumberToObject(region, "startColumn", (double)ssr_diag_column(r, i));
    cJSON *locations = cJSON_AddArrayToObject(result, "locations");
    cJSON_AddItemToArray(locations, location);
    cJSON *properties = cJSON_AddObjectToObject(result, "properties");
    cJSON_AddStringToObject(properties, "pointer", ssr_diag_pointer(r, i));
    if (ssr_diag_payload_pointer(r, i) != NULL)
        cJSON_AddStringToObject(properties, "payloadPointer", ssr_diag_payload_pointer(r, i));
    return result;
}

/* Renders the report of one document; line_base shifts lines (JSON Lines). */
static void render_report(sink *s, const settings *set, const input *in, const ssr_report *r,
                          const char *doc, size_t len, size_t line_base, bool jsonl)
{
    size_t n = ssr_report_count(r);
    if (set->format == FORMAT_TEXT) {
        for (size_t i = 0; i < n; i++) {
            sink_printf(s, "%s:%zu:%zu: %s[%s]: %s\n", in->path, ssr_diag_line(r, i) + line_base,
                        ssr_diag_column(r, i),
                        ssr_diag_severity(r, i) == SSR_SEVERITY_ERROR ? "error" : "warning",
                        ssr_diag_code(r, i), ssr_diag_message(r, i));
            if (set->tty)
                render_caret(s, doc, len, ssr_diag_offset(r, i));
        }
        return;
    }
    if (set->format == FORMAT_JSON) {
        cJSON *obj = cJSON_CreateObject();
        cJSON_AddStringToObject(obj, "file", in->path);
        if (jsonl)
            cJSON_AddNumberToObject(obj, "line", (double)line_base + 1);
        cJSON_AddStringToObject(obj, "kind", ssr_kind_name(ssr_report_kind(r)));
        cJSON_AddBoolToObject(obj, "valid", ssr_report_valid(r));
        cJSON *diags = cJSON_AddArrayToObject(obj, "diagnostics");
        for (size_t i = 0; i < n; i++)
            cJSON_AddItemToArray(diags, diagnostic_json(r, i, line_base));
        sink_json(s, obj);
        sink_printf(s, "\n");
        cJSON_Delete(obj);
        return;
    }
    for (size_t i = 0; i < n; i++) {
        cJSON *result = sarif_result(in->path, r, i, line_base);
        sink_printf(s, "%s", s->len > 0 ? ",\n" : "");
        sink_json(s, result);
        cJSON_Delete(result);
    }
}

static void validate_document(sink *s, const settings *set, input *in, const char *doc, size_t len,
                              size_t line_base, bool jsonl)
{
    ssr_report *r = NULL;
    int status = ssr_validate(doc, len, set->kind, NULL, &r);
    if (status != SSR_OK) {
        fprintf(stderr, "ssr validate: %s: %s\n", in->path, ssr_strerror(status));
        in->io_error = true;
        return;
    }
    in->documents++;
    if (ssr_report_valid(r))
        in->valid++;
    else
        in->invalid++;
    in->warnings += ssr_report_warnings(r);
    render_report(s, set, in, r, doc, len, line_base, jsonl);
    ssr_report_free(r);
}

/* One line of a JSON Lines input: a document unless blank. */
typedef struct lines_ctx {
    sink *s;
    const settings *set;
    input *in;
} lines_ctx;

static bool validate_line(void *ctx, const char *data, size_t len, size_t number)
{
    lines_ctx *c = ctx;
    bool blank = len == 0 || (len == 1 && data[0] == '\r');
    if (!blank)
        validate_document(c->s, c->set, c->in, data, len, number, true);
    return true;
}

static void process_input(const settings *set, input *in)
{
    sink s = {0};
    if (has_suffix(in->path, ".jsonl")) {
        /* Read in pieces: memory follows the longest line, not the file. */
        lines_ctx ctx = {&s, set, in};
        if (cli_read_lines(in->path, set->size_limit, validate_line, &ctx) != 0) {
            fprintf(stderr, "ssr validate: cannot read '%s': %s\n", in->path, cli_strerror(errno));
            in->io_error = true;
        }
    } else {
        char *data = NULL;
        size_t len = 0;
        if (cli_read_file(in->path, set->size_limit, &data, &len) != 0) {
            fprintf(stderr, "ssr validate: cannot read '%s': %s\n", in->path, cli_strerror(errno));
            in->io_error = true;
            return;
        }
        validate_document(&s, set, in, data, len, 0, false);
        free(data);
    }
    if (s.failed) {
        fprintf(stderr, "ssr validate: out of memory while reporting on '%s'\n", in->path);
        in->io_error = true;
    }
    in->output = s.data;
    in->output_len = s.len;
}

/* ---- running the inputs ------------------------------------------------ */

/* Inputs taken at once while many remain: one lock for several files. */
#define BATCH 16

/* Takes up to BATCH published inputs, the lock held; how many (0: none to take now). */
static size_t take(pool *p, input **batch, size_t *first)
{
    size_t left = p->in->published - p->next;
    if (p->stopped || left == 0)
        return 0;
    size_t n = left >= 4 * BATCH ? BATCH : 1;
    *first = p->next;
    for (size_t k = 0; k < n; k++)
        batch[k] = p->in->items[*first + k];
    p->next += n;
    return n;
}

/* Validates what take() gave, the lock not held, waking the main thread when it waits for one of them. */
static void work(pool *p, input **batch, size_t first, size_t n)
{
    for (size_t k = 0; k < n; k++) {
        process_input(p->set, batch[k]);
        atomic_store(&batch[k]->done, true);
        /* The main thread sleeps on at most one input; the lock orders the wake-up after its check. */
        if (atomic_load(&p->awaited) == first + k) {
            pthread_mutex_lock(&p->lock);
            pthread_cond_signal(&p->done);
            pthread_mutex_unlock(&p->lock);
        }
    }
}

static void *worker(void *arg)
{
    pool *p = arg;
    input *batch[BATCH];
    size_t first = 0;
    pthread_mutex_lock(&p->lock);
    for (;;) {
        size_t n = take(p, batch, &first);
        if (n == 0) {
            if (p->walked || p->stopped)
                break;
            pthread_cond_wait(&p->more, &p->lock);
            continue;
        }
        pthread_mutex_unlock(&p->lock);
        work(p, batch, first, n);
        pthread_mutex_lock(&p->lock);
    }
    pthread_mutex_unlock(&p->lock);
    return NULL;
}

typedef struct totals {
    size_t documents, valid, invalid, warnings;
    bool io_error, write_error;
    bool any_result; /* SARIF: a result was printed, the next needs a comma */
} totals;

static void emit(const settings *set, input *in, totals *t)
{
    if (in->output_len > 0) {
        if (set->format == FORMAT_SARIF && t->any_result)
            fputs(",\n", stdout);
        if (fwrite(in->output, 1, in->output_len, stdout) != in->output_len)
            t->write_error = true;
        t->any_result = t->any_result || set->format == FORMAT_SARIF;
    }
    free(in->output);
    in->output = NULL;
    t->documents += in->documents;
    t->valid += in->valid;
    t->invalid += in->invalid;
    t->warnings += in->warnings;
    t->io_error = t->io_error || in->io_error;
}

static void progress(size_t done, size_t total)
{
    static const size_t every = 97;
    if (total >= 200 && (done % every == 0 || done == total))
        fprintf(stderr, "\r%zu/%zu%s", done, total, done == total ? "\r        \r" : "");
}

/*
 * Readies `jobs` - 1 workers, started as inputs are published (publish());
 * the main thread is the last of the `jobs`, once the walk is over (see
 * pool_finish), and does all the work when no worker could start.
 */
static void pool_init(pool *p, size_t jobs)
{
    pthread_mutex_init(&p->lock, NULL);
    pthread_cond_init(&p->more, NULL);
    pthread_cond_init(&p->done, NULL);
    atomic_init(&p->awaited, SIZE_MAX);
    p->started = 0;
    p->wanted = jobs - 1;
}

/*
 * Tells the workers that the walk has ended (or failed), then, unless it
 * failed, prints each input's report in order, validating inputs itself
 * while the next one to print is not done.
 */
static void pool_finish(pool *p, bool walk_ok, totals *t)
{
    pthread_mutex_lock(&p->lock);
    p->in->published = p->in->count;
    p->walked = true;
    p->stopped = !walk_ok;
    pthread_cond_broadcast(&p->more);
    pthread_mutex_unlock(&p->lock);
    inputs *in = p->in;
    bool show_progress = isatty(STDERR_FILENO);
    input *batch[BATCH];
    size_t first = 0;
    for (size_t i = 0; walk_ok && i < in->count; i++) {
        /* Until the next input to print is done, help with the others; sleep only when none is left. */
        while (!atomic_load(&in->items[i]->done)) {
            pthread_mutex_lock(&p->lock);
            size_t n = take(p, batch, &first);
            if (n == 0) {
                atomic_store(&p->awaited, i);
                while (!atomic_load(&in->items[i]->done))
                    pthread_cond_wait(&p->done, &p->lock);
                atomic_store(&p->awaited, SIZE_MAX);
            }
            pthread_mutex_unlock(&p->lock);
            work(p, batch, first, n);
        }
        emit(p->set, in->items[i], t);
        if (show_progress)
            progress(i + 1, in->count);
    }
}

static void pool_stop(pool *p)
{
    for (size_t i = 0; i < p->started; i++)
        pthread_join(p->threads[i], NULL);
    pthread_cond_destroy(&p->done);
    pthread_cond_destroy(&p->more);
    pthread_mutex_destroy(&p->lock);
}

/* Without workers: each input validated, then emitted, in turn. */
static void run_in_turn(const settings *set, inputs *in, totals *t)
{
    bool show_progress = isatty(STDERR_FILENO);
    for (size_t i = 0; i < in->count; i++) {
        process_input(set, in->items[i]);
        emit(set, in->items[i], t);
        if (show_progress)
            progress(i + 1, in->count);
    }
}

static void sarif_open(void)
{
    printf("{\"version\":\"2.1.0\",\"$schema\":\"https://json.schemastore.org/sarif-2.1.0.json\","
           "\"runs\":[{\"tool\":{\"driver\":{\"name\":\"ssr\",\"version\":\"%s\"}},"
           "\"results\":[\n",
           ssr_version());
}

static void sarif_close(void)
{
    printf("\n]}]}\n");
}

/* ---- options ----------------------------------------------------------- */

/* The value of an option given as "--opt VALUE", "--opt=VALUE" or "-oVALUE". */
static const char *option_value(int argc, char **argv, int *i, const char *longname, const char *shortname)
{
    const char *arg = argv[*i];
    size_t n = strlen(longname);
    if (strncmp(arg, longname, n) == 0 && arg[n] == '=')
        return arg + n + 1;
    if (shortname != NULL && strncmp(arg, shortname, 2) == 0 && arg[2] != '\0')
        return arg + 2;
    if (strcmp(arg, longname) == 0 || (shortname != NULL && strcmp(arg, shortname) == 0))
        return *i + 1 < argc ? argv[++*i] : NULL;
    return NULL;
}

static bool is_option(const char *arg, const char *longname, const char *shortname)
{
    size_t n = strlen(longname);
    return (strncmp(arg, longname, n) == 0 && (arg[n] == '\0' || arg[n] == '=')) ||
           (shortname != NULL && strncmp(arg, shortname, 2) == 0);
}

/* Adds the inputs named on the command line, walking directories; false on an error (said on stderr). */
static bool collect(inputs *in, char **paths, size_t count)
{
    bool ok = true;
    for (size_t i = 0; i < count && ok; i++) {
        struct stat st;
        if (strcmp(paths[i], "-") != 0 && stat(paths[i], &st) == 0 && S_ISDIR(st.st_mode))
            ok = walk_directory(in, paths[i]);
        else
            ok = add_input(in, strdup(paths[i]));
        publish(in);
    }
    return ok;
}

/*
 * Validates every input and prints the reports in input order. With -j,
 * the workers start first and take inputs while the walk still finds
 * them; the main thread then prints each report once it is done.
 */
static int run(const settings *set, char **paths, size_t count, long jobs)
{
    inputs in = {0};
    totals t = {0};
    pool p = {.set = set, .in = &in};
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    if (jobs > 1) {
        pool_init(&p, (size_t)jobs);
        in.pool = &p;
    }
    bool ok = collect(&in, paths, count);
    bool any = in.count > 0;
    if (ok && any && set->format == FORMAT_SARIF)
        sarif_open();
    if (in.pool != NULL) {
        pool_finish(&p, ok && any, &t);
        pool_stop(&p);
    } else if (ok && any) {
        run_in_turn(set, &in, &t);
    }
    int status = EXIT_USAGE;
    if (ok && !any) {
        status = cli_usage_error("validate", "no input given");
    } else if (ok) {
        if (set->format == FORMAT_SARIF)
            sarif_close();
        clock_gettime(CLOCK_MONOTONIC, &t1);
        if (fflush(stdout) != 0 || ferror(stdout)) {
            fprintf(stderr, "ssr validate: cannot write to standard output: %s\n", strerror(errno));
            t.write_error = true;
        }
        double seconds = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
        fprintf(stderr, "ssr: %zu document%s, %zu valid, %zu invalid, %zu warning%s, %.2f s\n", t.documents,
                t.documents == 1 ? "" : "s", t.valid, t.invalid, t.warnings, t.warnings == 1 ? "" : "s",
                seconds);
        status = t.io_error || t.write_error ? EXIT_USAGE : t.invalid > 0 ? EXIT_INVALID : EXIT_VALID;
    }
    for (size_t i = 0; i < in.count; i++) {
        free(in.items[i]->path);
        free(in.items[i]->output);
        free(in.items[i]);
    }
    free(in.items);
    return status;
}

int cmd_validate(int argc, char **argv)
{
    settings set = {.kind = SSR_KIND_AUTO, .format = FORMAT_TEXT};
    set.size_limit = (size_t)ssr_limit_default(SSR_LIMIT_SIZE);
    long jobs = 1;
    bool options_done = false;
    /* Options first, wherever they stand: -j must be known before the walk starts the work. */
    char **paths = calloc((size_t)argc, sizeof *paths);
    size_t count = 0;
    if (paths == NULL) {
        fprintf(stderr, "ssr validate: out of memory\n");
        return EXIT_USAGE;
    }
    int status = EXIT_VALID;
    for (int i = 1; i < argc && status == EXIT_VALID; i++) {
        const char *arg = argv[i];
        if (options_done || arg[0] != '-' || strcmp(arg, "-") == 0) {
            paths[count++] = argv[i];
        } else if (strcmp(arg, "--") == 0) {
            options_done = true;
        } else if (cli_wants_help(arg)) {
            status = -1;
        } else if (is_option(arg, "--kind", NULL)) {
            const char *v = option_value(argc, argv, &i, "--kind", NULL);
            set.kind = v ? ssr_kind_from_name(v, strlen(v)) : SSR_EINVAL;
            if (set.kind < 0)
                status = cli_usage_error("validate", "unknown kind '%s'", v ? v : "");
        } else if (is_option(arg, "--format", NULL)) {
            const char *v = option_value(argc, argv, &i, "--format", NULL);
            if (v != NULL && strcmp(v, "text") == 0)
                set.format = FORMAT_TEXT;
            else if (v != NULL && strcmp(v, "json") == 0)
                set.format = FORMAT_JSON;
            else if (v != NULL && strcmp(v, "sarif") == 0)
                set.format = FORMAT_SARIF;
            else
                status = cli_usage_error("validate", "unknown format '%s' (text, json or sarif)", v ? v : "");
        } else if (is_option(arg, "--jobs", "-j")) {
            const char *v = option_value(argc, argv, &i, "--jobs", "-j");
            char *end = NULL;
            jobs = v ? strtol(v, &end, 10) : 0;
            if (v == NULL || *end != '\0' || jobs < 1 || jobs > 256)
                status = cli_usage_error("validate", "-j wants a number from 1 to 256, found '%s'", v ? v : "");
        } else {
            status = cli_usage_error("validate", "unknown option '%s'", arg);
        }
    }
    if (status == -1) {
        status = cli_print_help(cli_find_command("validate"));
    } else if (status == EXIT_VALID) {
        set.tty = set.format == FORMAT_TEXT && isatty(STDOUT_FILENO);
        status = run(&set, paths, count, jobs);
    }
    free(paths);
    return status;
}
