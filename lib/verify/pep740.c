/*
 * PEP 740: an attestation (or every attestation of a provenance object,
 * or a Sigstore bundle taken as one) verified as a bundle, then its
 * statement against the distribution: exactly one subject, whose name is
 * the distribution's file name compared as PyPI compares them (the
 * project name normalized, the version as a PEP 440 version, a wheel's
 * compressed tag sets as sets) and whose sha256 is the file's; the
 * predicate PyPI's publish attestation or SLSA provenance v1.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <openssl/pem.h>

#include "kinds/kinds.h"
#include "schema/schema.h"
#include "verify.h"
#include "x509.h"

/* ---- distribution file names ------------------------------------------------------ */

#define MAX_SEGMENTS 16
#define MAX_TAGS 64

/* A PEP 440 version, parsed to what its comparisons use. */
typedef struct pep440 {
    unsigned long long epoch, release[MAX_SEGMENTS];
    size_t release_count; /* trailing zeros dropped */
    int pre_kind;         /* 0 none, 1 a, 2 b, 3 rc */
    unsigned long long pre, post, dev;
    bool has_post, has_dev;
    char local[128]; /* normalized: lowercase, separators '.' */
} pep440;

static bool number(const char **p, unsigned long long *out)
{
    if (!isdigit((unsigned char)**p))
        return false;
    unsigned long long v = 0;
    while (isdigit((unsigned char)**p)) {
        unsigned d = (unsigned)(**p - '0');
        if (v > (~0ULL - d) / 10)
            return false;
        v = v * 10 + d;
        (*p)++;
    }
    *out = v;
    return true;
}

static bool word(const char **p, const char *w)
{
    size_t n = strlen(w);
    if (strncasecmp(*p, w, n) != 0)
        return false;
    *p += n;
    return true;
}

static void separator(const char **p)
{
    if (**p == '.' || **p == '-' || **p == '_')
        (*p)++;
}

/* An optional separator, then one of the words, then an optional separator and number (0 when absent). */
static bool tagged(const char **p, const char *const *words, int *which, unsigned long long *n)
{
    const char *start = *p;
    separator(p);
    for (int i = 0; words[i] != NULL; i++) {
        if (word(p, words[i])) {
            *which = i;
            const char *before = *p;
            separator(p);
            if (!number(p, n)) {
                *p = before;
                *n = 0;
            }
            return true;
        }
    }
    *p = start;
    return false;
}

/* PEP 440's parsing and normalization (the "packaging" reading), the whole string; false when it is not a version. */
static bool parse_version(const char *s, pep440 *v)
{
    *v = (pep440){0};
    const char *p = s;
    if (*p == 'v' || *p == 'V')
        p++;
    unsigned long long n;
    if (!number(&p, &n))
        return false;
    if (*p == '!') {
        v->epoch = n;
        p++;
        if (!number(&p, &n))
            return false;
    }
    v->release[v->release_count++] = n;
    while (*p == '.' && isdigit((unsigned char)p[1])) {
        p++;
        if (v->release_count == MAX_SEGMENTS || !number(&p, &n))
            return false;
        v->release[v->release_count++] = n;
    }
    while (v->release_count > 1 && v->release[v->release_count - 1] == 0)
        v->release_count--;
    static const char *const pre_words[] = {"alpha", "beta", "preview", "pre", "rc", "a", "b", "c", NULL};
    static const int pre_kinds[] = {1, 2, 3, 3, 3, 1, 2, 3};
    int which;
    if (tagged(&p, pre_words, &which, &v->pre))
        v->pre_kind = pre_kinds[which];
    static const char *const post_words[] = {"post", "rev", "r", NULL};
    if (*p == '-' && isdigit((unsigned char)p[1])) {
        p++;
        number(&p, &v->post);
        v->has_post = true;
    } else if (tagged(&p, post_words, &which, &v->post)) {
        v->has_post = true;
    }
    static const char *const dev_words[] = {"dev", NULL};
    if (tagged(&p, dev_words, &which, &v->dev))
        v->has_dev = true;
    if (*p == '+') {
        p++;
        size_t i = 0;
        if (!isalnum((unsigned char)*p))
            return false;
        for (; *p != '\0'; p++) {
            char c = *p == '-' || *p == '_' ? '.' : (char)tolower((unsigned char)*p);
            if (!isalnum((unsigned char)c) && c != '.')
                return false;
            if (c == '.' && (i == 0 || v->local[i - 1] == '.' || p[1] == '\0'))
                return false;
            if (i + 1 >= sizeof v->local)
                return false;
            v->local[i++] = c;
        }
        v->local[i] = '\0';
    }
    return *p == '\0';
}

/* Local segments compare as numbers when both are numbers ("01" equals "1"), else as strings. */
static bool local_equal(const char *a, const char *b)
{
    while (*a != '\0' || *b != '\0') {
        size_t na = strcspn(a, "."), nb = strcspn(b, ".");
        bool da = na > 0 && strspn(a, "0123456789") >= na, db = nb > 0 && strspn(b, "0123456789") >= nb;
        if (da && db) {
            while (na > 1 && *a == '0')
                a++, na--;
            while (nb > 1 && *b == '0')
                b++, nb--;
        }
        if (na != nb || memcmp(a, b, na) != 0)
            return false;
        a += na + (a[na] == '.');
        b += nb + (b[nb] == '.');
    }
    return true;
}

static bool version_equal(const pep440 *a, const pep440 *b)
{
    return a->epoch == b->epoch && a->release_count == b->release_count &&
           memcmp(a->release, b->release, a->release_count * sizeof a->release[0]) == 0 &&
           a->pre_kind == b->pre_kind && a->pre == b->pre && a->has_post == b->has_post && a->post == b->post &&
           a->has_dev == b->has_dev && a->dev == b->dev && local_equal(a->local, b->local);
}

/* A project name normalized (PEP 503): lowercase, each run of - _ . one '-'; false when it is not a valid name. */
static bool normalize_name(const char *s, size_t n, char *out, size_t size)
{
    if (n == 0 || n >= size || !isalnum((unsigned char)s[0]) || !isalnum((unsigned char)s[n - 1]))
        return false;
    size_t j = 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c == '-' || c == '_' || c == '.') {
            if (out[j - 1] != '-')
                out[j++] = '-';
        } else if (isalnum((unsigned char)c)) {
            out[j++] = (char)tolower((unsigned char)c);
        } else {
            return false;
        }
    }
    out[j] = '\0';
    return true;
}

typedef struct dist {
    char name[256];
    pep440 version;
    bool wheel;
    unsigned long long build_number;
    char build[64];
    char tags[MAX_TAGS][128]; /* "py-abi-platform", lowercase, sorted */
    size_t tag_count;
} dist;

static int compare_tags(const void *a, const void *b)
{
    return strcmp(a, b);
}

/* Splits s[0..n) on '.' into at most max parts, each copied lowercase into parts; the count, or 0. */
static size_t split_dots(const char *s, size_t n, char parts[][40], size_t max)
{
    size_t count = 0, start = 0;
    for (size_t i = 0; i <= n; i++) {
        if (i == n || s[i] == '.') {
            size_t len = i - start;
            if (len == 0 || len >= 40 || count == max)
                return 0;
            for (size_t k = 0; k < len; k++)
                parts[count][k] = (char)tolower((unsigned char)s[start + k]);
            parts[count][len] = '\0';
            count++;
            start = i + 1;
        }
    }
    return count;
}

/* Parses an sdist (NAME-VERSION.tar.gz or .zip) or a wheel (NAME-VERSION[-BUILD]-PY-ABI-PLAT.whl) file name. */
static bool parse_dist(const char *filename, dist *d)
{
    memset(d, 0, sizeof *d);
    size_t n = strlen(filename);
    if (strchr(filename, '/') != NULL || strchr(filename, '\\') != NULL)
        return false;
    char version[128];
    if (n > 4 && strcmp(filename + n - 4, ".whl") == 0) {
        d->wheel = true;
        const char *parts[6];
        size_t lens[6], count = 0, start = 0, stem = n - 4;
        for (size_t i = 0; i <= stem; i++) {
            if (i == stem || filename[i] == '-') {
                if (count == 6)
                    return false;
                parts[count] = filename + start;
                lens[count++] = i - start;
                start = i + 1;
            }
        }
        if (count != 5 && count != 6)
            return false;
        if (!normalize_name(parts[0], lens[0], d->name, sizeof d->name) || lens[1] >= sizeof version)
            return false;
        /* a wheel's name has its '-' escaped as '_': any other '-' split it */
        memcpy(version, parts[1], lens[1]);
        version[lens[1]] = '\0';
        if (count == 6) {
            const char *b = parts[2];
            const char *digits_end = b;
            if (lens[2] == 0 || lens[2] >= sizeof d->build || !isdigit((unsigned char)*b))
                return false;
            while (digits_end < b + lens[2] && isdigit((unsigned char)*digits_end))
                digits_end++;
            d->build_number = strtoull(b, NULL, 10);
            memcpy(d->build, digits_end, (size_t)(b + lens[2] - digits_end));
        }
        char py[MAX_TAGS][40], abi[MAX_TAGS][40], plat[MAX_TAGS][40];
        size_t base = count - 3;
        size_t np = split_dots(parts[base], lens[base], py, MAX_TAGS),
               na = split_dots(parts[base + 1], lens[base + 1], abi, MAX_TAGS),
               nl = split_dots(parts[base + 2], lens[base + 2], plat, MAX_TAGS);
        if (np == 0 || na == 0 || nl == 0 || np * na * nl > MAX_TAGS)
            return false;
        for (size_t i = 0; i < np; i++)
            for (size_t j = 0; j < na; j++)
                for (size_t k = 0; k < nl; k++)
                    snprintf(d->tags[d->tag_count++], sizeof d->tags[0], "%.39s-%.39s-%.39s", py[i], abi[j], plat[k]);
        qsort(d->tags, d->tag_count, sizeof d->tags[0], compare_tags);
        /* a set: duplicates collapse */
        size_t w = 0;
        for (size_t i = 0; i < d->tag_count; i++)
            if (w == 0 || strcmp(d->tags[w - 1], d->tags[i]) != 0)
                memmove(d->tags[w++], d->tags[i], sizeof d->tags[0]);
        d->tag_count = w;
    } else {
        size_t stem = n > 7 && strcmp(filename + n - 7, ".tar.gz") == 0 ? n - 7
                      : n > 4 && strcmp(filename + n - 4, ".zip") == 0  ? n - 4
                                                                         : 0;
        if (stem == 0)
            return false;
        const char *dash = NULL;
        for (const char *p = filename; p < filename + stem; p++)
            if (*p == '-')
                dash = p;
        if (dash == NULL || (size_t)(filename + stem - dash - 1) >= sizeof version)
            return false;
        if (!normalize_name(filename, (size_t)(dash - filename), d->name, sizeof d->name))
            return false;
        memcpy(version, dash + 1, (size_t)(filename + stem - dash - 1));
        version[filename + stem - dash - 1] = '\0';
    }
    return parse_version(version, &d->version);
}

static bool dist_equal(const dist *a, const dist *b)
{
    if (strcmp(a->name, b->name) != 0 || !version_equal(&a->version, &b->version) || a->wheel != b->wheel)
        return false;
    if (!a->wheel)
        return true;
    if (a->build_number != b->build_number || strcmp(a->build, b->build) != 0 || a->tag_count != b->tag_count)
        return false;
    for (size_t i = 0; i < a->tag_count; i++)
        if (strcmp(a->tags[i], b->tags[i]) != 0)
            return false;
    return true;
}

int ssri_dist_filename_check(const char *filename)
{
    dist *d = ssri_malloc(sizeof *d);
    if (d == NULL)
        return SSR_ENOMEM;
    bool ok = parse_dist(filename, d);
    ssri_free(d);
    return ok ? SSR_OK : SSR_EINVAL;
}

/* ---- the statement against the distribution ------------------------------------------------ */

static int check_statement(const ssri_vctx *ctx, const ssri_evidence *ev, const char *filename,
                           const ssr_artifact *artifact)
{
    ssr_doc *doc = NULL;
    int status = ssri_statement_parse(ctx, ev, &doc);
    if (status != SSR_OK)
        return status;
    const cJSON *subjects = ssri_get(doc->root, "subject");
    const char *name = ssri_get_string(subjects->child, "name");
    const char *sha256 = ssri_get_string(ssri_get(subjects->child, "digest"), "sha256");
    const char *type = ssri_get_string(doc->root, "predicateType");
    const char *want = ssri_artifact_hex(artifact, "sha256");
    dist *a = ssri_malloc(sizeof *a), *b = ssri_malloc(sizeof *b);
    if (a == NULL || b == NULL) {
        status = SSR_ENOMEM;
    } else if (cJSON_GetArraySize(subjects) != 1) {
        status = ssri_verify_fail(ctx, "pep740.subject", ev->payload_pointer, ev->payload_node,
                                  "Expected exactly one subject in the statement, found %d.",
                                  cJSON_GetArraySize(subjects));
    } else if (name == NULL || !parse_dist(name, a)) {
        status = ssri_verify_fail(ctx, "pep740.subject-name", ev->payload_pointer, ev->payload_node,
                                  "Expected the subject's name to be a distribution file name, found %s%.120s%s.",
                                  name ? "\"" : "", name ? name : "none", name ? "\"" : "");
    } else if (!parse_dist(filename, b) || !dist_equal(a, b)) {
        status = ssri_verify_fail(ctx, "pep740.subject-name", ev->payload_pointer, ev->payload_node,
                                  "Expected the subject to name the distribution \"%.120s\", found \"%.120s\".",
                                  filename, name);
    } else if (sha256 == NULL || want == NULL || strcmp(sha256, want) != 0) {
        status = ssri_verify_fail(ctx, "pep740.subject-digest", ev->payload_pointer, ev->payload_node,
                                  "Expected the subject's sha256 to be the distribution's, %.64s, found %s%.64s%s.",
                                  want != NULL ? want : "(unknown)", sha256 ? "" : "none", sha256 ? sha256 : "",
                                  "");
    } else if (type == NULL || (strcmp(type, "https://docs.pypi.org/attestations/publish/v1") != 0 &&
                                strcmp(type, "https://slsa.dev/provenance/v1") != 0)) {
        status = ssri_verify_fail(ctx, "pep740.predicate-type", ev->payload_pointer, ev->payload_node,
                                  "Expected the predicate type https://docs.pypi.org/attestations/publish/v1 or "
                                  "https://slsa.dev/provenance/v1, found %s%.120s%s.",
                                  type ? "\"" : "", type ? type : "none", type ? "\"" : "");
    }
    ssri_free(a);
    ssri_free(b);
    ssr_doc_free(doc);
    return status;
}

static int verify_one(const ssri_vctx *ctx, const ssr_trust_root *root, const ssr_verify_policy *policy,
                      const cJSON *node, bool pep740, const char *filename, const ssr_artifact *artifact,
                      ssr_verify_result *res)
{
    ssri_verified *item = ssri_result_add(res);
    if (item == NULL)
        return SSR_ENOMEM;
    ssri_evidence ev;
    int status = ssri_evidence_read(ctx, node, pep740, &ev);
    if (status == SSR_OK && !ev.dsse)
        status = ssri_verify_fail(ctx, "pep740.content", "/messageSignature", ssri_get(node, "messageSignature"),
                                  "Expected a DSSE envelope holding an in-toto statement, found a message signature.");
    if (status == SSR_OK)
        status = ssri_verify_evidence(ctx, root, policy, &ev, artifact, item);
    if (status == SSR_OK)
        status = check_statement(ctx, &ev, filename, artifact);
    ssri_evidence_release(&ev);
    return status;
}

/* Which form the input is: a provenance object, an attestation or a bundle, by its members. */
static int form_of(const void *data, size_t len)
{
    ssr_doc *doc = NULL;
    int kind = SSR_KIND_PEP740_ATTESTATION;
    if (ssr_doc_parse(data, len, NULL, &doc, NULL) == SSR_ENOMEM)
        return SSR_ENOMEM;
    const cJSON *root = doc != NULL ? doc->root : NULL;
    if (ssri_get(root, "attestation_bundles") != NULL)
        kind = SSR_KIND_PEP740_PROVENANCE;
    else if (ssri_get(root, "mediaType") != NULL)
        kind = SSR_KIND_SIGSTORE_BUNDLE;
    ssr_doc_free(doc);
    return kind;
}

int ssr_verify_pep740(const ssr_trust_root *root, const ssr_verify_policy *policy, const void *data, size_t len,
                      const void *filename, size_t filename_len, const ssr_artifact *artifact,
                      const ssr_verify_options *options, ssr_verify_result **result, ssr_report **report)
{
    SSRI_OPENSSL_QUIET;
    SSRI_RESET(result);
    SSRI_RESET(report);
    if (root == NULL || !ssri_policy_usable(policy) || (data == NULL && len > 0) || filename == NULL ||
        filename_len == 0 || filename_len > 255 || memchr(filename, '\0', filename_len) != NULL || artifact == NULL ||
        result == NULL)
        return SSR_EINVAL;
    ssr_verify_options opts;
    ssri_options_resolve(options, &opts);
    char name[256];
    memcpy(name, filename, filename_len);
    name[filename_len] = '\0';
    int status = ssri_dist_filename_check(name);
    if (status != SSR_OK)
        return status;
    int kind = form_of(data, len);
    if (kind < 0)
        return kind;
    ssr_doc *doc = NULL;
    ssr_report *r = NULL;
    status = ssri_verify_input(data, len, kind, &doc, &r, report);
    if (status != SSR_OK)
        return status;
    ssr_verify_result *res = ssri_result_new();
    if (res == NULL) {
        ssr_doc_free(doc);
        return ssri_verify_finish(SSR_ENOMEM, r, report, res, result);
    }
    ssri_vctx ctx = {.report = r, .src = data, .len = len, .base = "", .options = &opts};
    if (kind != SSR_KIND_PEP740_PROVENANCE) {
        status = verify_one(&ctx, root, policy, doc->root, kind == SSR_KIND_PEP740_ATTESTATION, name, artifact, res);
    } else {
        size_t i = 0, total = 0;
        const cJSON *bundles = ssri_get(doc->root, "attestation_bundles");
        for (const cJSON *b = bundles->child; b != NULL; b = b->next)
            total += (size_t)cJSON_GetArraySize(ssri_get(b, "attestations"));
        if (total > SSRI_MAX_ATTESTATIONS)
            status = ssri_verify_fail(&ctx, "limit.attestations", "/attestation_bundles", bundles,
                                      "Expected at most %d attestations, found %zu.", SSRI_MAX_ATTESTATIONS, total);
        for (const cJSON *b = bundles->child; b != NULL && status == SSR_OK; b = b->next, i++) {
            size_t j = 0;
            for (const cJSON *a = ssri_get(b, "attestations")->child; a != NULL && status == SSR_OK;
                 a = a->next, j++) {
                char base[96];
                snprintf(base, sizeof base, "/attestation_bundles/%zu/attestations/%zu", i, j);
                ctx.base = base;
                status = verify_one(&ctx, root, policy, a, true, name, artifact, res);
            }
        }
    }
    ssr_doc_free(doc);
    return ssri_verify_finish(status, r, report, res, result);
}

/* ---- a certificate alone against a policy ---------------------------------------------------- */

int ssr_verify_policy_check(const ssr_verify_policy *policy, const void *certificate, size_t len,
                            ssr_verify_result **result, ssr_report **report)
{
    SSRI_OPENSSL_QUIET;
    SSRI_RESET(result);
    SSRI_RESET(report);
    if (!ssri_policy_usable(policy) || policy->type == SSRI_POLICY_KEY || (certificate == NULL && len > 0) ||
        result == NULL || len > SSRI_MAX_CERTIFICATE * 2)
        return SSR_EINVAL;
    X509 *cert = NULL;
    BIO *bio = BIO_new_mem_buf(certificate, (int)len);
    if (bio != NULL)
        cert = PEM_read_bio_X509(bio, NULL, NULL, NULL);
    BIO_free(bio);
    if (cert == NULL)
        cert = ssri_x509_parse(certificate, len);
    ssr_report *r = ssri_report_new(SSR_KIND_JSON);
    ssr_verify_result *res = ssri_result_new();
    ssri_verified *v = res != NULL ? ssri_result_add(res) : NULL;
    ssr_verify_options opts;
    ssri_options_resolve(NULL, &opts); /* no time is checked: a certificate alone, against the policy */
    ssri_vctx ctx = {.report = r, .src = certificate, .len = len, .base = "", .options = &opts};
    int status = r == NULL || v == NULL ? SSR_ENOMEM : SSR_OK;
    ssri_evidence ev = {.leaf = cert, .leaf_pointer = ""};
    if (status == SSR_OK && cert == NULL) {
        status = ssri_verify_fail(&ctx, "certificate.der", "", NULL,
                                  "Expected a certificate, PEM or DER X.509, found bytes that are neither.");
    } else if (status == SSR_OK) {
        status = ssri_certificate_claims(&ctx, &ev, v);
        if (status == SSR_OK)
            status = ssri_policy_check(&ctx, policy, &ev, v);
    }
    X509_free(cert);
    return ssri_verify_finish(status, r, report, res, result);
}
