/*
 * The hand-checked leaf agrees with OpenSSL. A trusted root's chain is
 * verified once; each leaf is then checked by its own link (issued by the
 * chain's first certificate, its signature, the windows): the fast path of
 * ssri_chain_verify_at(). Beside it, for the same authority, leaf and time,
 * OpenSSL's whole path validation (X509_verify_cert) must give the same
 * verdict. Run over every signing certificate of the shared Sigstore
 * corpora against every authority of every trusted root there, at times in
 * and around each leaf's validity, and over mutations made with the tests'
 * own PKI: windows, issuers, CA flags, path lengths, name constraints,
 * critical extensions, chains with stale certificates.
 */
#include <dirent.h>
#include <sys/stat.h>

#include <cjson/cJSON.h>
#include <openssl/x509v3.h>
#include <sodium.h>

#include "pki.h"
#include "support.h"
#include "verify/verify.h"
#include "verify/x509.h"

typedef struct tally {
    size_t pairs, agree_ok, agree_refused;
} tally;

/* Compares the two paths for one authority, leaf and time; fails the test on a disagreement. */
static void compare(tally *t, const ssri_authority *a, X509 *leaf, ssri_time at, const char *what)
{
    unsigned char fast_issuer[32], full_issuer[32];
    unsigned char *der = NULL;
    int der_len = i2d_X509(leaf, &der);
    assert_true(der_len > 0);
    int fast = ssri_chain_verify_at(a, leaf, der, (size_t)der_len, &at, 1, fast_issuer);
    ssri_authority whole = *a;
    whole.chain_ok = false; /* OpenSSL's X509_verify_cert at `at`, the window checked as on the fast path */
    int full = ssri_chain_verify_at(&whole, leaf, der, (size_t)der_len, &at, 1, full_issuer);
    /* the leaf as a verification reads it (its key not decoded, its context SHA-1 alone): the same verdict */
    X509 *read = ssri_x509_parse_leaf(der, (size_t)der_len);
    assert_non_null(read);
    unsigned char read_issuer[32];
    int as_read = ssri_chain_verify_at(a, read, der, (size_t)der_len, &at, 1, read_issuer);
    X509_free(read);
    OPENSSL_free(der);
    if (as_read != fast)
        fail_msg("%s at %lld: the leaf read without its key decoded gets %d, parsed whole %d", what,
                 (long long)at.sec, as_read, fast);
    if (as_read == SSR_OK && memcmp(read_issuer, fast_issuer, 32) != 0)
        fail_msg("%s at %lld: the leaf read without its key decoded names another issuer", what, (long long)at.sec);
    if (fast != full)
        fail_msg("%s at %lld: the fast path says %d, X509_verify_cert %d (chain_ok %d)", what, (long long)at.sec, fast,
                 full, a->chain_ok);
    if (fast == SSR_OK && memcmp(fast_issuer, full_issuer, 32) != 0)
        fail_msg("%s at %lld: the two paths name different issuers", what, (long long)at.sec);
    t->pairs++;
    *(fast == SSR_OK ? &t->agree_ok : &t->agree_refused) += 1;
}

/* Every time worth asking about for a leaf: its window's edges and middle, and just outside it. */
static void compare_times(tally *t, const ssri_authority *a, X509 *leaf, const char *what)
{
    ssri_time nb, na;
    ssri_x509_validity(leaf, &nb, &na);
    int64_t times[] = {nb.sec - 1, nb.sec, nb.sec + (na.sec - nb.sec) / 2, na.sec, na.sec + 1};
    for (size_t i = 0; i < sizeof times / sizeof times[0]; i++)
        compare(t, a, leaf, (ssri_time){.sec = times[i]}, what);
}

/* ---- the corpora ------------------------------------------------------------------------- */

typedef struct leaves {
    X509 **items;
    size_t count, cap;
    unsigned char (*ids)[32];
} leaves;

static void add_leaf(leaves *l, const unsigned char *der, size_t len)
{
    X509 *cert = ssri_x509_parse(der, len);
    if (cert == NULL)
        return;
    X509_check_purpose(cert, -1, 0);
    unsigned char id[32];
    crypto_hash_sha256(id, der, len);
    bool seen = (X509_get_extension_flags(cert) & EXFLAG_CA) != 0; /* leaves only */
    for (size_t i = 0; i < l->count && !seen; i++)
        seen = memcmp(l->ids[i], id, 32) == 0;
    if (seen) {
        X509_free(cert);
        return;
    }
    if (l->count == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 64;
        l->items = realloc(l->items, l->cap * sizeof *l->items);
        l->ids = realloc(l->ids, l->cap * sizeof *l->ids);
        assert_non_null(l->items);
        assert_non_null(l->ids);
    }
    memcpy(l->ids[l->count], id, 32);
    l->items[l->count++] = cert;
}

/* Every base64 string of a certificate member anywhere in the document (bundles, attestations, provenance). */
static void collect(leaves *l, const cJSON *node)
{
    for (const cJSON *c = node != NULL ? node->child : NULL; c != NULL; c = c->next) {
        if (cJSON_IsString(c) && c->string != NULL &&
            (strcmp(c->string, "rawBytes") == 0 || strcmp(c->string, "certificate") == 0)) {
            size_t n = strlen(c->valuestring), len = 0;
            unsigned char *der = malloc(n + 1);
            assert_non_null(der);
            if (sodium_base642bin(der, n + 1, c->valuestring, n, NULL, &len, NULL, sodium_base64_VARIANT_ORIGINAL) == 0)
                add_leaf(l, der, len);
            free(der);
        }
        collect(l, c);
    }
}

typedef struct roots {
    ssr_trust_root *items[128];
    size_t count;
} roots;

static void walk(const char *dir, leaves *l, roots *r)
{
    DIR *d = opendir(dir);
    if (d == NULL)
        return;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        struct stat st;
        if (stat(path, &st) != 0)
            continue;
        if (S_ISDIR(st.st_mode)) {
            walk(path, l, r);
            continue;
        }
        size_t len = 0;
        char *text = read_file(path, &len);
        cJSON *json = cJSON_ParseWithLength(text, len);
        if (json != NULL && strstr(e->d_name, "trusted_root") != NULL && r->count < 128) {
            ssr_trust_root *root = NULL;
            if (ssr_trust_root_parse(text, len, &root, NULL) == SSR_OK)
                r->items[r->count++] = root;
        } else if (json != NULL) {
            collect(l, json);
        }
        cJSON_Delete(json);
        free(text);
    }
    closedir(d);
}

static void corpus_leaves_agree(void **state)
{
    (void)state;
    const char *sigstore = corpus_dir("sigstore");
    if (sigstore == NULL)
        skip();
    leaves l = {0};
    roots r = {0};
    walk(sigstore, &l, &r);
    for (int instance = SSR_TRUST_PUBLIC_GOOD; instance <= SSR_TRUST_STAGING; instance++)
        assert_int_equal(ssr_trust_root_load(instance, &r.items[r.count++]), SSR_OK);
    tally t = {0};
    for (size_t i = 0; i < l.count; i++)
        for (size_t k = 0; k < r.count; k++)
            for (size_t a = 0; a < r.items[k]->ca_count; a++)
                compare_times(&t, &r.items[k]->cas[a], l.items[i], "a corpus leaf");
    printf("chain differential, corpora: %zu leaves, %zu roots, %zu comparisons: %zu verified by both, %zu refused "
           "by both, 0 disagreements\n",
           l.count, r.count, t.pairs, t.agree_ok, t.agree_refused);
    assert_true(l.count >= 20);
    assert_true(t.agree_ok > 0);
    for (size_t i = 0; i < l.count; i++)
        X509_free(l.items[i]);
    for (size_t k = 0; k < r.count; k++)
        ssr_trust_root_free(r.items[k]);
    free(l.items);
    free(l.ids);
}

/* ---- mutations -------------------------------------------------------------------------------- */

static ssr_trust_root *root_with(pki *p, X509 **chain, int n, const char *end)
{
    char *json = pki_trusted_root(p, &(pki_root_opts){.chain = chain, .chain_len = n, .ca_end = end});
    ssr_trust_root *root = NULL;
    assert_int_equal(ssr_trust_root_parse(json, strlen(json), &root, NULL), SSR_OK);
    free(json);
    return root;
}

static void mutations_agree(void **state)
{
    (void)state;
    pki *p = pki_new();
    const int64_t y2020 = 1577836800, y2035 = 2051222400, y2010 = 1262304000, y2015 = 1420070400;
    EVP_PKEY *other_key = pki_key("P-384");
    /* chains: the usual, an intermediate anchor, stale cross-certificates, path lengths, name constraints, a non-CA */
    X509 *stale = pki_ca_cert("test intermediate", p->ca_key, p->root, p->root_key, y2010, y2015, 0, NULL);
    X509 *root0 = pki_ca_cert("root pathlen 0", p->root_key, NULL, NULL, y2020, y2035, 0, NULL);
    X509 *ca_under0 = pki_ca_cert("test intermediate", p->ca_key, root0, p->root_key, y2020, y2035, -1, NULL);
    X509 *narrow = pki_ca_cert("test intermediate", p->ca_key, p->root, p->root_key, y2020, y2035, 0,
                               "critical,permitted;URI:.example.org");
    X509 *not_ca = pki_ca_cert("test intermediate", p->ca_key, p->root, p->root_key, y2020, y2035, PKI_NOT_CA, NULL);
    X509 *short_ca = pki_ca_cert("test intermediate", p->ca_key, p->root, p->root_key, y2020, 1780000000, 0, NULL);
    X509 *other_ca = pki_ca_cert("another intermediate", other_key, p->root, p->root_key, y2020, y2035, 0, NULL);
    struct {
        X509 *chain[3];
        int n;
        const char *end;
    } chains[] = {
        {{p->ca, p->root}, 2, NULL},          {{p->ca}, 1, NULL},
        {{p->ca, stale, p->root}, 3, NULL},   {{p->ca, p->root}, 2, "2021-01-01T00:00:00Z"},
        {{ca_under0, root0}, 2, NULL},        {{narrow, p->root}, 2, NULL},
        {{not_ca, p->root}, 2, NULL},         {{short_ca, p->root}, 2, NULL},
        {{other_ca, p->root}, 2, NULL},       {{p->root}, 1, NULL},
    };
    /* leaves: the usual, shifted windows, a CA leaf, other SANs, signed by each of the intermediates' keys */
    const pki_leaf_opts leaf_opts[] = {
        {0},
        {.not_before = PKI_T0 - 86400 * 365, .not_after = PKI_T0 - 86400 * 364},
        {.not_before = PKI_T0 + 86400, .not_after = PKI_T0 + 86400 * 2},
        {.is_ca = true},
        {.san = "https://example.org/x", .san_type = PKI_SAN_URI},
        {.san = "alice@example.com", .san_type = PKI_SAN_EMAIL},
        {.no_key_usage = true, .no_eku = true},
        {.no_sct = true},
        {.signer = NULL, .signer_key = NULL, .not_before = 1262304000, .not_after = 1420070400},
    };
    X509 *signers[] = {p->ca, other_ca, p->root};
    EVP_PKEY *signer_keys[] = {p->ca_key, other_key, p->root_key};
    tally t = {0};
    for (size_t c = 0; c < sizeof chains / sizeof chains[0]; c++) {
        ssr_trust_root *root = root_with(p, chains[c].chain, chains[c].n, chains[c].end);
        for (size_t s = 0; s < 3; s++) {
            for (size_t i = 0; i < sizeof leaf_opts / sizeof leaf_opts[0]; i++) {
                pki_leaf_opts o = leaf_opts[i];
                o.signer = signers[s];
                o.signer_key = signer_keys[s];
                EVP_PKEY *key = NULL;
                X509 *leaf = pki_leaf(p, &o, &key);
                X509_check_purpose(leaf, -1, 0);
                char what[64];
                snprintf(what, sizeof what, "chain %zu, signer %zu, leaf %zu", c, s, i);
                compare_times(&t, &root->cas[0], leaf, what);
                X509_free(leaf);
                EVP_PKEY_free(key);
            }
        }
        ssr_trust_root_free(root);
    }
    /* a leaf with an unknown critical extension */
    ssr_trust_root *root = root_with(p, (X509 *[]){p->ca, p->root}, 2, NULL);
    EVP_PKEY *key = NULL;
    X509 *leaf = pki_leaf(p, NULL, &key);
    ASN1_OBJECT *obj = OBJ_txt2obj("1.3.6.1.4.1.99999.7", 1);
    ASN1_OCTET_STRING *data = ASN1_OCTET_STRING_new();
    assert_int_equal(ASN1_OCTET_STRING_set(data, (const unsigned char *)"\x05\x00", 2), 1);
    X509_EXTENSION *ext = X509_EXTENSION_create_by_OBJ(NULL, obj, 1, data);
    assert_int_equal(X509_add_ext(leaf, ext, -1), 1);
    assert_true(X509_sign(leaf, p->ca_key, EVP_sha384()) > 0);
    X509_check_purpose(leaf, -1, 0);
    compare_times(&t, &root->cas[0], leaf, "a leaf with an unknown critical extension");
    X509_EXTENSION_free(ext);
    ASN1_OCTET_STRING_free(data);
    ASN1_OBJECT_free(obj);
    X509_free(leaf);
    EVP_PKEY_free(key);
    ssr_trust_root_free(root);

    printf("chain differential, mutations: %zu comparisons: %zu verified by both, %zu refused by both, 0 "
           "disagreements\n",
           t.pairs, t.agree_ok, t.agree_refused);
    assert_true(t.agree_ok > 0 && t.agree_refused > 0);
    X509 *made[] = {stale, root0, ca_under0, narrow, not_ca, short_ca, other_ca};
    for (size_t i = 0; i < sizeof made / sizeof made[0]; i++)
        X509_free(made[i]);
    EVP_PKEY_free(other_key);
    pki_free(p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(corpus_leaves_agree),
        cmocka_unit_test(mutations_agree),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
