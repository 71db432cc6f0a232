/*
 * Rendering: a panel of any result (every level, right to left) and a
 * comparison of any profile answer cleanly, and no markup in the output
 * comes from the input: every tag is one the renderer writes, every link
 * https or an anchor.
 */
#include <stdbool.h>

#include "fuzz.h"

static const char *const tags[] = {"section", "style", "div", "details", "summary", "svg", "path", "dl", "dt", "dd",
                                   "a", "bdi", "code", "p", "span", "time", "hr", "h2", "h3", "h4", "nav", "ul", "li",
                                   "title", "desc", "rect", "line", "text", "tspan", "table", "thead", "tbody",
                                   "tfoot", "tr", "th", "td", "main", "h1", "meta", "html", "head", "body", "wbr", "!DOCTYPE",
                                   NULL};

static void check_markup(const char *out, size_t len)
{
    if (strstr(out, "<script") != NULL || strlen(out) != len)
        abort();
    /* a link leads to https or to an anchor of the panel, whatever the input said */
    for (const char *h = strstr(out, "href=\""); h != NULL; h = strstr(h + 1, "href=\""))
        if (strncmp(h + 6, "https://", 8) != 0 && h[6] != '#')
            abort();
    for (const char *p = strchr(out, '<'); p != NULL; p = strchr(p + 1, '<')) {
        const char *name = p[1] == '/' ? p + 2 : p + 1;
        bool known = false;
        for (size_t i = 0; tags[i] != NULL && !known; i++) {
            size_t n = strlen(tags[i]);
            known = strncmp(name, tags[i], n) == 0 && (name[n] == ' ' || name[n] == '>' || name[n] == '/');
        }
        if (!known)
            abort();
    }
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t len)
{
    if (len == 0)
        return 0;
    const char *doc = (const char *)data + 1;
    size_t doc_len = len - 1;
    if (data[0] & 1) {
        for (int format = SSR_COMPARE_TEXT; format <= SSR_COMPARE_SVG; format++) {
            char *out = NULL;
            size_t out_len = 0, failed = 0;
            ssr_report *report = NULL;
            const void *docs[] = {doc};
            int status = ssr_render_profiles(docs, &doc_len, 1, format, NULL, &out, &out_len, &failed, &report);
            if (status != SSR_OK && status != SSR_EINVALID)
                abort();
            if (status == SSR_OK && format >= SSR_COMPARE_HTML)
                check_markup(out, out_len);
            if (status == SSR_EINVALID)
                fuzz_check_report(report, doc_len);
            ssr_free(out);
            ssr_report_free(report);
        }
        return 0;
    }
    for (int level = SSR_PANEL_A; level <= SSR_PANEL_AAA; level++) {
        char *out = NULL;
        size_t out_len = 0;
        ssr_report *report = NULL;
        int status = ssr_render_panel(doc, doc_len, NULL, 0, level, (data[0] >> 1) % 3, "ar", 2, NULL, &out, &out_len,
                                      &report);
        if (status != SSR_OK && status != SSR_EINVALID)
            abort();
        if (status == SSR_OK)
            check_markup(out, out_len);
        else
            fuzz_check_report(report, doc_len);
        ssr_free(out);
        ssr_report_free(report);
    }
    return 0;
}
