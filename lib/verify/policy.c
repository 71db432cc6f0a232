/*
 * Verification policies: who must have signed. A keyless policy names the
 * certificate's identity and issuer, and may require Fulcio extensions; a
 * trusted publisher (a trusted-publisher/v1 document, or the provider
 * blocks of a policy object) constrains the extensions the way PyPI does;
 * a managed-key policy names the key. Every comparison is of whole
 * strings, byte for byte: no prefix, no pattern, no case folding.
 */
#include <stdio.h>
#include <string.h>

#include "kinds/kinds.h"
#include "schema/schema.h"
#include "verify.h"
#include "x509.h"

static ssr_verify_policy *policy_new(int type)
{
    ssr_verify_policy *p = ssri_malloc(sizeof *p);
    if (p != NULL)
        *p = (ssr_verify_policy){.type = type};
    return p;
}

void ssr_verify_policy_free(ssr_verify_policy *policy)
{
    if (policy == NULL)
        return;
    ssri_free(policy->identity);
    ssri_free(policy->issuer);
    ssr_public_key_free(policy->key);
    ssri_free(policy->repository);
    ssri_free(policy->workflow);
    ssri_free(policy->workflow_repository);
    ssri_free(policy->owner_id);
    ssri_free(policy->host);
    for (size_t i = 0; i < policy->require_count; i++)
        ssri_free(policy->requires[i].value);
    ssri_free(policy->requires);
    ssri_free(policy);
}

/* A copy of len bytes as a string; SSR_EINVAL for an embedded NUL. */
static int copy_text(const void *s, size_t len, char **out)
{
    *out = NULL;
    if (s == NULL || memchr(s, '\0', len) != NULL)
        return SSR_EINVAL;
    *out = ssri_strndup(s, len);
    return *out != NULL ? SSR_OK : SSR_ENOMEM;
}

/*
 * The kind of SAN an identity names: a URI when it starts with a scheme
 * (RFC 3986: a letter, then letters, digits, "+", "-" or ".", then ":"),
 * an email when it holds an "@" otherwise, else Fulcio's username
 * otherName. A SAN of another kind never matches, however it is spelled:
 * a URI SAN "alice@example.com" is not the email alice@example.com.
 */
static const char *identity_kind(const char *identity)
{
    size_t n = strspn(identity, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+-.");
    bool letter = (identity[0] | 0x20) >= 'a' && (identity[0] | 0x20) <= 'z';
    if (n > 0 && letter && identity[n] == ':')
        return "uri";
    return strchr(identity, '@') != NULL ? "email" : "other";
}

int ssr_verify_policy_identity(const void *identity, size_t identity_len, const void *issuer, size_t issuer_len,
                               ssr_verify_policy **policy)
{
    SSRI_RESET(policy);
    if (policy == NULL || issuer == NULL || issuer_len == 0 || (identity == NULL && identity_len > 0) ||
        (identity != NULL && identity_len == 0))
        return SSR_EINVAL;
    ssr_verify_policy *p = policy_new(SSRI_POLICY_IDENTITY);
    if (p == NULL)
        return SSR_ENOMEM;
    int status = copy_text(issuer, issuer_len, &p->issuer);
    if (status == SSR_OK && identity != NULL && (status = copy_text(identity, identity_len, &p->identity)) == SSR_OK)
        p->identity_kind = identity_kind(p->identity);
    if (status != SSR_OK) {
        ssr_verify_policy_free(p);
        return status;
    }
    *policy = p;
    return SSR_OK;
}

int ssr_verify_policy_key(const ssr_public_key *key, ssr_verify_policy **policy)
{
    SSRI_OPENSSL_QUIET;
    SSRI_RESET(policy);
    if (policy == NULL || key == NULL)
        return SSR_EINVAL;
    ssr_verify_policy *p = policy_new(SSRI_POLICY_KEY);
    if (p == NULL || (p->key = ssri_malloc(sizeof *p->key)) == NULL) {
        ssr_verify_policy_free(p);
        return SSR_ENOMEM;
    }
    int status = ssri_public_key_copy(p->key, key);
    if (status != SSR_OK) {
        ssri_free(p->key);
        p->key = NULL;
        ssr_verify_policy_free(p);
        return status;
    }
    *policy = p;
    return SSR_OK;
}

int ssr_verify_policy_require(ssr_verify_policy *policy, const char *name, const void *value, size_t value_len)
{
    if (policy == NULL || name == NULL || value == NULL || value_len == 0 || policy->type == SSRI_POLICY_KEY)
        return SSR_EINVAL;
    const char *known = NULL;
    for (size_t i = 0; i < ssri_fulcio_extension_count() && known == NULL; i++)
        if (strcmp(ssri_fulcio_extension_name(i), name) == 0)
            known = ssri_fulcio_extension_name(i);
    if (known == NULL || strcmp(known, "issuer") == 0 || strcmp(known, "issuer-v1") == 0)
        return SSR_EINVAL; /* the issuer is the policy's own */
    char *copy = NULL;
    int status = copy_text(value, value_len, &copy);
    if (status != SSR_OK)
        return status;
    if (policy->require_count == policy->require_cap) {
        ssri_requirement *grown = ssri_grow(policy->requires, &policy->require_cap, sizeof *grown, 4);
        if (grown == NULL) {
            ssri_free(copy);
            return SSR_ENOMEM;
        }
        policy->requires = grown;
    }
    policy->requires[policy->require_count++] = (ssri_requirement){known, copy};
    return SSR_OK;
}

/* ---- trusted publishers ------------------------------------------------------- */

static const char github_issuer[] = "https://token.actions.githubusercontent.com";
static const char google_issuer[] = "https://accounts.google.com";

/* Builds a publisher policy; every string is copied. */
static int publisher(int provider, const char *issuer, const char *repository, const char *workflow,
                     const char *workflow_repository, const char *owner_id, ssr_verify_policy **out)
{
    ssr_verify_policy *p = policy_new(SSRI_POLICY_PUBLISHER);
    if (p == NULL)
        return SSR_ENOMEM;
    p->provider = provider;
    int status = copy_text(issuer, strlen(issuer), &p->issuer);
    const char *texts[] = {repository, workflow, workflow_repository, owner_id};
    char **slots[] = {&p->repository, &p->workflow, &p->workflow_repository, &p->owner_id};
    for (size_t i = 0; i < SSRI_ARRAY_LEN(texts) && status == SSR_OK; i++)
        if (texts[i] != NULL)
            status = copy_text(texts[i], strlen(texts[i]), slots[i]);
    if (status == SSR_OK && provider == SSRI_GITLAB) {
        const char *host = strncmp(issuer, "https://", 8) == 0 ? issuer + 8 : issuer;
        if ((p->host = ssri_strndup(host, strcspn(host, "/"))) == NULL)
            status = SSR_ENOMEM;
    }
    if (status != SSR_OK) {
        ssr_verify_policy_free(p);
        return status;
    }
    *out = p;
    return SSR_OK;
}

static int refuse(ssr_report *r, const char *code, const char *pointer, const char *src, size_t len,
                  const cJSON *node, const char *message)
{
    int status = ssri_report_add(r, SSR_SEVERITY_ERROR, code, pointer, src, len, node != NULL ? ssri_node_offset(node) : 0,
                                 message);
    return status == SSR_OK ? SSR_EINVALID : status;
}

int ssr_verify_policy_publisher(const void *document, size_t len, ssr_verify_policy **policy, ssr_report **report)
{
    SSRI_OPENSSL_QUIET;
    SSRI_RESET(policy);
    SSRI_RESET(report);
    if (policy == NULL || (document == NULL && len > 0))
        return SSR_EINVAL;
    ssr_doc *doc = NULL;
    ssr_report *r = NULL;
    int status = ssri_verify_input(document, len, SSR_KIND_TRUSTED_PUBLISHER, &doc, &r, report);
    if (status != SSR_OK)
        return status;
    const cJSON *root = doc->root;
    const char *provider = ssri_get_string(root, "provider"), *issuer = ssri_get_string(root, "issuer");
    const cJSON *github = ssri_get(root, "github"), *gitlab = ssri_get(root, "gitlab"), *google = ssri_get(root, "google");
    if (strcmp(provider, "github-actions") == 0 && cJSON_IsObject(github)) {
        char *repo = NULL;
        ssri_buf b = {0};
        ssri_buf_printf(&b, "%s/%s", ssri_get_string(github, "owner"), ssri_get_string(github, "repository"));
        status = ssri_buf_finish(&b, &repo, NULL);
        if (status == SSR_OK)
            status = publisher(SSRI_GITHUB, issuer, repo, ssri_get_string(github, "workflow"),
                               ssri_get_string(github, "workflow_repository"), ssri_get_string(github, "owner_id"),
                               policy);
        ssr_free(repo);
    } else if (strcmp(provider, "gitlab-ci") == 0 && cJSON_IsObject(gitlab)) {
        char *repo = NULL;
        ssri_buf b = {0};
        ssri_buf_printf(&b, "%s/%s", ssri_get_string(gitlab, "namespace"), ssri_get_string(gitlab, "project"));
        status = ssri_buf_finish(&b, &repo, NULL);
        if (status == SSR_OK)
            status = publisher(SSRI_GITLAB, issuer, repo, ssri_get_string(gitlab, "workflow_filepath"), NULL, NULL,
                               policy);
        ssr_free(repo);
    } else if (strcmp(provider, "google-cloud") == 0 && cJSON_IsObject(google)) {
        status = publisher(SSRI_GOOGLE, issuer, NULL, NULL, NULL, NULL, policy);
        if (status == SSR_OK && copy_text(ssri_get_string(google, "email"), strlen(ssri_get_string(google, "email")),
                                          &(*policy)->identity) != SSR_OK) {
            ssr_verify_policy_free(*policy);
            *policy = NULL;
            status = SSR_ENOMEM;
        }
    } else {
        status = refuse(r, "verify.policy.provider", "/provider", document, len, ssri_get(root, "provider"),
                        "Expected a github, gitlab or google block, whose workload Fulcio certifies, to check "
                        "attestations against; found a policy of claims that no certificate carries.");
    }
    ssr_doc_free(doc);
    ssri_report_hand_over(r, status == SSR_EINVALID, report);
    return status;
}

/* ---- the policy object of ssr pep740 and the bindings ---------------------------------- */

/* "source_repository_uri" or "source-repository-uri": the extension's name, or NULL. */
static const char *extension_name(const char *name)
{
    char dashed[64];
    size_t n = strlen(name);
    if (n >= sizeof dashed)
        return NULL;
    for (size_t i = 0; i <= n; i++)
        dashed[i] = name[i] == '_' ? '-' : name[i];
    for (size_t i = 0; i < ssri_fulcio_extension_count(); i++)
        if (strcmp(ssri_fulcio_extension_name(i), dashed) == 0)
            return ssri_fulcio_extension_name(i);
    return NULL;
}

static bool only_strings(const cJSON *object, const char *const *names)
{
    for (const cJSON *m = object->child; m != NULL; m = m->next) {
        bool known = false;
        for (const char *const *n = names; *n != NULL && !known; n++)
            known = strcmp(*n, m->string) == 0;
        if (!known || !cJSON_IsString(m) || m->valuestring[0] == '\0')
            return false;
    }
    return true;
}

int ssr_verify_policy_parse(const void *json, size_t len, ssr_verify_policy **policy, ssr_report **report)
{
    SSRI_OPENSSL_QUIET;
    SSRI_RESET(policy);
    SSRI_RESET(report);
    if (policy == NULL || (json == NULL && len > 0))
        return SSR_EINVAL;
    ssr_doc *doc = NULL;
    ssr_report *r = NULL;
    int status = ssr_doc_parse(json, len, NULL, &doc, &r);
    if (status == SSR_EINVALID) {
        ssri_report_hand_over(r, true, report);
        return status;
    }
    if (status != SSR_OK)
        return status;
    const cJSON *root = doc->root;
    const cJSON *github = ssri_get(root, "github"), *gitlab = ssri_get(root, "gitlab"), *google = ssri_get(root, "google");
    int blocks = (github != NULL) + (gitlab != NULL) + (google != NULL);
    static const char *const github_members[] = {"repository", "workflow", "environment", NULL};
    static const char *const gitlab_members[] = {"repository", "workflow_filepath", "environment", NULL};
    static const char *const google_members[] = {"email", NULL};
    ssr_verify_policy *p = NULL;
    if (!cJSON_IsObject(root)) {
        status = refuse(r, "verify.policy.shape", "", json, len, root, "Expected a policy object, found another value.");
    } else if (blocks > 1 || (blocks == 1 && root->child->next != NULL)) {
        status = refuse(r, "verify.policy.shape", "", json, len, root,
                        "Expected one publisher block (github, gitlab or google) alone, or an identity policy, found "
                        "both or several.");
    } else if (github != NULL) {
        const char *repo = ssri_get_string(github, "repository"), *wf = ssri_get_string(github, "workflow");
        status = cJSON_IsObject(github) && only_strings(github, github_members) && repo != NULL && wf != NULL
                     ? publisher(SSRI_GITHUB, github_issuer, repo, wf, NULL, NULL, &p)
                     : refuse(r, "verify.policy.github", "/github", json, len, github,
                              "Expected {\"repository\": \"OWNER/NAME\", \"workflow\": FILE} and optionally "
                              "\"environment\", all non-empty strings.");
    } else if (gitlab != NULL) {
        const char *repo = ssri_get_string(gitlab, "repository"), *wf = ssri_get_string(gitlab, "workflow_filepath");
        status = cJSON_IsObject(gitlab) && only_strings(gitlab, gitlab_members) && repo != NULL && wf != NULL
                     ? publisher(SSRI_GITLAB, "https://gitlab.com", repo, wf, NULL, NULL, &p)
                     : refuse(r, "verify.policy.gitlab", "/gitlab", json, len, gitlab,
                              "Expected {\"repository\": \"NAMESPACE/PROJECT\", \"workflow_filepath\": PATH} and "
                              "optionally \"environment\", all non-empty strings.");
    } else if (google != NULL) {
        const char *email = ssri_get_string(google, "email");
        status = cJSON_IsObject(google) && only_strings(google, google_members) && email != NULL
                     ? publisher(SSRI_GOOGLE, google_issuer, NULL, NULL, NULL, NULL, &p)
                     : refuse(r, "verify.policy.google", "/google", json, len, google,
                              "Expected {\"email\": SERVICE_ACCOUNT_EMAIL}, a non-empty string.");
        if (status == SSR_OK && (p->identity = ssri_strndup(email, strlen(email))) == NULL)
            status = SSR_ENOMEM;
    } else {
        const cJSON *identity = ssri_get(root, "identity"), *issuer = ssri_get(root, "issuer");
        if (!cJSON_IsString(issuer) || issuer->valuestring[0] == '\0') {
            status = refuse(r, "verify.policy.issuer", "/issuer", json, len, issuer != NULL ? issuer : root,
                            "Expected the OIDC issuer, a non-empty string, found none.");
        } else if (identity != NULL && (!cJSON_IsString(identity) || identity->valuestring[0] == '\0')) {
            status = refuse(r, "verify.policy.identity", "/identity", json, len, identity,
                            "Expected the identity (the certificate's SAN) as a non-empty string.");
        } else {
            status = ssr_verify_policy_identity(identity != NULL ? identity->valuestring : NULL,
                                                identity != NULL ? strlen(identity->valuestring) : 0,
                                                issuer->valuestring, strlen(issuer->valuestring), &p);
        }
        for (const cJSON *m = root->child; m != NULL && status == SSR_OK; m = m->next) {
            if (strcmp(m->string, "identity") == 0 || strcmp(m->string, "issuer") == 0)
                continue;
            const char *name = extension_name(m->string);
            char pointer[80];
            snprintf(pointer, sizeof pointer, "/%.70s", m->string);
            if (name == NULL || strcmp(name, "issuer-v1") == 0 || !cJSON_IsString(m) || m->valuestring[0] == '\0')
                status = refuse(r, "verify.policy.member", pointer, json, len, m,
                                "Expected identity, issuer or a Fulcio extension's name (source_repository_uri, "
                                "build_config_uri, ...) with a non-empty string.");
            else
                status = ssr_verify_policy_require(p, name, m->valuestring, strlen(m->valuestring));
        }
        if (status == SSR_OK && !ssri_policy_usable(p))
            status = refuse(r, "verify.policy.unpinned", "", json, len, root,
                            "Expected the identity or an extension to pin who signed, found only the issuer.");
    }
    ssr_doc_free(doc);
    if (status != SSR_OK) {
        ssr_verify_policy_free(p);
        ssri_report_hand_over(r, status == SSR_EINVALID, report);
        return status;
    }
    ssr_report_free(r);
    *policy = p;
    return SSR_OK;
}

/* ---- checking a certificate ---------------------------------------------------------------- */

static const char *extension(const ssri_verified *v, const char *name)
{
    for (size_t i = 0; i < v->extension_count; i++)
        if (strcmp(v->extensions[i].name, name) == 0)
            return v->extensions[i].value;
    return NULL;
}

/* The OIDC issuer: the v2 extension, or the v1 one on certificates from before it. */
static const char *issuer_of(const ssri_verified *v)
{
    const char *issuer = extension(v, "issuer");
    return issuer != NULL ? issuer : extension(v, "issuer-v1");
}

static int mismatch(const ssri_vctx *ctx, const ssri_evidence *ev, const char *code, const char *what,
                    const char *want, const char *found)
{
    return ssri_verify_fail(ctx, code, ev->leaf_pointer, ev->leaf_node, "Expected the certificate's %s to be \"%.200s\", found %s%.200s%s.",
                            what, want, found != NULL ? "\"" : "", found != NULL ? found : "none",
                            found != NULL ? "\"" : "");
}

/* Is the Build Config URI `prefix` followed by the Source Repository Digest or Ref (those present, at least `need` of them)? */
static int build_config(const ssri_vctx *ctx, const ssri_evidence *ev, const ssri_verified *v, const char *prefix,
                        bool both)
{
    const char *uri = extension(v, "build-config-uri");
    const char *digest = extension(v, "source-repository-digest"), *ref = extension(v, "source-repository-ref");
    if ((digest == NULL && ref == NULL) || (both && (digest == NULL || ref == NULL)))
        return ssri_verify_fail(ctx, "policy.publisher", ev->leaf_pointer, ev->leaf_node,
                                "Expected the certificate's Source Repository Digest %s Ref, which its Build Config "
                                "URI ends with, found %s.",
                                both ? "and" : "or", digest == NULL && ref == NULL ? "neither" : "only one");
    size_t n = strlen(prefix);
    const char *suffixes[] = {digest, ref};
    for (size_t i = 0; i < 2 && uri != NULL; i++)
        if (suffixes[i] != NULL && strncmp(uri, prefix, n) == 0 && uri[n] == '@' && strcmp(uri + n + 1, suffixes[i]) == 0)
            return SSR_OK;
    return ssri_verify_fail(ctx, "policy.build-config", ev->leaf_pointer, ev->leaf_node,
                            "Expected the certificate's Build Config URI to be %.200s@ its source digest or ref, found "
                            "%s%.200s%s.",
                            prefix, uri != NULL ? "\"" : "", uri != NULL ? uri : "none", uri != NULL ? "\"" : "");
}

static int check_publisher(const ssri_vctx *ctx, const ssr_verify_policy *p, const ssri_evidence *ev,
                           const ssri_verified *v)
{
    char want[1024];
    int status;
    switch (p->provider) {
    case SSRI_GITHUB:
        snprintf(want, sizeof want, "https://github.com/%s", p->repository);
        if (extension(v, "source-repository-uri") == NULL || strcmp(extension(v, "source-repository-uri"), want) != 0)
            return mismatch(ctx, ev, "policy.source-repository", "Source Repository URI", want,
                            extension(v, "source-repository-uri"));
        if (p->owner_id != NULL && (extension(v, "source-repository-owner-identifier") == NULL ||
                                    strcmp(extension(v, "source-repository-owner-identifier"), p->owner_id) != 0))
            return mismatch(ctx, ev, "policy.owner-id", "Source Repository Owner Identifier", p->owner_id,
                            extension(v, "source-repository-owner-identifier"));
        if (p->workflow_repository != NULL) {
            /* a reusable workflow: the Build Signer URI names it, at a ref of its own repository */
            snprintf(want, sizeof want, "https://github.com/%s/.github/workflows/%s@", p->workflow_repository,
                     p->workflow);
            const char *signer = extension(v, "build-signer-uri");
            if (signer == NULL || strncmp(signer, want, strlen(want)) != 0 || signer[strlen(want)] == '\0')
                return mismatch(ctx, ev, "policy.build-signer", "Build Signer URI (up to its ref)", want, signer);
            return SSR_OK;
        }
        snprintf(want, sizeof want, "https://github.com/%s/.github/workflows/%s", p->repository, p->workflow);
        return build_config(ctx, ev, v, want, false);
    case SSRI_GITLAB:
        snprintf(want, sizeof want, "https://%s/%s", p->host, p->repository);
        if (extension(v, "source-repository-uri") == NULL || strcmp(extension(v, "source-repository-uri"), want) != 0)
            return mismatch(ctx, ev, "policy.source-repository", "Source Repository URI", want,
                            extension(v, "source-repository-uri"));
        snprintf(want, sizeof want, "https://%s/%s//%s", p->host, p->repository, p->workflow);
        return build_config(ctx, ev, v, want, true);
    default:
        status = strcmp(v->san_kind, "email") == 0 ? SSR_OK : SSR_EVERIFY;
        if (status != SSR_OK || strcmp(v->san, p->identity) != 0)
            return mismatch(ctx, ev, "policy.identity", "identity (its email SAN)", p->identity, v->san);
        return SSR_OK;
    }
}

int ssri_policy_check(const ssri_vctx *ctx, const ssr_verify_policy *policy, const ssri_evidence *ev,
                      const ssri_verified *v)
{
    const char *issuer = issuer_of(v);
    if (policy->issuer != NULL && (issuer == NULL || strcmp(issuer, policy->issuer) != 0))
        return mismatch(ctx, ev, "policy.issuer", "OIDC issuer", policy->issuer, issuer);
    if (policy->type == SSRI_POLICY_PUBLISHER) {
        int status = check_publisher(ctx, policy, ev, v);
        if (status != SSR_OK)
            return status;
    } else if (policy->identity != NULL &&
               (strcmp(v->san, policy->identity) != 0 || strcmp(v->san_kind, policy->identity_kind) != 0)) {
        char what[64];
        snprintf(what, sizeof what, "identity (its SAN, %s %s)", policy->identity_kind[0] == 'e' ? "an" : "a",
                 strcmp(policy->identity_kind, "other") == 0 ? "username otherName" : policy->identity_kind);
        return mismatch(ctx, ev, "policy.identity", what, policy->identity, v->san);
    }
    for (size_t i = 0; i < policy->require_count; i++) {
        const char *got = extension(v, policy->requires[i].name);
        if (got == NULL || strcmp(got, policy->requires[i].value) != 0) {
            char what[96];
            snprintf(what, sizeof what, "extension %s", policy->requires[i].name);
            return mismatch(ctx, ev, "policy.extension", what, policy->requires[i].value, got);
        }
    }
    return SSR_OK;
}
