/*
 * The default fetch: libcurl, bounded in length (checked as bytes arrive)
 * and time, redirects kept to the URL's own scheme, host and port.
 */
#include <string.h>

#include <curl/curl.h>

#include "tuf/tuf.h"

typedef struct transfer {
    ssr_tuf_body *body;
    int status; /* SSR_OK, or why the write callback stopped the transfer */
} transfer;

static size_t on_data(char *data, size_t size, size_t count, void *context)
{
    transfer *t = context;
    size_t n = size * count;
    t->status = ssr_tuf_body_append(t->body, data, n);
    return t->status == SSR_OK ? n : 0; /* anything else aborts the transfer */
}

static bool curl_ready(void)
{
    static int ready = -1;
    if (__atomic_load_n(&ready, __ATOMIC_ACQUIRE) < 0)
        __atomic_store_n(&ready, curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK, __ATOMIC_RELEASE);
    return __atomic_load_n(&ready, __ATOMIC_ACQUIRE) == 1;
}

/* scheme://host[:port] of a URL, for the redirect rule; NULL when out of memory. */
static char *origin(CURL *curl, const char *url)
{
    (void)curl;
    CURLU *u = curl_url();
    char *scheme = NULL, *host = NULL, *port = NULL, *out = NULL;
    if (u != NULL && curl_url_set(u, CURLUPART_URL, url, 0) == CURLUE_OK &&
        curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) == CURLUE_OK &&
        curl_url_get(u, CURLUPART_HOST, &host, 0) == CURLUE_OK &&
        curl_url_get(u, CURLUPART_PORT, &port, CURLU_DEFAULT_PORT) == CURLUE_OK) {
        size_t n = strlen(scheme) + strlen(host) + strlen(port) + 5;
        out = ssri_malloc(n);
        if (out != NULL)
            snprintf(out, n, "%s://%s:%s", scheme, host, port);
    }
    curl_free(scheme);
    curl_free(host);
    curl_free(port);
    curl_url_cleanup(u);
    return out;
}

int ssr_tuf_fetch_curl(void *context, const char *url, uint64_t max_length, unsigned timeout_ms, ssr_tuf_body *body)
{
    (void)context;
    if (url == NULL || body == NULL)
        return SSR_EINVAL;
    if (!curl_ready())
        return SSR_EIO;
    CURL *curl = curl_easy_init();
    char *start = curl != NULL ? origin(curl, url) : NULL;
    if (curl == NULL || start == NULL) {
        ssri_free(start);
        if (curl != NULL)
            curl_easy_cleanup(curl);
        return curl != NULL ? SSR_EIO : SSR_ENOMEM;
    }
    transfer t = {.body = body, .status = SSR_OK};
    int status = SSR_OK;
    /* redirects are followed here, one at a time, so that each is checked against the first origin */
    char *current = ssri_strndup(url, strlen(url));
    long http = 0;
    for (int hops = 0; current != NULL && status == SSR_OK; hops++) {
        curl_easy_reset(curl);
        curl_easy_setopt(curl, CURLOPT_URL, current);
        curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
        curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
        curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 0L);
        curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, (long)timeout_ms);
        curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, (long)timeout_ms);
        curl_easy_setopt(curl, CURLOPT_LOW_SPEED_LIMIT, 1024L);
        curl_easy_setopt(curl, CURLOPT_LOW_SPEED_TIME, 10L);
        if (max_length < (uint64_t)INT64_MAX)
            curl_easy_setopt(curl, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)max_length);
        curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, on_data);
        curl_easy_setopt(curl, CURLOPT_WRITEDATA, &t);
        curl_easy_setopt(curl, CURLOPT_USERAGENT, "libssr/" SSR_VERSION_STRING);
        body->buf.len = 0;
        body->overflowed = false;
        CURLcode rc = curl_easy_perform(curl);
        curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &http);
        if (rc == CURLE_FILESIZE_EXCEEDED)
            status = SSR_ERANGE;
        else if (rc == CURLE_WRITE_ERROR && t.status != SSR_OK)
            status = t.status;
        else if (rc == CURLE_OUT_OF_MEMORY)
            status = SSR_ENOMEM;
        else if (rc != CURLE_OK)
            status = SSR_EIO;
        ssri_free(current);
        current = NULL;
        if (status != SSR_OK || http < 300 || http >= 400)
            break;
        char *location = NULL;
        curl_easy_getinfo(curl, CURLINFO_REDIRECT_URL, &location);
        char *next_origin = location != NULL && hops < 5 ? origin(curl, location) : NULL;
        if (next_origin == NULL || strcmp(next_origin, start) != 0)
            status = SSR_EIO; /* no redirect to another origin, nor more than five */
        else
            current = ssri_strndup(location, strlen(location));
        ssri_free(next_origin);
    }
    ssri_free(current);
    ssri_free(start);
    curl_easy_cleanup(curl);
    if (status != SSR_OK)
        return status;
    return (int)http;
}
