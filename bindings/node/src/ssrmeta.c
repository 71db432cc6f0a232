/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The Node.js addon of libssr, written against Node-API (ABI-stable from
 * Node 18 on). It converts arguments already checked by index.js into C
 * calls and C results into JavaScript values; every verdict is the
 * library's. Calls that can take long have a Promise variant that runs on
 * the libuv thread pool (libssr is safe from many threads at once).
 *
 * Errors are instances of the classes index.js hands to init():
 * SsrError(status, message), InvalidError(report) and
 * VerificationError(verified).
 */
#define NAPI_VERSION 8
#include <node_api.h>

#include <ssr.h>

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#if SSR_VERSION_NUMBER < 100
#error "libssr 0.1.0 or later is needed"
#endif

/*
 * Handles. A C object given to JavaScript (a key, a hasher, a trusted root,
 * a policy, a key set) lives in a slot of the addon's table; JavaScript gets
 * a frozen object carrying the slot's id, type-tagged so that nothing else
 * passes for one. An id names its slot and the slot's generation, bumped
 * each time the slot is freed: a handle used after close() is refused, never
 * read. The object is freed by close(), or once its handle is unreachable by
 * the FinalizationRegistry index.js hands to init(), which calls close(id).
 *
 * No Node-API finalizer is involved: Node 18 can run a finalizer queued
 * during its own teardown on a freed environment and crash at exit. What is
 * still open when the addon's environment goes away is freed (keys wiped) by
 * the instance data's finalizer, which Node-API calls directly.
 *
 * A slot in use by a Promise's work on the thread pool is busy; closing it
 * then only marks it, and the last job to finish frees it.
 */
typedef enum handle_kind { H_HASHER, H_SECRET, H_PUBLIC, H_ROOT, H_POLICY, H_JWKS } handle_kind;

typedef struct slot {
    void *ptr; /* NULL: the slot is free */
    handle_kind kind;
    uint32_t gen;
    uint32_t busy;
    bool closing;
    uint32_t next_free;
} slot;

#define SLOT_BITS 22 /* at most 4M handles open at once; the id is gen * 2^22 + index, below 2^53 */
#define SLOT_MAX (UINT32_C(1) << SLOT_BITS)
#define GEN_MASK UINT32_C(0x7fffffff)
#define NO_SLOT UINT32_MAX

/* What the addon holds for its environment's life. */
typedef struct addon {
    napi_ref ssr_error; /* the classes errors are made of */
    napi_ref invalid_error;
    napi_ref verification_error;
    napi_ref registry; /* a FinalizationRegistry calling close(id) */
    napi_ref registry_register; /* its register() */
    slot *slots;
    uint32_t nslots, cap, free_head;
    size_t open;
} addon;

/* Returns NULL from the calling function when a Node-API call failed (an exception is then pending). */
#define TRY(call)                                                                                                      \
    do {                                                                                                               \
        if ((call) != napi_ok) {                                                                                       \
            throw_pending(env);                                                                                        \
            return NULL;                                                                                               \
        }                                                                                                              \
    } while (0)

/* The preamble of every wrapper: its n arguments in argv (argc of them passed; the rest undefined). */
#define ARGS(n)                                                                                                        \
    size_t argc = (n);                                                                                                 \
    napi_value argv[(n)];                                                                                              \
    TRY(napi_get_cb_info(env, info, &argc, argv, NULL, NULL))

static void throw_pending(napi_env env)
{
    bool pending = false;
    if (napi_is_exception_pending(env, &pending) == napi_ok && !pending) {
        const napi_extended_error_info *info = NULL;
        napi_get_last_error_info(env, &info);
        napi_throw_error(env, NULL, info && info->error_message ? info->error_message : "Node-API call failed");
    }
}

/* ---- values ------------------------------------------------------------- */

static napi_value str(napi_env env, const char *s)
{
    napi_value v = NULL;
    if (s == NULL)
        napi_get_null(env, &v);
    else
        napi_create_string_utf8(env, s, NAPI_AUTO_LENGTH, &v);
    return v;
}

static napi_value str_n(napi_env env, const char *s, size_t n)
{
    napi_value v = NULL;
    napi_create_string_utf8(env, s, n, &v);
    return v;
}

static napi_value num(napi_env env, double d)
{
    napi_value v = NULL;
    napi_create_double(env, d, &v);
    return v;
}

static napi_value boolean(napi_env env, bool b)
{
    napi_value v = NULL;
    napi_get_boolean(env, b, &v);
    return v;
}

static napi_value buffer_copy(napi_env env, const void *data, size_t len)
{
    napi_value v = NULL;
    void *unused = NULL;
    napi_create_buffer_copy(env, len, len ? data : "", &unused, &v);
    return v;
}

static void set(napi_env env, napi_value obj, const char *name, napi_value value)
{
    napi_set_named_property(env, obj, name, value);
}

/* The bytes of a Buffer argument (index.js passes only Buffers). */
static bool buf_arg(napi_env env, napi_value v, const char *name, const void **data, size_t *len)
{
    bool is = false;
    if (napi_is_buffer(env, v, &is) != napi_ok || !is) {
        napi_throw_type_error(env, NULL, name);
        return false;
    }
    void *p = NULL;
    if (napi_get_buffer_info(env, v, &p, len) != napi_ok)
        return false;
    *data = *len ? p : "";
    return true;
}

/* A UTF-8 string argument, copied into malloc'd memory (free()). */
static char *string_arg(napi_env env, napi_value v, size_t *len_out)
{
    size_t len = 0;
    if (napi_get_value_string_utf8(env, v, NULL, 0, &len) != napi_ok) {
        throw_pending(env);
        return NULL;
    }
    char *s = malloc(len + 1);
    if (s == NULL) {
        napi_throw_error(env, NULL, "out of memory");
        return NULL;
    }
    napi_get_value_string_utf8(env, v, s, len + 1, &len);
    if (len_out)
        *len_out = len;
    return s;
}

static bool int_arg(napi_env env, napi_value v, int64_t *out)
{
    return napi_get_value_int64(env, v, out) == napi_ok;
}

static bool is_nullish(napi_env env, napi_value v)
{
    napi_valuetype t = napi_undefined;
    napi_typeof(env, v, &t);
    return t == napi_null || t == napi_undefined;
}

/* ---- errors --------------------------------------------------------------- */

static napi_value new_instance(napi_env env, napi_ref cls, size_t argc, napi_value *argv)
{
    napi_value ctor = NULL, err = NULL;
    if (napi_get_reference_value(env, cls, &ctor) != napi_ok || ctor == NULL ||
        napi_new_instance(env, ctor, argc, argv, &err) != napi_ok)
        return NULL;
    return err;
}

static addon *addon_of(napi_env env)
{
    void *data = NULL;
    napi_get_instance_data(env, &data);
    return data;
}

/* An SsrError for a status, with a message of its own or the library's. */
static napi_value status_error(napi_env env, int status, const char *message)
{
    addon *a = addon_of(env);
    napi_value argv[2] = {num(env, status), str(env, message ? message : ssr_strerror(status))};
    napi_value err = a ? new_instance(env, a->ssr_error, 2, argv) : NULL;
    if (err == NULL)
        napi_create_error(env, NULL, argv[1], &err);
    return err;
}

static napi_value report_value(napi_env env, const ssr_report *report);

static napi_value invalid_error(napi_env env, const ssr_report *report)
{
    addon *a = addon_of(env);
    napi_value r = report_value(env, report);
    napi_value err = a && r ? new_instance(env, a->invalid_error, 1, &r) : NULL;
    return err ? err : status_error(env, SSR_EINVALID, NULL);
}

static napi_value verification_error(napi_env env, size_t verified)
{
    addon *a = addon_of(env);
    napi_value v = num(env, (double)verified);
    napi_value err = a ? new_instance(env, a->verification_error, 1, &v) : NULL;
    return err ? err : status_error(env, SSR_EVERIFY, NULL);
}

/* A failed verification: VerificationError(0, report), the report naming the check. */
static napi_value verification_report_error(napi_env env, const ssr_report *report)
{
    addon *a = addon_of(env);
    napi_value argv[2] = {num(env, 0), report ? report_value(env, report) : NULL};
    if (argv[1] == NULL)
        napi_get_null(env, &argv[1]);
    napi_value err = a ? new_instance(env, a->verification_error, 2, argv) : NULL;
    return err ? err : status_error(env, SSR_EVERIFY, NULL);
}

/* The error of a failed call: InvalidError when a report says why, else SsrError. */
static napi_value error_of(napi_env env, int status, const ssr_report *report)
{
    if (status == SSR_EINVALID && report)
        return invalid_error(env, report);
    if (status == SSR_EVERIFY && report)
        return verification_report_error(env, report);
    return status_error(env, status, NULL);
}

static napi_value throw_value(napi_env env, napi_value err)
{
    if (err)
        napi_throw(env, err);
    return NULL;
}

/*
 * A call's output with its report, both freed here: the output as text
 * (tpExplain, profileLevels as JSON, schema...) or as a Buffer (a signed
 * envelope, a verified payload); the call's error thrown when it failed.
 */
static napi_value output_result(napi_env env, int status, void *out, size_t len, ssr_report *report, bool as_buffer)
{
    napi_value v = status != SSR_OK ? NULL : as_buffer ? buffer_copy(env, out, len) : str_n(env, out, len);
    napi_value error = status == SSR_OK ? NULL : error_of(env, status, report);
    ssr_free(out);
    ssr_report_free(report);
    return v ? v : throw_value(env, error);
}

static napi_value text_result(napi_env env, int status, char *out, size_t len, ssr_report *report)
{
    return output_result(env, status, out, len, report, false);
}

/* ---- reports -------------------------------------------------------------- */

static napi_value report_value(napi_env env, const ssr_report *report)
{
    napi_value obj = NULL, list = NULL;
    size_t n = ssr_report_count(report);
    TRY(napi_create_object(env, &obj));
    TRY(napi_create_array_with_length(env, n, &list));
    set(env, obj, "valid", boolean(env, ssr_report_valid(report)));
    set(env, obj, "kind", str(env, ssr_kind_name(ssr_report_kind(report))));
    for (size_t i = 0; i < n; i++) {
        napi_value d = NULL;
        TRY(napi_create_object(env, &d));
        set(env, d, "severity", str(env, ssr_diag_severity(report, i) == SSR_SEVERITY_ERROR ? "error" : "warning"));
        set(env, d, "code", str(env, ssr_diag_code(report, i)));
        set(env, d, "pointer", str(env, ssr_diag_pointer(report, i)));
        set(env, d, "line", num(env, (double)ssr_diag_line(report, i)));
        set(env, d, "column", num(env, (double)ssr_diag_column(report, i)));
        set(env, d, "message", str(env, ssr_diag_message(report, i)));
        const char *pp = ssr_diag_payload_pointer(report, i);
        if (pp)
            set(env, d, "payload_pointer", str(env, pp));
        TRY(napi_set_element(env, list, (uint32_t)i, d));
    }
    set(env, obj, "diagnostics", list);
    return obj;
}

/* ---- options -------------------------------------------------------------- */

/*
 * The reader's limits from an array of five integers (depth, size, string,
 * array, members; 0 keeps the default), index.js having checked their
 * ranges. NULL with *opts NULL when the argument is null.
 */
static bool options_arg(napi_env env, napi_value v, ssr_options **opts)
{
    *opts = NULL;
    if (is_nullish(env, v))
        return true;
    ssr_options *o = ssr_options_new();
    if (o == NULL) {
        throw_value(env, status_error(env, SSR_ENOMEM, NULL));
        return false;
    }
    for (uint32_t i = 0; i < 5; i++) {
        napi_value e = NULL;
        int64_t value = 0;
        if (napi_get_element(env, v, i, &e) != napi_ok || !int_arg(env, e, &value)) {
            ssr_options_free(o);
            napi_throw_type_error(env, NULL, "limits must be integers");
            return false;
        }
        if (value == 0)
            continue;
        int status = ssr_options_set_limit(o, (ssr_limit)(i + 1), (uint64_t)value);
        if (status != SSR_OK) {
            ssr_options_free(o);
            throw_value(env, status_error(env, status, "a limit is outside what the library accepts"));
            return false;
        }
    }
    *opts = o;
    return true;
}

/* ---- asynchronous work -----------------------------------------------------
 *
 * A job holds references to the Buffers it reads (index.js documents that
 * they must not change until the Promise settles), runs `run` on the thread
 * pool and `done` back on the main thread, which resolves or rejects.
 */
typedef struct job job;
typedef void (*job_fn)(job *j);
typedef napi_value (*job_done)(napi_env env, job *j, napi_value *error);

struct job {
    napi_async_work work;
    napi_deferred deferred;
    napi_ref refs[6];
    uint32_t held[2]; /* busy slots (NO_SLOT: none) */
    job_fn run;
    job_done done;
    const void *data[2];
    size_t len[2];
    int status;
    int kind;
    size_t count;
    size_t threshold;
    char *text;
    char *path;
    char *strs[8]; /* malloc'd argument strings */
    int algs[8];
    char *hex[8];
    ssr_options *opts;
    ssr_report *report;
    ssr_keyring *ring;
    ssr_artifact *artifact;
    const ssr_trust_root *root;
    char *name;            /* malloc'd */
    const void *keys;      /* a copy the job owns (copies[4]) */
    size_t keys_len;
    unsigned char *copies[6]; /* the Buffer arguments' bytes, copied (see job_bytes); beside refs[] */
    const ssr_verify_policy *policy;
    ssr_verify_result *result;
    int64_t now;
    ssr_verify_options *vopts; /* a verification's: its time and the evidence it demands */
    unsigned char *out;
    size_t out_len;
    ssr_trust_root *loaded; /* a trust cache's root, until a handle owns it */
};

static void slot_unbusy(addon *a, uint32_t index);

static void job_free(napi_env env, job *j)
{
    for (int i = 0; i < 2; i++)
        if (j->held[i] != NO_SLOT)
            slot_unbusy(addon_of(env), j->held[i]);
    for (int i = 0; i < 6; i++)
        if (j->refs[i])
            napi_delete_reference(env, j->refs[i]);
    for (int i = 0; i < 8; i++)
        ssr_free(j->hex[i]);
    ssr_free(j->text);
    ssr_free(j->out);
    free(j->path);
    free(j->name);
    for (int i = 0; i < 8; i++)
        free(j->strs[i]);
    ssr_options_free(j->opts);
    ssr_verify_options_free(j->vopts);
    for (int i = 0; i < 6; i++)
        free(j->copies[i]);
    ssr_report_free(j->report);
    ssr_keyring_free(j->ring);
    ssr_artifact_free(j->artifact);
    ssr_verify_result_free(j->result);
    ssr_trust_root_free(j->loaded);
    if (j->work)
        napi_delete_async_work(env, j->work);
    free(j);
}

static void job_execute(napi_env env, void *data)
{
    (void)env;
    job *j = data;
    j->run(j);
}

static void job_complete(napi_env env, napi_status status, void *data)
{
    job *j = data;
    napi_value error = NULL, value = NULL;
    if (status == napi_cancelled)
        error = status_error(env, SSR_EINVAL, "the work was cancelled");
    else
        value = j->done(env, j, &error);
    if (value)
        napi_resolve_deferred(env, j->deferred, value);
    else {
        bool pending = false;
        napi_is_exception_pending(env, &pending);
        if (pending)
            napi_get_and_clear_last_exception(env, &error);
        if (error == NULL)
            error = status_error(env, SSR_ENOMEM, NULL);
        napi_reject_deferred(env, j->deferred, error);
    }
    job_free(env, j);
}

static job *job_new(napi_env env, job_fn run, job_done done)
{
    job *j = calloc(1, sizeof *j);
    if (j == NULL) {
        throw_value(env, status_error(env, SSR_ENOMEM, NULL));
        return NULL;
    }
    j->run = run;
    j->done = done;
    j->held[0] = j->held[1] = NO_SLOT;
    return j;
}

/* Keeps Buffer argument i alive and readable from the thread pool. */
/* The most bytes of one Buffer argument a job copies; a larger one is read in place (the README says so). */
#define JOB_COPY_MAX (64u << 20)

/*
 * A Buffer argument as the job reads it: copied into memory the job owns
 * (up to JOB_COPY_MAX), so that the caller may refill or reuse its Buffer
 * before the Promise settles without changing the verdict; a larger one is
 * kept alive in refs[i] and read in place.
 */
static bool job_bytes(napi_env env, job *j, int i, napi_value v, const char *name, const void **data, size_t *len)
{
    if (!buf_arg(env, v, name, data, len))
        return false;
    if (*len > JOB_COPY_MAX)
        return napi_create_reference(env, v, 1, &j->refs[i]) == napi_ok;
    if ((j->copies[i] = malloc(*len > 0 ? *len : 1)) == NULL) {
        throw_value(env, status_error(env, SSR_ENOMEM, NULL));
        return false;
    }
    if (*len > 0)
        memcpy(j->copies[i], *data, *len);
    *data = j->copies[i];
    return true;
}

static bool job_buffer(napi_env env, job *j, int i, napi_value v, const char *name)
{
    return job_bytes(env, j, i, v, name, &j->data[i], &j->len[i]);
}

static napi_value job_start(napi_env env, job *j)
{
    napi_value promise = NULL, name = str(env, "ssrmeta");
    if (napi_create_promise(env, &j->deferred, &promise) != napi_ok ||
        napi_create_async_work(env, NULL, name, job_execute, job_complete, j, &j->work) != napi_ok ||
        napi_queue_async_work(env, j->work) != napi_ok) {
        throw_pending(env);
        job_free(env, j);
        return NULL;
    }
    return promise;
}

/* ---- init, version -------------------------------------------------------- */

static void handle_release(handle_kind kind, void *p);

/* The environment is going away: what is still open is freed (keys wiped), unless a job still runs on it. */
static void addon_finalize(napi_env env, void *data, void *hint)
{
    (void)hint;
    addon *a = data;
    for (uint32_t i = 0; i < a->nslots; i++)
        if (a->slots[i].ptr && a->slots[i].busy == 0)
            handle_release(a->slots[i].kind, a->slots[i].ptr);
    free(a->slots);
    napi_delete_reference(env, a->ssr_error);
    napi_delete_reference(env, a->invalid_error);
    napi_delete_reference(env, a->verification_error);
    napi_delete_reference(env, a->registry);
    napi_delete_reference(env, a->registry_register);
    free(a);
}

/* init(SsrError, InvalidError, VerificationError, FinalizationRegistry) */
static napi_value js_init(napi_env env, napi_callback_info info)
{
    ARGS(4);
    if (addon_of(env))
        return NULL;
    addon *a = calloc(1, sizeof *a);
    if (a == NULL)
        return throw_value(env, status_error(env, SSR_ENOMEM, NULL));
    a->free_head = NO_SLOT;
    napi_create_reference(env, argv[0], 1, &a->ssr_error);
    napi_create_reference(env, argv[1], 1, &a->invalid_error);
    napi_create_reference(env, argv[2], 1, &a->verification_error);
    napi_value reg = NULL;
    napi_create_reference(env, argv[3], 1, &a->registry);
    if (napi_get_named_property(env, argv[3], "register", &reg) == napi_ok)
        napi_create_reference(env, reg, 1, &a->registry_register);
    if (napi_set_instance_data(env, a, addon_finalize, NULL) != napi_ok) {
        free(a);
        throw_pending(env);
    }
    return NULL;
}

static napi_value js_version(napi_env env, napi_callback_info info)
{
    (void)info;
    napi_value obj = NULL;
    TRY(napi_create_object(env, &obj));
    set(env, obj, "library", str(env, ssr_version()));
    set(env, obj, "libraryNumber", num(env, ssr_version_number()));
    set(env, obj, "built", str(env, SSR_VERSION_STRING));
    set(env, obj, "builtNumber", num(env, SSR_VERSION_NUMBER));
    set(env, obj, "cryptoBackend", str(env, ssr_crypto_backend()));
    return obj;
}

static napi_value js_strerror(napi_env env, napi_callback_info info)
{
    int64_t status = 0;
    ARGS(1);
    TRY(napi_get_value_int64(env, argv[0], &status));
    return str(env, ssr_strerror((int)status));
}

/* A name looked up by `lookup` (a kind's, a digest's): its number, -1 when unknown. */
static napi_value name_lookup(napi_env env, napi_callback_info info, int (*lookup)(const void *, size_t), int none)
{
    size_t len = 0;
    ARGS(1);
    char *name = string_arg(env, argv[0], &len);
    if (name == NULL)
        return NULL;
    int value = lookup(name, len);
    free(name);
    return num(env, value <= none ? -1 : value);
}

/* kindFromName(name) -> int, -1 when unknown */
static napi_value js_kind_from_name(napi_env env, napi_callback_info info)
{
    return name_lookup(env, info, ssr_kind_from_name, -1);
}

/* digestFromName(name) -> int, -1 when unknown (0 is no digest) */
static napi_value js_digest_from_name(napi_env env, napi_callback_info info)
{
    return name_lookup(env, info, ssr_digest_from_name, 0);
}

/* limitMax(which) -> number */
static napi_value js_limit_max(napi_env env, napi_callback_info info)
{
    int64_t which = 0;
    ARGS(1);
    TRY(napi_get_value_int64(env, argv[0], &which));
    return num(env, (double)ssr_limit_max((ssr_limit)which));
}

/* ---- validate --------------------------------------------------------------- */

static void validate_run(job *j)
{
    j->status = ssr_validate(j->data[0], j->len[0], j->kind, j->opts, &j->report);
}

static napi_value validate_done(napi_env env, job *j, napi_value *error)
{
    if (j->status != SSR_OK) {
        *error = status_error(env, j->status, NULL);
        return NULL;
    }
    return report_value(env, j->report);
}

/* validate(buffer, kind, limits|null[, async]) -> report | Promise<report> */
static napi_value js_validate(napi_env env, napi_callback_info info)
{
    int64_t kind = 0;
    bool async = false;
    ARGS(4);
    TRY(napi_get_value_int64(env, argv[1], &kind));
    napi_get_value_bool(env, argv[3], &async);
    job local = {0};
    job *j = async ? job_new(env, validate_run, validate_done) : &local;
    if (j == NULL)
        return NULL;
    j->kind = (int)kind;
    if (!(async ? job_buffer(env, j, 0, argv[0], "data must be a Buffer")
                : buf_arg(env, argv[0], "data must be a Buffer", &j->data[0], &j->len[0])) ||
        !options_arg(env, argv[2], &j->opts)) {
        if (async)
            job_free(env, j);
        else
            ssr_options_free(j->opts);
        return NULL;
    }
    if (async)
        return job_start(env, j);
    validate_run(j);
    napi_value error = NULL, value = validate_done(env, j, &error);
    ssr_report_free(j->report);
    ssr_options_free(j->opts);
    return value ? value : throw_value(env, error);
}

/* ---- canonical and pretty forms --------------------------------------------- */

static void write_run(job *j)
{
    ssr_doc *doc = NULL;
    j->status = ssr_doc_parse(j->data[0], j->len[0], j->opts, &doc, &j->report);
    if (j->status != SSR_OK)
        return;
    char *out = NULL;
    j->status = j->kind ? ssr_doc_pretty(doc, &out, &j->out_len) : ssr_doc_canonical(doc, &out, &j->out_len);
    j->out = (unsigned char *)out;
    ssr_doc_free(doc);
}

static napi_value write_done(napi_env env, job *j, napi_value *error)
{
    if (j->status != SSR_OK) {
        *error = error_of(env, j->status, j->report);
        return NULL;
    }
    return buffer_copy(env, j->out, j->out_len);
}

/* write(buffer, pretty, limits|null[, async]) -> Buffer | Promise<Buffer> */
static napi_value js_write(napi_env env, napi_callback_info info)
{
    bool pretty = false, async = false;
    ARGS(4);
    napi_get_value_bool(env, argv[1], &pretty);
    napi_get_value_bool(env, argv[3], &async);
    job local = {0};
    job *j = async ? job_new(env, write_run, write_done) : &local;
    if (j == NULL)
        return NULL;
    j->kind = pretty;
    if (!(async ? job_buffer(env, j, 0, argv[0], "data must be a Buffer")
                : buf_arg(env, argv[0], "data must be a Buffer", &j->data[0], &j->len[0])) ||
        !options_arg(env, argv[2], &j->opts)) {
        if (async)
            job_free(env, j);
        else
            ssr_options_free(j->opts);
        return NULL;
    }
    if (async)
        return job_start(env, j);
    write_run(j);
    napi_value error = NULL, value = write_done(env, j, &error);
    ssr_report_free(j->report);
    ssr_options_free(j->opts);
    ssr_free(j->out);
    return value ? value : throw_value(env, error);
}

/* ---- digests ----------------------------------------------------------------- */

static void digest_run(job *j)
{
    j->status = ssr_digest(j->kind, j->data[0], j->len[0], &j->hex[0]);
}

static void digest_file_run(job *j)
{
    j->status = ssr_digest_file(j->path, j->algs, j->count, j->hex);
}

static napi_value digests_done(napi_env env, job *j, napi_value *error)
{
    if (j->status != SSR_OK) {
        *error = status_error(env, j->status, j->status == SSR_EIO ? "the file cannot be read" : NULL);
        return NULL;
    }
    if (j->run == digest_run)
        return str(env, j->hex[0]);
    napi_value list = NULL;
    TRY(napi_create_array_with_length(env, j->count, &list));
    for (size_t i = 0; i < j->count; i++)
        TRY(napi_set_element(env, list, (uint32_t)i, str(env, j->hex[i])));
    return list;
}

/* digest(alg, buffer[, async]) -> hex | Promise<hex> */
static napi_value js_digest(napi_env env, napi_callback_info info)
{
    int64_t alg = 0;
    bool async = false;
    ARGS(3);
    TRY(napi_get_value_int64(env, argv[0], &alg));
    napi_get_value_bool(env, argv[2], &async);
    job local = {.run = digest_run};
    job *j = async ? job_new(env, digest_run, digests_done) : &local;
    if (j == NULL)
        return NULL;
    j->kind = (int)alg;
    if (!(async ? job_buffer(env, j, 0, argv[1], "data must be a Buffer")
                : buf_arg(env, argv[1], "data must be a Buffer", &j->data[0], &j->len[0]))) {
        if (async)
            job_free(env, j);
        return NULL;
    }
    if (async)
        return job_start(env, j);
    digest_run(j);
    napi_value error = NULL, value = digests_done(env, j, &error);
    ssr_free(j->hex[0]);
    return value ? value : throw_value(env, error);
}

/* digestFile(path, algs[][, async]) -> [hex] | Promise<[hex]> */
static napi_value js_digest_file(napi_env env, napi_callback_info info)
{
    bool async = false;
    uint32_t count = 0;
    ARGS(3);
    TRY(napi_get_array_length(env, argv[1], &count));
    napi_get_value_bool(env, argv[2], &async);
    if (count == 0 || count > 8) {
        napi_throw_range_error(env, NULL, "between 1 and 8 algorithms");
        return NULL;
    }
    job local = {.run = digest_file_run};
    job *j = async ? job_new(env, digest_file_run, digests_done) : &local;
    if (j == NULL)
        return NULL;
    j->count = count;
    for (uint32_t i = 0; i < count; i++) {
        napi_value e = NULL;
        int64_t alg = 0;
        napi_get_element(env, argv[1], i, &e);
        int_arg(env, e, &alg);
        j->algs[i] = (int)alg;
    }
    j->path = string_arg(env, argv[0], NULL);
    if (j->path == NULL) {
        if (async)
            job_free(env, j);
        return NULL;
    }
    if (async)
        return job_start(env, j);
    digest_file_run(j);
    napi_value error = NULL, value = digests_done(env, j, &error);
    for (size_t i = 0; i < count; i++)
        ssr_free(j->hex[i]);
    free(j->path);
    return value ? value : throw_value(env, error);
}

/* ---- handles (see the addon struct) ------------------------------------------ */

static const napi_type_tag HANDLE_TAG = {0x7373726d6574612dULL, 0x68616e646c652d31ULL};

static void handle_release(handle_kind kind, void *p)
{
    switch (kind) {
    case H_HASHER:
        ssr_hasher_free(p);
        break;
    case H_SECRET:
        ssr_secret_key_free(p);
        break;
    case H_PUBLIC:
        ssr_public_key_free(p);
        break;
    case H_ROOT:
        ssr_trust_root_free(p);
        break;
    case H_POLICY:
        ssr_verify_policy_free(p);
        break;
    case H_JWKS:
        ssr_jwks_free(p);
        break;
    }
}

static double slot_id(const addon *a, uint32_t index)
{
    return (double)a->slots[index].gen * (double)SLOT_MAX + (double)index;
}

/* Frees the object of a slot and the slot (its generation moves on). */
static void slot_free(addon *a, uint32_t index)
{
    slot *s = &a->slots[index];
    handle_release(s->kind, s->ptr);
    s->ptr = NULL;
    s->closing = false;
    s->gen = (s->gen + 1) & GEN_MASK;
    s->next_free = a->free_head;
    a->free_head = index;
    a->open--;
}

/* close(): frees now, or marks it for the last job using it to free. */
static void slot_close(addon *a, uint32_t index)
{
    if (a->slots[index].busy)
        a->slots[index].closing = true;
    else
        slot_free(a, index);
}

static void slot_unbusy(addon *a, uint32_t index)
{
    if (--a->slots[index].busy == 0 && a->slots[index].closing)
        slot_free(a, index);
}

/* The open slot an id names, or NO_SLOT. */
static uint32_t slot_of_id(const addon *a, double id)
{
    if (!(id >= 0 && id < 9007199254740992.0))
        return NO_SLOT;
    uint64_t v = (uint64_t)id;
    uint32_t index = (uint32_t)(v & (SLOT_MAX - 1)), gen = (uint32_t)(v >> SLOT_BITS);
    if ((double)v != id || index >= a->nslots || a->slots[index].gen != gen || a->slots[index].ptr == NULL ||
        a->slots[index].closing)
        return NO_SLOT;
    return index;
}

/* A new handle owning ptr (freed here when no handle can be made). */
static napi_value handle_new(napi_env env, void *ptr, handle_kind kind)
{
    addon *a = addon_of(env);
    uint32_t index = NO_SLOT;
    if (a && a->free_head != NO_SLOT) {
        index = a->free_head;
        a->free_head = a->slots[index].next_free;
    } else if (a && a->nslots < SLOT_MAX) {
        if (a->nslots == a->cap) {
            uint32_t cap = a->cap ? a->cap * 2 : 64;
            slot *grown = realloc(a->slots, cap * sizeof *grown);
            if (grown) {
                a->slots = grown;
                a->cap = cap;
            }
        }
        if (a->nslots < a->cap) {
            index = a->nslots++;
            a->slots[index].gen = 0;
        }
    }
    if (index == NO_SLOT) {
        handle_release(kind, ptr);
        bool full = a && a->nslots == SLOT_MAX;
        return throw_value(env, status_error(env, SSR_ENOMEM, full ? "too many libssr objects open at once" : NULL));
    }
    slot *s = &a->slots[index];
    s->ptr = ptr;
    s->kind = kind;
    s->busy = 0;
    s->closing = false;
    a->open++;

    napi_value obj = NULL, registry = NULL, reg = NULL, id = num(env, slot_id(a, index));
    napi_property_descriptor prop = {"id", NULL, NULL, NULL, NULL, id, napi_enumerable, NULL};
    napi_value args[2] = {NULL, id};
    if (napi_create_object(env, &obj) != napi_ok || napi_define_properties(env, obj, 1, &prop) != napi_ok ||
        napi_type_tag_object(env, obj, &HANDLE_TAG) != napi_ok || napi_object_freeze(env, obj) != napi_ok ||
        napi_get_reference_value(env, a->registry, &registry) != napi_ok ||
        napi_get_reference_value(env, a->registry_register, &reg) != napi_ok || reg == NULL ||
        (args[0] = obj, napi_call_function(env, registry, reg, 2, args, NULL)) != napi_ok) {
        slot_free(a, index);
        throw_pending(env);
        return NULL;
    }
    return obj;
}

/* The id a handle carries; false (nothing thrown) when v is no handle. */
static bool handle_id(napi_env env, napi_value v, double *id)
{
    bool tagged = false;
    napi_value idv = NULL;
    return napi_check_object_type_tag(env, v, &HANDLE_TAG, &tagged) == napi_ok && tagged &&
           napi_get_named_property(env, v, "id", &idv) == napi_ok && napi_get_value_double(env, idv, id) == napi_ok;
}

/*
 * The slot of a handle argument (valid until the next handle_new()); throws
 * and returns NULL when v is not an open handle of this kind.
 */
static slot *handle_slot(napi_env env, napi_value v, handle_kind kind)
{
    addon *a = addon_of(env);
    double id = -1;
    if (a == NULL || !handle_id(env, v, &id)) {
        napi_throw_type_error(env, NULL, "not a libssr handle");
        return NULL;
    }
    uint32_t index = slot_of_id(a, id);
    if (index == NO_SLOT) {
        /* an SsrError naming the object, as Python's and Go's bindings say it */
        static const char *const closed[] = {"the Hasher was closed",      "the SecretKey was closed",
                                             "the PublicKey was closed",   "the TrustedRoot was closed",
                                             "the VerifyPolicy was closed", "the Jwks was closed"};
        throw_value(env, status_error(env, SSR_EINVAL, closed[kind]));
        return NULL;
    }
    if (a->slots[index].kind != kind) {
        napi_throw_type_error(env, NULL, "a libssr handle of another kind");
        return NULL;
    }
    return &a->slots[index];
}

/* The object of a handle argument, or NULL (thrown). */
static void *handle_get(napi_env env, napi_value v, handle_kind kind)
{
    slot *s = handle_slot(env, v, kind);
    return s ? s->ptr : NULL;
}

/* The object of a handle a job uses on the thread pool: busy until the job is freed (at most 2 per job). */
static void *job_handle(napi_env env, job *j, napi_value v, handle_kind kind)
{
    slot *s = handle_slot(env, v, kind);
    if (s == NULL)
        return NULL;
    j->held[j->held[0] == NO_SLOT ? 0 : 1] = (uint32_t)(s - addon_of(env)->slots);
    s->busy++;
    return s->ptr;
}

/*
 * close(handle): frees (and wipes, for keys) now, or when the work using it
 * ends; later uses throw. close(id) is the FinalizationRegistry's callback.
 * Closing what is closed already (a stale id) does nothing.
 */
static napi_value js_close(napi_env env, napi_callback_info info)
{
    addon *a = addon_of(env);
    double id = -1;
    ARGS(1);
    bool named = napi_get_value_double(env, argv[0], &id) == napi_ok || handle_id(env, argv[0], &id);
    uint32_t index = a && named ? slot_of_id(a, id) : NO_SLOT;
    if (index != NO_SLOT)
        slot_close(a, index);
    return NULL;
}

/* openHandles() -> how many objects are open (for tests of the collector) */
static napi_value js_open_handles(napi_env env, napi_callback_info info)
{
    (void)info;
    addon *a = addon_of(env);
    return num(env, a ? (double)a->open : 0);
}

/* hasherNew(alg) -> handle */
static napi_value js_hasher_new(napi_env env, napi_callback_info info)
{
    int64_t alg = 0;
    ARGS(1);
    TRY(napi_get_value_int64(env, argv[0], &alg));
    ssr_hasher *h = ssr_hasher_new((int)alg);
    if (h == NULL)
        return throw_value(env, status_error(env, SSR_ENOMEM, NULL));
    return handle_new(env, h, H_HASHER);
}

/* hasherUpdate(handle, buffer) */
static napi_value js_hasher_update(napi_env env, napi_callback_info info)
{
    size_t len = 0;
    const void *data = NULL;
    ARGS(2);
    ssr_hasher *h = handle_get(env, argv[0], H_HASHER);
    if (h == NULL || !buf_arg(env, argv[1], "data must be a Buffer", &data, &len))
        return NULL;
    int status = ssr_hasher_update(h, data, len);
    return status == SSR_OK ? NULL : throw_value(env, status_error(env, status, "the hasher is finished"));
}

/* hasherFinal(handle) -> hex */
static napi_value js_hasher_final(napi_env env, napi_callback_info info)
{
    char *hex = NULL;
    ARGS(1);
    ssr_hasher *h = handle_get(env, argv[0], H_HASHER);
    if (h == NULL)
        return NULL;
    int status = ssr_hasher_final(h, &hex);
    if (status != SSR_OK)
        return throw_value(env, status_error(env, status, "the hasher is finished"));
    napi_value v = str(env, hex);
    ssr_free(hex);
    return v;
}

/* ---- keys ------------------------------------------------------------------- */

/*
 * A key that cannot be used is an invalid argument: a TypeError with
 * Node's ERR_INVALID_ARG_VALUE code, naming the argument and why, with the
 * library's status. A file that cannot be read is an SsrError (EIO).
 */
static napi_value key_error(napi_env env, int status, const char *what)
{
    char message[200];
    if (status == SSR_EIO) {
        snprintf(message, sizeof message, "%s: the file cannot be read", what);
        return status_error(env, status, message);
    }
    if (status != SSR_EINVALID)
        return status_error(env, status, NULL);
    snprintf(message, sizeof message,
             "%s: not a PEM key libssr reads (an Ed25519 PKCS#8 secret key; an Ed25519, ECDSA P-256/P-384 or RSA "
             "public key)",
             what);
    napi_value err = NULL, code = str(env, "ERR_INVALID_ARG_VALUE");
    if (napi_create_type_error(env, code, str(env, message), &err) != napi_ok)
        return NULL;
    set(env, err, "status", num(env, status));
    return err;
}

/* secretGenerate() -> handle */
static napi_value js_secret_generate(napi_env env, napi_callback_info info)
{
    (void)info;
    ssr_secret_key *key = NULL;
    int status = ssr_secret_key_generate(&key);
    if (status != SSR_OK)
        return throw_value(env, status_error(env, status, NULL));
    return handle_new(env, key, H_SECRET);
}

/* secretParse(buffer, what) / secretRead(path, what) -> handle */
static napi_value secret_load(napi_env env, napi_callback_info info, bool file)
{
    size_t len = 0;
    const void *data = NULL;
    ssr_secret_key *key = NULL;
    int status;
    ARGS(2);
    char *what = string_arg(env, argv[1], NULL);
    if (what == NULL)
        return NULL;
    if (file) {
        char *path = string_arg(env, argv[0], NULL);
        if (path == NULL) {
            free(what);
            return NULL;
        }
        status = ssr_secret_key_read_file(path, &key);
        free(path);
    } else if (buf_arg(env, argv[0], "key must be a Buffer", &data, &len)) {
        status = ssr_secret_key_parse(data, len, &key);
    } else {
        free(what);
        return NULL;
    }
    napi_value error = status == SSR_OK ? NULL : key_error(env, status, what);
    free(what);
    if (error)
        return throw_value(env, error);
    return handle_new(env, key, H_SECRET);
}

static napi_value js_secret_parse(napi_env env, napi_callback_info info)
{
    return secret_load(env, info, false);
}

static napi_value js_secret_read(napi_env env, napi_callback_info info)
{
    return secret_load(env, info, true);
}

/* secretWrite(handle, path): a new 0600 file, never overwritten. */
static napi_value js_secret_write(napi_env env, napi_callback_info info)
{
    ARGS(2);
    ssr_secret_key *key = handle_get(env, argv[0], H_SECRET);
    if (key == NULL)
        return NULL;
    char *path = string_arg(env, argv[1], NULL);
    if (path == NULL)
        return NULL;
    int status = ssr_secret_key_write_file(key, path);
    free(path);
    if (status == SSR_EEXIST)
        return throw_value(env, status_error(env, status, "the key file exists and is never overwritten"));
    return status == SSR_OK ? NULL : throw_value(env, status_error(env, status, NULL));
}

/* secretPem(handle) -> Buffer (the caller's copy of the secret) */
static napi_value js_secret_pem(napi_env env, napi_callback_info info)
{
    size_t len = 0;
    char *pem = NULL;
    ARGS(1);
    ssr_secret_key *key = handle_get(env, argv[0], H_SECRET);
    if (key == NULL)
        return NULL;
    int status = ssr_secret_key_pem(key, &pem, &len);
    if (status != SSR_OK)
        return throw_value(env, status_error(env, status, NULL));
    napi_value v = buffer_copy(env, pem, len);
    ssr_secret_free(pem);
    return v;
}

/* secretPublic(handle) -> public handle */
static napi_value js_secret_public(napi_env env, napi_callback_info info)
{
    ssr_public_key *pub = NULL;
    ARGS(1);
    ssr_secret_key *key = handle_get(env, argv[0], H_SECRET);
    if (key == NULL)
        return NULL;
    int status = ssr_secret_key_public(key, &pub);
    if (status != SSR_OK)
        return throw_value(env, status_error(env, status, NULL));
    return handle_new(env, pub, H_PUBLIC);
}

/* publicParse(buffer, what) -> handle */
static napi_value js_public_parse(napi_env env, napi_callback_info info)
{
    size_t len = 0;
    const void *data = NULL;
    ssr_public_key *key = NULL;
    ARGS(2);
    if (!buf_arg(env, argv[0], "key must be a Buffer", &data, &len))
        return NULL;
    char *what = string_arg(env, argv[1], NULL);
    if (what == NULL)
        return NULL;
    int status = ssr_public_key_parse(data, len, &key);
    napi_value error = status == SSR_OK ? NULL : key_error(env, status, what);
    free(what);
    if (error)
        return throw_value(env, error);
    return handle_new(env, key, H_PUBLIC);
}

/* publicPem(handle) -> Buffer */
static napi_value js_public_pem(napi_env env, napi_callback_info info)
{
    size_t len = 0;
    char *pem = NULL;
    ARGS(1);
    ssr_public_key *key = handle_get(env, argv[0], H_PUBLIC);
    if (key == NULL)
        return NULL;
    int status = ssr_public_key_pem(key, &pem, &len);
    if (status != SSR_OK)
        return throw_value(env, status_error(env, status, NULL));
    napi_value v = buffer_copy(env, pem, len);
    ssr_free(pem);
    return v;
}

/* publicId(handle) -> key id */
static napi_value js_public_id(napi_env env, napi_callback_info info)
{
    ARGS(1);
    ssr_public_key *key = handle_get(env, argv[0], H_PUBLIC);
    return key ? str(env, ssr_public_key_id(key)) : NULL;
}

/* ---- DSSE --------------------------------------------------------------------- */

/* An optional key id argument (null or a string): malloc'd copy or NULL. */
static bool keyid_arg(napi_env env, napi_value v, char **keyid, size_t *len)
{
    *keyid = NULL;
    *len = 0;
    if (is_nullish(env, v))
        return true;
    *keyid = string_arg(env, v, len);
    return *keyid != NULL;
}

/* dsseSign(payload, type, secret handle, keyid|null) -> Buffer */
static napi_value js_dsse_sign(napi_env env, napi_callback_info info)
{
    size_t len = 0, type_len = 0, keyid_len = 0, out_len = 0;
    const void *payload = NULL;
    char *out = NULL, *keyid = NULL;
    ARGS(4);
    ssr_secret_key *key = handle_get(env, argv[2], H_SECRET);
    if (key == NULL || !buf_arg(env, argv[0], "payload must be a Buffer", &payload, &len))
        return NULL;
    char *type = string_arg(env, argv[1], &type_len);
    if (type == NULL)
        return NULL;
    if (!keyid_arg(env, argv[3], &keyid, &keyid_len)) {
        free(type);
        return NULL;
    }
    int status = ssr_dsse_sign(payload, len, type, type_len, key, keyid, keyid_len, &out, &out_len);
    free(type);
    free(keyid);
    if (status != SSR_OK)
        return throw_value(env, status_error(env, status, NULL));
    napi_value v = buffer_copy(env, out, out_len);
    ssr_free(out);
    return v;
}

/* dsseAddSignature(envelope, secret handle, keyid|null) -> Buffer */
static napi_value js_dsse_add_signature(napi_env env, napi_callback_info info)
{
    size_t len = 0, keyid_len = 0, out_len = 0;
    const void *envelope = NULL;
    char *out = NULL, *keyid = NULL;
    ssr_report *report = NULL;
    ARGS(3);
    ssr_secret_key *key = handle_get(env, argv[1], H_SECRET);
    if (key == NULL || !buf_arg(env, argv[0], "envelope must be a Buffer", &envelope, &len) ||
        !keyid_arg(env, argv[2], &keyid, &keyid_len))
        return NULL;
    int status = ssr_dsse_add_signature(envelope, len, key, keyid, keyid_len, &out, &out_len, &report);
    free(keyid);
    return output_result(env, status, out, out_len, report, true);
}

static void verify_run(job *j)
{
    char *type = NULL;
    j->status = ssr_dsse_verify(j->data[0], j->len[0], j->ring, j->threshold, &j->out, &j->out_len, &type,
                                &j->count, &j->report);
    j->text = type;
}

static napi_value verify_done(napi_env env, job *j, napi_value *error)
{
    if (j->status == SSR_EVERIFY) {
        *error = verification_error(env, j->count);
        return NULL;
    }
    if (j->status != SSR_OK) {
        *error = error_of(env, j->status, j->report);
        return NULL;
    }
    napi_value obj = NULL;
    TRY(napi_create_object(env, &obj));
    set(env, obj, "payload", buffer_copy(env, j->out, j->out_len));
    set(env, obj, "payloadType", str(env, j->text));
    set(env, obj, "verified", num(env, (double)j->count));
    return obj;
}

/* dsseVerify(envelope, [public handles], threshold[, async]) -> {payload, payloadType, verified} */
static napi_value js_dsse_verify(napi_env env, napi_callback_info info)
{
    int64_t threshold = 0;
    uint32_t count = 0;
    bool async = false;
    ARGS(4);
    TRY(napi_get_array_length(env, argv[1], &count));
    TRY(napi_get_value_int64(env, argv[2], &threshold));
    napi_get_value_bool(env, argv[3], &async);
    job local = {0};
    job *j = async ? job_new(env, verify_run, verify_done) : &local;
    if (j == NULL)
        return NULL;
    j->threshold = (size_t)threshold; /* index.js keeps it within 1..2^53-1 */
    j->ring = ssr_keyring_new();
    bool ok = j->ring != NULL;
    if (!ok)
        throw_value(env, status_error(env, SSR_ENOMEM, NULL));
    for (uint32_t i = 0; ok && i < count; i++) {
        napi_value e = NULL;
        ok = napi_get_element(env, argv[1], i, &e) == napi_ok;
        ssr_public_key *key = ok ? handle_get(env, e, H_PUBLIC) : NULL;
        int status = key ? ssr_keyring_add(j->ring, key) : SSR_EINVAL;
        if (key && status != SSR_OK)
            throw_value(env, status_error(env, status, NULL));
        ok = key && status == SSR_OK;
    }
    if (ok)
        ok = async ? job_buffer(env, j, 0, argv[0], "envelope must be a Buffer")
                   : buf_arg(env, argv[0], "envelope must be a Buffer", &j->data[0], &j->len[0]);
    if (!ok) {
        if (async)
            job_free(env, j);
        else
            ssr_keyring_free(j->ring);
        return NULL;
    }
    if (async)
        return job_start(env, j);
    verify_run(j);
    napi_value error = NULL, value = verify_done(env, j, &error);
    ssr_keyring_free(j->ring);
    ssr_free(j->out);
    ssr_free(j->text);
    ssr_report_free(j->report);
    return value ? value : throw_value(env, error);
}

/* ---- subject matching --------------------------------------------------------- */

/* The artifact of a verification or a match: data, a file or digests (strs). */
static int artifact_build(job *j, const void *data, size_t len, bool have_data)
{
    j->artifact = ssr_artifact_new();
    if (j->artifact == NULL)
        return SSR_ENOMEM;
    int status = SSR_OK;
    if (j->path)
        status = ssr_artifact_hash_file(j->artifact, j->path);
    else if (have_data)
        status = ssr_artifact_hash(j->artifact, data, len);
    for (size_t i = 0; status == SSR_OK && i < j->count; i++)
        status = ssr_artifact_add_digest(j->artifact, j->strs[2 * i], strlen(j->strs[2 * i]), j->strs[2 * i + 1],
                                         strlen(j->strs[2 * i + 1]));
    if (status == SSR_EINVALID)
        j->kind = 1; /* a given digest was refused */
    return status;
}

/* Reads the artifact arguments (data Buffer | null, path | null, [[alg, hex]...]) into the job. */
static bool job_artifact(napi_env env, job *j, napi_value data, napi_value path, napi_value digests)
{
    uint32_t count = 0;
    if (napi_get_array_length(env, digests, &count) != napi_ok) {
        throw_pending(env);
        return false;
    }
    if (count > 4) {
        napi_throw_range_error(env, NULL, "at most 4 known digests");
        return false;
    }
    bool ok = true;
    if (!is_nullish(env, data))
        ok = job_buffer(env, j, 1, data, "data must be a Buffer");
    if (ok && !is_nullish(env, path))
        ok = (j->path = string_arg(env, path, NULL)) != NULL;
    for (uint32_t i = 0; ok && i < count; i++) {
        napi_value pair = NULL, alg = NULL, hex = NULL;
        ok = napi_get_element(env, digests, i, &pair) == napi_ok && napi_get_element(env, pair, 0, &alg) == napi_ok &&
             napi_get_element(env, pair, 1, &hex) == napi_ok;
        if (ok)
            ok = (j->strs[2 * i] = string_arg(env, alg, NULL)) != NULL;
        if (ok)
            ok = (j->strs[2 * i + 1] = string_arg(env, hex, NULL)) != NULL;
        j->count = i + 1;
    }
    return ok;
}

/* The artifact's own failures (its file, a given digest), told apart from the document's; NULL for none. */
static napi_value artifact_error(napi_env env, const job *j)
{
    if (j->status == SSR_EIO)
        return status_error(env, j->status, "the artifact file cannot be read");
    if (j->status == SSR_EINVALID && j->kind)
        return status_error(env, j->status, "a digest is not lowercase hex of its algorithm's length");
    return NULL;
}

/* Runs a job a call made: on the thread pool as a Promise when async, else here, then frees it. */
static napi_value job_finish(napi_env env, job *j, bool async)
{
    if (async)
        return job_start(env, j);
    j->run(j);
    napi_value error = NULL, value = j->done(env, j, &error);
    job_free(env, j);
    return value ? value : throw_value(env, error);
}

static void match_run(job *j)
{
    size_t index = 0;
    j->status = artifact_build(j, j->data[1], j->len[1], j->refs[1] != NULL || j->copies[1] != NULL);
    if (j->status == SSR_OK)
        j->status = ssr_match_subject(j->artifact, j->data[0], j->len[0], &index, &j->report);
    j->out_len = index;
}

static napi_value match_done(napi_env env, job *j, napi_value *error)
{
    if (j->status == SSR_ENOMATCH)
        return num(env, -1);
    if (j->status != SSR_OK) {
        *error = artifact_error(env, j);
        if (*error == NULL)
            *error = error_of(env, j->status, j->report);
        return NULL;
    }
    return num(env, (double)j->out_len);
}

/*
 * matchSubject(document, data|null, path|null, [[alg, hex]...][, async]) ->
 * index of the matching subject or artifact, -1 when none matches.
 */
static napi_value js_match_subject(napi_env env, napi_callback_info info)
{
    bool async = false;
    ARGS(5);
    napi_get_value_bool(env, argv[4], &async);
    job *j = job_new(env, match_run, match_done);
    if (j == NULL)
        return NULL;
    if (!job_buffer(env, j, 0, argv[0], "document must be a Buffer") || !job_artifact(env, j, argv[1], argv[2], argv[3])) {
        job_free(env, j);
        return NULL;
    }
    return job_finish(env, j, async);
}

/* ---- trusted publishing --------------------------------------------------------- */

static napi_value match_value(napi_env env, const ssr_tp_result *result);

/* tpMatch(policy, claims, now bigint, flags) -> {matched, jti, failedClaim, failedOp, failedReason, conditionsHeld, bound} */
static napi_value js_tp_match(napi_env env, napi_callback_info info)
{
    size_t plen = 0, clen = 0;
    const void *policy = NULL, *claims = NULL;
    int64_t now = 0, flags = 0;
    bool lossless = false;
    ssr_tp_result *result = NULL;
    ssr_report *report = NULL;
    ARGS(4);
    if (!buf_arg(env, argv[0], "policy must be a Buffer", &policy, &plen) ||
        !buf_arg(env, argv[1], "claims must be a Buffer", &claims, &clen))
        return NULL;
    TRY(napi_get_value_bigint_int64(env, argv[2], &now, &lossless));
    TRY(napi_get_value_int64(env, argv[3], &flags));
    if (!lossless) {
        napi_throw_range_error(env, NULL, "now is outside the range of a 64-bit time");
        return NULL;
    }
    int status = ssr_tp_match(policy, plen, claims, clen, now, (unsigned)flags, &result, &report);
    if (status != SSR_OK && status != SSR_ENOMATCH) { /* a result either way: its matched says which */
        napi_value error = error_of(env, status, report);
        ssr_report_free(report);
        return throw_value(env, error);
    }
    ssr_report_free(report);
    napi_value obj = match_value(env, result);
    ssr_tp_result_free(result);
    return obj;
}

/* A match result as {matched, jti, failedClaim, failedOp, failedReason, conditionsHeld, bound (JSON texts)}. */
static napi_value match_value(napi_env env, const ssr_tp_result *result)
{
    napi_value obj = NULL, bound = NULL;
    if (napi_create_object(env, &obj) != napi_ok || napi_create_object(env, &bound) != napi_ok) {
        throw_pending(env);
        return NULL;
    }
    set(env, obj, "matched", boolean(env, ssr_tp_matched(result)));
    set(env, obj, "jti", str(env, ssr_tp_jti(result)));
    set(env, obj, "failedClaim", str(env, ssr_tp_failed_claim(result)));
    set(env, obj, "failedOp", str(env, ssr_tp_failed_op(result)));
    set(env, obj, "failedReason", str(env, ssr_tp_failed_reason(result)));
    set(env, obj, "conditionsHeld", num(env, (double)ssr_tp_conditions_held(result)));
    for (size_t i = 0; i < ssr_tp_bound_count(result); i++)
        set(env, bound, ssr_tp_bound_claim(result, i), str(env, ssr_tp_bound_value(result, i)));
    set(env, obj, "bound", bound);
    return obj;
}

static napi_value js_tp_explain(napi_env env, napi_callback_info info)
{
    size_t len = 0, out_len = 0;
    const void *policy = NULL;
    char *out = NULL;
    ssr_report *report = NULL;
    ARGS(1);
    if (!buf_arg(env, argv[0], "policy must be a Buffer", &policy, &len))
        return NULL;
    int status = ssr_tp_explain(policy, len, &out, &out_len, &report);
    return text_result(env, status, out, out_len, report);
}

/* profileLevels(profile, limits|null) -> JSON text */
static napi_value js_profile_levels(napi_env env, napi_callback_info info)
{
    size_t len = 0, out_len = 0;
    const void *profile = NULL;
    char *out = NULL;
    ssr_report *report = NULL;
    ssr_levels *levels = NULL;
    ssr_options *opts = NULL;
    ARGS(2);
    if (!buf_arg(env, argv[0], "profile must be a Buffer", &profile, &len) || !options_arg(env, argv[1], &opts))
        return NULL;
    int status = ssr_profile_levels(profile, len, opts, &levels, &report);
    ssr_options_free(opts);
    if (status == SSR_OK)
        status = ssr_levels_to_json(levels, &out, &out_len);
    ssr_levels_free(levels);
    return text_result(env, status, out, out_len, report);
}

/* renderPanel(result, release|null, level, style, lang, limits|null) -> HTML text (checked in index.js) */
static napi_value js_render_panel(napi_env env, napi_callback_info info)
{
    size_t len = 0, release_len = 0, lang_len = 0, out_len = 0;
    const void *result = NULL, *release = NULL, *lang = NULL;
    int32_t level = 0, style = 0;
    char *out = NULL;
    ssr_report *report = NULL;
    ssr_options *opts = NULL;
    napi_valuetype type;
    ARGS(6);
    TRY(napi_typeof(env, argv[1], &type));
    if (!buf_arg(env, argv[0], "result must be a Buffer", &result, &len) ||
        (type != napi_null && !buf_arg(env, argv[1], "release must be a Buffer", &release, &release_len)) ||
        !buf_arg(env, argv[4], "lang must be a Buffer", &lang, &lang_len))
        return NULL;
    TRY(napi_get_value_int32(env, argv[2], &level));
    TRY(napi_get_value_int32(env, argv[3], &style));
    if (!options_arg(env, argv[5], &opts))
        return NULL;
    int status = ssr_render_panel(result, len, release, release_len, level, style, lang, lang_len, opts, &out,
                                  &out_len, &report);
    ssr_options_free(opts);
    return text_result(env, status, out, out_len, report);
}

/* renderProfiles([Buffer...], format, limits|null) -> text; an invalid profile's error carries its index */
static napi_value js_render_profiles(napi_env env, napi_callback_info info)
{
    size_t out_len = 0, failed = 0;
    uint32_t count = 0;
    int32_t format = 0;
    const void *docs[64];
    size_t lens[64];
    char *out = NULL;
    ssr_report *report = NULL;
    ssr_options *opts = NULL;
    ARGS(3);
    TRY(napi_get_array_length(env, argv[0], &count));
    if (count == 0 || count > 64) {
        napi_throw_range_error(env, "ERR_OUT_OF_RANGE", "between 1 and 64 profiles");
        return NULL;
    }
    for (uint32_t i = 0; i < count; i++) {
        napi_value item;
        TRY(napi_get_element(env, argv[0], i, &item));
        if (!buf_arg(env, item, "profiles must be Buffers", &docs[i], &lens[i]))
            return NULL;
    }
    TRY(napi_get_value_int32(env, argv[1], &format));
    if (!options_arg(env, argv[2], &opts))
        return NULL;
    int status = ssr_render_profiles(docs, lens, count, format, opts, &out, &out_len, &failed, &report);
    ssr_options_free(opts);
    if (status == SSR_OK) {
        napi_value v = str_n(env, out, out_len);
        ssr_free(out);
        return v;
    }
    napi_value error = error_of(env, status, report);
    ssr_report_free(report);
    if (error != NULL && status == SSR_EINVALID)
        set(env, error, "index", num(env, (double)failed));
    return throw_value(env, error);
}

/* schema(kind, codes) -> text */
static napi_value js_schema(napi_env env, napi_callback_info info)
{
    size_t out_len = 0;
    int64_t kind = 0;
    bool codes = false;
    char *out = NULL;
    ARGS(2);
    TRY(napi_get_value_int64(env, argv[0], &kind));
    napi_get_value_bool(env, argv[1], &codes);
    int status = codes ? ssr_schema_codes((int)kind, &out, &out_len) : ssr_schema((int)kind, &out, &out_len);
    if (status == SSR_EINVAL) {
        ssr_free(out);
        return throw_value(env, status_error(env, status, "only the native kinds have a schema"));
    }
    return text_result(env, status, out, out_len, NULL);
}


/* ---- verification of what registries receive -------------------------------------- */

/* trustRoot(instance | Buffer) -> handle */
static napi_value js_trust_root(napi_env env, napi_callback_info info)
{
    size_t len = 0;
    ssr_trust_root *root = NULL;
    ssr_report *report = NULL;
    const void *data = NULL;
    int64_t instance = 0;
    int status;
    ARGS(1);
    if (napi_get_value_int64(env, argv[0], &instance) == napi_ok)
        status = ssr_trust_root_load((int)instance, &root);
    else if (buf_arg(env, argv[0], "a trusted root must be a Buffer", &data, &len))
        status = ssr_trust_root_parse(data, len, &root, &report);
    else
        return NULL;
    napi_value error = status == SSR_OK ? NULL : error_of(env, status, report);
    ssr_report_free(report);
    return error ? throw_value(env, error) : handle_new(env, root, H_ROOT);
}

/* A policy call's outcome: the handle, or the error (a report says why). */
static napi_value policy_result(napi_env env, int status, ssr_verify_policy *policy, ssr_report *report)
{
    napi_value error = status == SSR_OK ? NULL : error_of(env, status, report);
    ssr_report_free(report);
    return error ? throw_value(env, error) : handle_new(env, policy, H_POLICY);
}

/* policyIdentity(identity, issuer) -> handle */
static napi_value js_policy_identity(napi_env env, napi_callback_info info)
{
    size_t ilen = 0, slen = 0;
    ssr_verify_policy *policy = NULL;
    ARGS(2);
    char *identity = string_arg(env, argv[0], &ilen);
    char *issuer = identity ? string_arg(env, argv[1], &slen) : NULL;
    int status = issuer ? ssr_verify_policy_identity(identity, ilen, issuer, slen, &policy) : SSR_ENOMEM;
    free(identity);
    free(issuer);
    if (status == SSR_EINVAL)
        return throw_value(env, status_error(env, status, "identity and issuer must not be empty"));
    return issuer ? policy_result(env, status, policy, NULL) : NULL;
}

/* policyKey(public handle) -> handle */
static napi_value js_policy_key(napi_env env, napi_callback_info info)
{
    ssr_verify_policy *policy = NULL;
    ARGS(1);
    ssr_public_key *key = handle_get(env, argv[0], H_PUBLIC);
    if (key == NULL)
        return NULL;
    int status = ssr_verify_policy_key(key, &policy); /* before policy is read */
    return policy_result(env, status, policy, NULL);
}

/* policyDocument(Buffer, publisher) -> handle: a trusted-publisher document, or PEP 740 tooling's JSON form */
static napi_value js_policy_document(napi_env env, napi_callback_info info)
{
    size_t len = 0;
    const void *data = NULL;
    bool publisher = false;
    ssr_verify_policy *policy = NULL;
    ssr_report *report = NULL;
    ARGS(2);
    napi_get_value_bool(env, argv[1], &publisher);
    if (!buf_arg(env, argv[0], "policy must be a Buffer", &data, &len))
        return NULL;
    int status = publisher ? ssr_verify_policy_publisher(data, len, &policy, &report)
                           : ssr_verify_policy_parse(data, len, &policy, &report);
    return policy_result(env, status, policy, report);
}

/* policyRequire(handle, name, value) */
static napi_value js_policy_require(napi_env env, napi_callback_info info)
{
    size_t len = 0;
    ARGS(3);
    slot *s = handle_slot(env, argv[0], H_POLICY);
    if (s == NULL)
        return NULL;
    if (s->busy)
        return throw_value(env, status_error(env, SSR_EINVAL, "the policy is in use by a verification still running"));
    ssr_verify_policy *policy = s->ptr;
    char *name = string_arg(env, argv[1], NULL);
    char *value = name ? string_arg(env, argv[2], &len) : NULL;
    int status = value ? ssr_verify_policy_require(policy, name, value, len) : SSR_ENOMEM;
    free(name);
    free(value);
    if (value && status != SSR_OK)
        return throw_value(env, status_error(env, status, "an unknown extension name, or a managed-key policy"));
    return NULL;
}

static napi_value verify_result_text(napi_env env, ssr_verify_result *result)
{
    char *out = NULL;
    size_t len = 0;
    int status = ssr_verify_result_to_json(result, &out, &len);
    return text_result(env, status, out, len, NULL);
}

/* policyCheck(handle, certificate Buffer) -> JSON text */
static napi_value js_policy_check(napi_env env, napi_callback_info info)
{
    size_t len = 0;
    const void *cert = NULL;
    ssr_verify_result *result = NULL;
    ssr_report *report = NULL;
    ARGS(2);
    ssr_verify_policy *policy = handle_get(env, argv[0], H_POLICY);
    if (policy == NULL || !buf_arg(env, argv[1], "certificate must be a Buffer", &cert, &len))
        return NULL;
    int status = ssr_verify_policy_check(policy, cert, len, &result, &report);
    napi_value v = status == SSR_OK ? verify_result_text(env, result) : NULL;
    napi_value error = status == SSR_OK ? NULL : error_of(env, status, report);
    ssr_verify_result_free(result);
    ssr_report_free(report);
    return v ? v : throw_value(env, error);
}

enum { VERIFY_BUNDLE = 1, VERIFY_PEP740 = 2, VERIFY_NPM = 3 };

static void verify_run_any(job *j)
{
    /* data[0]: the bundle or attestations; data[1]: the artifact's bytes (refs[1]); name: the file name or
       package; keys: the npm registry keys (borrowed from the Buffer refs[4] holds) */
    j->status = artifact_build(j, j->data[1], j->len[1], j->refs[1] != NULL || j->copies[1] != NULL);
    if (j->status != SSR_OK)
        return;
    switch (j->threshold) {
    case VERIFY_BUNDLE:
        j->status = ssr_verify_bundle(j->root, j->policy, j->data[0], j->len[0], j->artifact, j->vopts, &j->result,
                                      &j->report);
        break;
    case VERIFY_PEP740:
        j->status = ssr_verify_pep740(j->root, j->policy, j->data[0], j->len[0], j->name, strlen(j->name),
                                      j->artifact, j->vopts, &j->result, &j->report);
        break;
    default:
        j->status = ssr_verify_npm(j->root, j->keys, j->keys_len, j->data[0], j->len[0], j->name, strlen(j->name),
                                   j->artifact, j->vopts, &j->result, &j->report);
        break;
    }
}

static napi_value verify_done_any(napi_env env, job *j, napi_value *error)
{
    if (j->status != SSR_OK) {
        *error = artifact_error(env, j);
        if (*error == NULL)
            *error = error_of(env, j->status, j->report);
        return NULL;
    }
    return verify_result_text(env, j->result);
}

/*
 * verify(mode, root handle, policy handle | null, data, name | null, keys | null,
 *        artifact data | null, artifact path | null, [[alg, hex]...], now bigint,
 *        min log entries (-1: the default), min signed times (-1: the default), require an SCT, async)
 *   -> JSON text | Promise<JSON text>
 */
static napi_value js_verify(napi_env env, napi_callback_info info)
{
    int64_t mode = 0;
    int32_t min_entries = -1, min_times = -1;
    bool async = false, lossless = false, require_sct = true;
    ARGS(14);
    TRY(napi_get_value_int64(env, argv[0], &mode));
    TRY(napi_get_value_int32(env, argv[10], &min_entries));
    TRY(napi_get_value_int32(env, argv[11], &min_times));
    TRY(napi_get_value_bool(env, argv[12], &require_sct));
    napi_get_value_bool(env, argv[13], &async);
    job *j = job_new(env, verify_run_any, verify_done_any);
    if (j == NULL)
        return NULL;
    j->threshold = (size_t)mode;
    bool ok = napi_get_value_bigint_int64(env, argv[9], &j->now, &lossless) == napi_ok && lossless;
    if (!ok)
        napi_throw_range_error(env, NULL, "now is outside the range of a 64-bit time");
    if (ok) {
        int status = (j->vopts = ssr_verify_options_new()) == NULL ? SSR_ENOMEM
                                                                   : ssr_verify_options_set_time(j->vopts, j->now);
        if (status == SSR_OK && min_entries >= 0)
            status = ssr_verify_options_set_min_log_entries(j->vopts, (unsigned)min_entries);
        if (status == SSR_OK && min_times >= 0)
            status = ssr_verify_options_set_min_signed_times(j->vopts, (unsigned)min_times);
        if (status == SSR_OK && !require_sct)
            status = ssr_verify_options_set_require_sct(j->vopts, 0);
        ok = status == SSR_OK;
        if (!ok)
            throw_value(env, status_error(env, status, status == SSR_EINVAL ? "minLogEntries is 0 to 32, "
                                                                              "minSignedTimes 1 to 64"
                                                                            : NULL));
    }
    if (ok)
        ok = (j->root = job_handle(env, j, argv[1], H_ROOT)) != NULL;
    if (ok && mode != VERIFY_NPM)
        ok = (j->policy = job_handle(env, j, argv[2], H_POLICY)) != NULL;
    if (ok)
        ok = job_buffer(env, j, 0, argv[3], "the attestations must be a Buffer");
    if (ok && mode != VERIFY_BUNDLE)
        ok = (j->name = string_arg(env, argv[4], NULL)) != NULL;
    if (ok && mode == VERIFY_NPM)
        ok = job_bytes(env, j, 4, argv[5], "keys must be a Buffer", &j->keys, &j->keys_len);
    if (ok)
        ok = job_artifact(env, j, argv[6], argv[7], argv[8]);
    if (!ok) {
        job_free(env, j);
        return NULL;
    }
    return job_finish(env, j, async);
}

/* ---- TUF ------------------------------------------------------------------ */

enum { TUF_INIT = 1, TUF_REFRESH = 2, TUF_TARGET_INFO = 3, TUF_DOWNLOAD = 4, TUF_LOAD = 5,
       SIGSTORE_REFRESH = 6, SIGSTORE_LOAD = 7 };

/* A TUF refusal: SsrError whose `rule` is the report's code ("tuf.cache.expired") and `report` the report. */
static napi_value tuf_error(napi_env env, int status, const ssr_report *report)
{
    if (report == NULL || ssr_report_count(report) == 0)
        return status_error(env, status, NULL);
    char message[700];
    snprintf(message, sizeof message, "%s: %s", ssr_diag_code(report, 0), ssr_diag_message(report, 0));
    napi_value err = status_error(env, status, message);
    napi_value r = report_value(env, report);
    if (err != NULL) {
        napi_set_named_property(env, err, "rule", str(env, ssr_diag_code(report, 0)));
        if (r != NULL)
            napi_set_named_property(env, err, "report", r);
    }
    return err;
}

/* strs: 0 the directory, 1 the metadata URL, 2 the targets URL, 3 the target, 4 the target directory */
static void tuf_run(job *j)
{
    ssr_tuf_updater *u = NULL;
    int mode = (int)j->threshold;
    if (mode == TUF_INIT) {
        j->status = ssr_tuf_init(j->strs[0], j->data[0], j->len[0], &j->report);
        return;
    }
    if (mode == SIGSTORE_REFRESH || mode == SIGSTORE_LOAD)
        j->status = ssr_sigstore_trust_updater(j->strs[0], j->kind, j->data[0], j->len[0], j->strs[1], j->strs[2],
                                               &u, &j->report);
    else
        j->status = ssr_tuf_updater_new(j->strs[0], j->strs[1], j->strs[2], &u);
    if (j->status == SSR_OK && j->now != INT64_MIN)
        j->status = ssr_tuf_updater_set_time(u, j->now);
    if (j->status == SSR_OK) {
        switch (mode) {
        case TUF_REFRESH:
            j->status = ssr_tuf_refresh(u, &j->report);
            break;
        case TUF_LOAD:
            j->status = ssr_tuf_load_cached(u, &j->report);
            break;
        case TUF_TARGET_INFO:
            j->status = ssr_tuf_target_info(u, j->strs[3], &j->text, NULL, &j->report);
            break;
        case TUF_DOWNLOAD:
            j->status = ssr_tuf_download(u, j->strs[3], j->strs[4], &j->text, &j->report);
            break;
        case SIGSTORE_REFRESH:
            j->status = ssr_sigstore_trust_refresh(u, &j->report);
            break;
        default:
            j->status = ssr_sigstore_trust_load(u, &j->loaded, (char **)&j->out, &j->out_len, &j->report);
            break;
        }
    }
    ssr_tuf_updater_free(u);
}

static napi_value tuf_done(napi_env env, job *j, napi_value *error)
{
    if (j->status != SSR_OK) {
        *error = tuf_error(env, j->status, j->report);
        return NULL;
    }
    napi_value v = NULL;
    if (j->threshold == SIGSTORE_LOAD) {
        napi_value root = handle_new(env, j->loaded, H_ROOT);
        if (root == NULL)
            return NULL;
        j->loaded = NULL; /* the handle owns it */
        napi_value keys = NULL;
        if (j->out != NULL)
            napi_create_buffer_copy(env, j->out_len, j->out, NULL, &keys);
        else
            napi_get_null(env, &keys);
        napi_create_array_with_length(env, 2, &v);
        napi_set_element(env, v, 0, root);
        napi_set_element(env, v, 1, keys);
        return v;
    }
    if (j->text != NULL)
        return str(env, j->text);
    napi_get_undefined(env, &v);
    return v;
}

/*
 * tuf(mode, dir, metadata URL | null, targets URL | null, now bigint | null, target | null,
 *     target dir | null, root Buffer | null, staging, async) -> undefined | text | [root, keys] | Promise
 */
static napi_value js_tuf(napi_env env, napi_callback_info info)
{
    int64_t mode = 0;
    bool staging = false, async = false, lossless = false;
    ARGS(10);
    TRY(napi_get_value_int64(env, argv[0], &mode));
    napi_get_value_bool(env, argv[8], &staging);
    napi_get_value_bool(env, argv[9], &async);
    job *j = job_new(env, tuf_run, tuf_done);
    if (j == NULL)
        return NULL;
    j->threshold = (size_t)mode;
    j->kind = staging ? SSR_TRUST_STAGING : SSR_TRUST_PUBLIC_GOOD;
    j->now = INT64_MIN;
    bool ok = true;
    const int positions[5] = {1, 2, 3, 5, 6};
    for (int i = 0; i < 5 && ok; i++) {
        napi_valuetype t = napi_undefined;
        napi_typeof(env, argv[positions[i]], &t);
        if (t == napi_string)
            ok = (j->strs[i] = string_arg(env, argv[positions[i]], NULL)) != NULL;
    }
    napi_valuetype t = napi_undefined;
    napi_typeof(env, argv[4], &t);
    if (ok && t == napi_bigint) {
        ok = napi_get_value_bigint_int64(env, argv[4], &j->now, &lossless) == napi_ok && lossless;
        if (!ok)
            napi_throw_range_error(env, NULL, "now is outside the range of a 64-bit time");
    }
    napi_typeof(env, argv[7], &t);
    if (ok && t == napi_object)
        ok = job_buffer(env, j, 0, argv[7], "the root must be a Buffer");
    if (ok && j->strs[0] == NULL) {
        throw_value(env, status_error(env, SSR_EINVAL, "a directory is needed"));
        ok = false;
    }
    if (!ok) {
        job_free(env, j);
        return NULL;
    }
    return job_finish(env, j, async);
}

/* jwks(Buffer) -> handle */
static napi_value js_jwks(napi_env env, napi_callback_info info)
{
    size_t len = 0;
    const void *data = NULL;
    ssr_jwks *jwks = NULL;
    ssr_report *report = NULL;
    ARGS(1);
    if (!buf_arg(env, argv[0], "jwks must be a Buffer", &data, &len))
        return NULL;
    int status = ssr_jwks_parse(data, len, &jwks, &report);
    napi_value error = status == SSR_OK ? NULL : error_of(env, status, report);
    ssr_report_free(report);
    return error ? throw_value(env, error) : handle_new(env, jwks, H_JWKS);
}

/* tpVerifyToken(policy Buffer, jwks handle, token Buffer, now bigint) -> {match, alg, kid, claims (JSON text)} */
static napi_value js_tp_verify_token(napi_env env, napi_callback_info info)
{
    size_t plen = 0, tlen = 0;
    const void *policy_data = NULL, *token = NULL;
    int64_t now = 0;
    bool lossless = false;
    ARGS(4);
    ssr_jwks *jwks = handle_get(env, argv[1], H_JWKS);
    if (jwks == NULL || !buf_arg(env, argv[0], "policy must be a Buffer", &policy_data, &plen) ||
        !buf_arg(env, argv[2], "token must be a Buffer", &token, &tlen))
        return NULL;
    TRY(napi_get_value_bigint_int64(env, argv[3], &now, &lossless));
    if (!lossless) {
        napi_throw_range_error(env, NULL, "now is outside the range of a 64-bit time");
        return NULL;
    }
    ssr_tp_policy *policy = NULL;
    ssr_tp_result *result = NULL;
    ssr_report *report = NULL;
    int status = ssr_tp_policy_parse(policy_data, plen, &policy, &report);
    if (status == SSR_OK) {
        ssr_report_free(report);
        report = NULL;
        status = ssr_tp_verify_token(policy, jwks, token, tlen, now, 0, &result, &report);
    }
    ssr_tp_policy_free(policy);
    /* a result either way: its match says which */
    napi_value error = status == SSR_OK || status == SSR_ENOMATCH ? NULL : error_of(env, status, report);
    ssr_report_free(report);
    if (error) {
        ssr_tp_result_free(result);
        return throw_value(env, error);
    }
    napi_value obj = NULL;
    if (napi_create_object(env, &obj) == napi_ok) {
        set(env, obj, "match", match_value(env, result));
        set(env, obj, "alg", str(env, ssr_tp_token_alg(result)));
        set(env, obj, "kid", str(env, ssr_tp_token_kid(result)));
        set(env, obj, "claims", str(env, ssr_tp_token_claims(result)));
    }
    ssr_tp_result_free(result);
    return obj;
}

/* ---- package URLs, the JWS layer, PAE, key verification ---------------------------------- */

/* purl(text or components JSON Buffer, mode 0 parse, 1 parse with repair, 2 build) -> [components JSON, canonical] */
static napi_value js_purl(napi_env env, napi_callback_info info)
{
    size_t len = 0, json_len = 0, canon_len = 0;
    const void *data = NULL;
    int32_t mode = 0;
    ARGS(2);
    TRY(napi_get_value_int32(env, argv[1], &mode));
    if (!buf_arg(env, argv[0], "the purl must be a Buffer", &data, &len))
        return NULL;
    ssr_purl *purl = NULL;
    ssr_report *report = NULL;
    int status = mode == 2 ? ssr_purl_build(data, len, &purl, &report)
                           : ssr_purl_parse(data, len, mode == 1 ? SSR_PURL_REPAIR : 0, &purl, &report);
    char *json = NULL, *canonical = NULL;
    if (status == SSR_OK)
        status = ssr_purl_to_json(purl, &json, &json_len);
    if (status == SSR_OK)
        status = ssr_purl_canonical(purl, &canonical, &canon_len);
    ssr_purl_free(purl);
    napi_value out = NULL;
    if (status == SSR_OK && napi_create_array_with_length(env, 2, &out) == napi_ok) {
        napi_set_element(env, out, 0, str_n(env, json, json_len));
        napi_set_element(env, out, 1, str_n(env, canonical, canon_len));
    }
    napi_value error = status == SSR_OK ? NULL : error_of(env, status, report);
    ssr_free(json);
    ssr_free(canonical);
    ssr_report_free(report);
    return out ? out : throw_value(env, error);
}

/* jwsVerify(jwks handle, token Buffer) -> payload Buffer */
static napi_value js_jws_verify(napi_env env, napi_callback_info info)
{
    size_t len = 0, payload_len = 0;
    const void *token = NULL;
    ARGS(2);
    ssr_jwks *jwks = handle_get(env, argv[0], H_JWKS);
    if (jwks == NULL || !buf_arg(env, argv[1], "token must be a Buffer", &token, &len))
        return NULL;
    unsigned char *payload = NULL;
    ssr_report *report = NULL;
    int status = ssr_jws_verify(jwks, token, len, 0, &payload, &payload_len, &report);
    return output_result(env, status, payload, payload_len, report, true);
}

/* tpDecodeToken(token Buffer) -> JSON text, NOT verified */
static napi_value js_tp_decode_token(napi_env env, napi_callback_info info)
{
    size_t len = 0, out_len = 0;
    const void *token = NULL;
    ARGS(1);
    if (!buf_arg(env, argv[0], "token must be a Buffer", &token, &len))
        return NULL;
    char *out = NULL;
    ssr_report *report = NULL;
    int status = ssr_tp_decode_token(token, len, &out, &out_len, &report); /* before text_result reads out and report */
    return text_result(env, status, out, out_len, report);
}

/* dssePae(type string, payload Buffer) -> Buffer */
static napi_value js_dsse_pae(napi_env env, napi_callback_info info)
{
    size_t len = 0, type_len = 0, out_len = 0;
    const void *payload = NULL;
    ARGS(2);
    char *type = string_arg(env, argv[0], &type_len);
    if (type == NULL || !buf_arg(env, argv[1], "payload must be a Buffer", &payload, &len)) {
        free(type);
        return NULL;
    }
    unsigned char *out = NULL;
    int status = ssr_dsse_pae(type, type_len, payload, len, &out, &out_len);
    free(type);
    napi_value v = status == SSR_OK ? buffer_copy(env, out, out_len) : NULL;
    ssr_free(out);
    return v ? v : throw_value(env, status_error(env, status, NULL));
}

/* publicVerify(key handle, message Buffer, signature Buffer) -> boolean */
static napi_value js_public_verify(napi_env env, napi_callback_info info)
{
    size_t msg_len = 0, sig_len = 0;
    const void *msg = NULL, *sig = NULL;
    ARGS(3);
    ssr_public_key *key = handle_get(env, argv[0], H_PUBLIC);
    if (key == NULL || !buf_arg(env, argv[1], "message must be a Buffer", &msg, &msg_len) ||
        !buf_arg(env, argv[2], "signature must be a Buffer", &sig, &sig_len))
        return NULL;
    int status = ssr_public_key_verify(key, msg, msg_len, sig, sig_len);
    if (status != SSR_OK && status != SSR_EVERIFY)
        return throw_value(env, status_error(env, status, NULL));
    return boolean(env, status == SSR_OK);
}

/* digestSize(alg id) -> number */
static napi_value js_digest_size(napi_env env, napi_callback_info info)
{
    int32_t alg = 0;
    ARGS(1);
    TRY(napi_get_value_int32(env, argv[0], &alg));
    return num(env, (double)ssr_digest_size(alg));
}

/* ---- module --------------------------------------------------------------------- */

static napi_value module_init(napi_env env, napi_value exports)
{
    static const struct {
        const char *name;
        napi_callback fn;
    } fns[] = {
        {"init", js_init},
        {"version", js_version},
        {"strerror", js_strerror},
        {"kindFromName", js_kind_from_name},
        {"digestFromName", js_digest_from_name},
        {"limitMax", js_limit_max},
        {"validate", js_validate},
        {"write", js_write},
        {"digest", js_digest},
        {"digestFile", js_digest_file},
        {"close", js_close},
        {"openHandles", js_open_handles},
        {"hasherNew", js_hasher_new},
        {"hasherUpdate", js_hasher_update},
        {"hasherFinal", js_hasher_final},
        {"secretGenerate", js_secret_generate},
        {"secretParse", js_secret_parse},
        {"secretRead", js_secret_read},
        {"secretWrite", js_secret_write},
        {"secretPem", js_secret_pem},
        {"secretPublic", js_secret_public},
        {"publicParse", js_public_parse},
        {"publicPem", js_public_pem},
        {"publicId", js_public_id},
        {"dsseSign", js_dsse_sign},
        {"dsseAddSignature", js_dsse_add_signature},
        {"dsseVerify", js_dsse_verify},
        {"matchSubject", js_match_subject},
        {"tpMatch", js_tp_match},
        {"tpExplain", js_tp_explain},
        {"profileLevels", js_profile_levels},
        {"renderPanel", js_render_panel},
        {"renderProfiles", js_render_profiles},
        {"schema", js_schema},
        {"trustRoot", js_trust_root},
        {"policyIdentity", js_policy_identity},
        {"policyKey", js_policy_key},
        {"policyDocument", js_policy_document},
        {"policyRequire", js_policy_require},
        {"policyCheck", js_policy_check},
        {"verify", js_verify},
        {"jwks", js_jwks},
        {"tuf", js_tuf},
        {"tpVerifyToken", js_tp_verify_token},
        {"purl", js_purl},
        {"jwsVerify", js_jws_verify},
        {"tpDecodeToken", js_tp_decode_token},
        {"dssePae", js_dsse_pae},
        {"publicVerify", js_public_verify},
        {"digestSize", js_digest_size},
    };
    for (size_t i = 0; i < sizeof fns / sizeof fns[0]; i++) {
        napi_value f = NULL;
        if (napi_create_function(env, fns[i].name, NAPI_AUTO_LENGTH, fns[i].fn, NULL, &f) != napi_ok ||
            napi_set_named_property(env, exports, fns[i].name, f) != napi_ok)
            return NULL;
    }
    return exports;
}

NAPI_MODULE_INIT()
{
    return module_init(env, exports);
}
