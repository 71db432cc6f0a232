/*
 * Repository profiles side by side: text, Markdown, an HTML page and an
 * SVG chart of the levels.
 */
#include <string.h>

#include "json/json.h"
#include "kinds/repository_profile.h"
#include "render.h"
#include "ssr/profile.h"
#include "ssr/render.h"
#include "ssr/validate.h"

#define MAX_PROFILES 64

typedef struct registry {
    ssr_doc *doc;
    ssr_levels *levels;
    const char *name;
    const char *assessed;
} registry;

static const char *const track_titles[SSRI_TRACK_COUNT] = {"Authentication", "Authorization", "General security",
                                                           "CLI tooling"};

static const cJSON *capability_of(const registry *r, const char *id)
{
    return ssri_get(ssri_get(r->doc->root, "capabilities"), id);
}

static const char *status_of(const registry *r, const char *id)
{
    return ssri_get_string(capability_of(r, id), "status");
}

/* A track's level as text: "0".."3", or "n/a" when it does not apply. */
static void level_text(const registry *r, int track, char out[8])
{
    int level = track < 0 ? ssr_levels_overall(r->levels) : ssr_levels_level(r->levels, track);
    if (track >= 0 && !ssr_levels_applies(r->levels, track))
        strcpy(out, "n/a");
    else
        out[0] = (char)('0' + level), out[1] = '\0';
}

/* How many capabilities of the track (all, for -1) are met ("yes" or "delegated"), and how many there are. */
static void yes_count(const registry *r, int track, int *yes, int *all)
{
    *yes = *all = 0;
    for (const ssri_capability *c = ssri_capabilities; c->id != NULL; c++) {
        if (track >= 0 && (int)c->track != track)
            continue;
        const char *s = status_of(r, c->id);
        ++*all;
        *yes += s != NULL && (strcmp(s, "yes") == 0 || strcmp(s, "delegated") == 0);
    }
}

/* ---- text ---------------------------------------------------------------- */

/* s, then spaces up to width; none after the last column (width 0). */
static void pad(ssri_buf *b, const char *s, size_t width)
{
    ssri_buf_puts(b, s);
    for (size_t w = ssri_utf8_chars(s); w < width; w++)
        ssri_buf_putc(b, ' ');
}

static void write_text(ssri_buf *b, const registry *rs, size_t n)
{
    size_t first = strlen("auth.mfa-phishing-resistant-required-critical") + 4, width[MAX_PROFILES];
    for (size_t i = 0; i < n; i++) {
        width[i] = ssri_utf8_chars(rs[i].name) + 2;
        if (width[i] < 9)
            width[i] = 9;
    }
    width[n - 1] = 0;
    ssri_buf_puts(b, "Registries by capability (Principles for Package Repository Security; - = not stated)\n\n");
    pad(b, "", first);
    for (size_t i = 0; i < n; i++)
        pad(b, rs[i].name, width[i]);
    ssri_buf_putc(b, '\n');
    for (int t = 0; t < SSRI_TRACK_COUNT; t++) {
        for (int level = 1; level <= 3; level++) {
            ssri_buf_printf(b, "%s, level %d\n", track_titles[t], level);
            for (const ssri_capability *c = ssri_capabilities; c->id != NULL; c++) {
                if ((int)c->track != t || c->level != level)
                    continue;
                ssri_buf_puts(b, "  ");
                pad(b, c->id, first - 2);
                for (size_t i = 0; i < n; i++) {
                    const char *s = status_of(&rs[i], c->id);
                    pad(b, s != NULL ? s : "-", width[i]);
                }
                ssri_buf_putc(b, '\n');
            }
        }
    }
    ssri_buf_puts(b, "\nLevels\n");
    for (int t = -1; t < SSRI_TRACK_COUNT; t++) {
        ssri_buf_puts(b, "  ");
        pad(b, t < 0 ? "overall" : ssri_track_names[t], first - 2);
        for (size_t i = 0; i < n; i++) {
            char level[8];
            level_text(&rs[i], t, level);
            pad(b, level, width[i]);
        }
        ssri_buf_putc(b, '\n');
    }
    ssri_buf_puts(b, "\nAssessed\n");
    for (size_t i = 0; i < n; i++)
        ssri_buf_printf(b, "  %s: %s\n", rs[i].name, rs[i].assessed);
}

/* ---- Markdown ------------------------------------------------------------- */

/* Text in a Markdown table cell: HTML-escaped, the characters Markdown reads escaped too. */
static void md_text(ssri_buf *b, const char *s)
{
    size_t len = strlen(s);
    for (size_t i = 0; i < len;) {
        char c = s[i];
        if (strchr("\\`*_[]|#!~", c) != NULL) {
            ssri_buf_putc(b, '\\');
            ssri_buf_putc(b, c);
            i++;
        } else if (c == '\n' || c == '\t') {
            ssri_buf_putc(b, ' ');
            i++;
        } else {
            size_t n = ssri_utf8_sequence((const unsigned char *)s + i, len - i);
            n = n > 0 ? n : 1;
            ssri_html_textn(b, s + i, n);
            i += n;
        }
    }
}

static void write_markdown(ssri_buf *b, const registry *rs, size_t n)
{
    ssri_buf_puts(b, "| capability | level |");
    for (size_t i = 0; i < n; i++) {
        ssri_buf_putc(b, ' ');
        md_text(b, rs[i].name);
        ssri_buf_puts(b, " |");
    }
    ssri_buf_puts(b, "\n|---|---|");
    for (size_t i = 0; i < n; i++)
        ssri_buf_puts(b, "---|");
    ssri_buf_putc(b, '\n');
    for (int t = 0; t < SSRI_TRACK_COUNT; t++) {
        ssri_buf_printf(b, "| **%s** | |", track_titles[t]);
        for (size_t i = 0; i < n; i++)
            ssri_buf_puts(b, " |");
        ssri_buf_putc(b, '\n');
        for (const ssri_capability *c = ssri_capabilities; c->id != NULL; c++) {
            if ((int)c->track != t)
                continue;
            ssri_buf_printf(b, "| `%s` | %d |", c->id, c->level);
            for (size_t i = 0; i < n; i++) {
                const char *s = status_of(&rs[i], c->id);
                ssri_buf_printf(b, " %s |", s != NULL ? s : "");
            }
            ssri_buf_putc(b, '\n');
        }
    }
    for (int t = 0; t <= SSRI_TRACK_COUNT; t++) {
        int track = t < SSRI_TRACK_COUNT ? t : -1;
        ssri_buf_printf(b, "| **level: %s** | |", track < 0 ? "overall" : ssri_track_names[track]);
        for (size_t i = 0; i < n; i++) {
            char level[8];
            level_text(&rs[i], track, level);
            ssri_buf_printf(b, " %s |", level);
        }
        ssri_buf_putc(b, '\n');
    }
}

/* ---- HTML ----------------------------------------------------------------- */

static const char compare_css[] =
    ".ssr-compare{font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;color:#1b1f24;"
    "background:#fff;line-height:1.4;max-width:100%;box-sizing:border-box;padding:0 1rem}"
    ".ssr-compare h1{font-size:1.4rem;margin:1rem 0 .25rem}"
    ".ssr-compare p{margin:.25rem 0 1rem;max-width:60rem}"
    ".ssr-compare .ssr-scroll{overflow-x:auto;max-width:100%;border:1px solid #d0d7de;border-radius:6px}"
    ".ssr-compare .ssr-scroll:focus{outline:3px solid #0969da;outline-offset:2px}"
    ".ssr-compare table{border-collapse:collapse;font-size:.875rem}"
    ".ssr-compare th,.ssr-compare td{border:1px solid #d0d7de;padding:.25rem .5rem;text-align:center;"
    "white-space:nowrap}"
    ".ssr-compare th[scope=row]{text-align:start;font-weight:normal;font-family:ui-monospace,monospace}"
    ".ssr-compare thead th{background:#f6f8fa;position:sticky;top:0}"
    ".ssr-compare tbody th[scope=rowgroup]{text-align:start;background:#eaeef2}"
    ".ssr-compare .s-yes{background:#dafbe1;color:#0a3622}"
    ".ssr-compare .s-delegated{background:#dafbe1;color:#0a3622;font-style:italic}"
    ".ssr-compare .s-partial{background:#fff8c5;color:#4d2d00}"
    ".ssr-compare .s-planned{background:#ddf4ff;color:#0a3069}"
    ".ssr-compare .s-no{background:#ffebe9;color:#6e1116}"
    ".ssr-compare .s-na,.ssr-compare .s-none{background:#fff;color:#57606a}"
    ".ssr-compare tfoot th,.ssr-compare tfoot td{font-weight:bold;background:#f6f8fa}"
    ".ssr-compare a{color:inherit}";

static const char *status_class(const char *s)
{
    static const char *const classes[][2] = {
        {"yes", "s-yes"}, {"delegated", "s-delegated"}, {"no", "s-no"}, {"partial", "s-partial"},
        {"planned", "s-planned"}};
    for (size_t i = 0; s != NULL && i < sizeof classes / sizeof classes[0]; i++)
        if (strcmp(s, classes[i][0]) == 0)
            return classes[i][1];
    return s == NULL ? "s-none" : "s-na";
}

static void html_cell(ssri_buf *b, const registry *r, const char *id)
{
    const cJSON *c = capability_of(r, id);
    const char *status = ssri_get_string(c, "status"), *evidence = ssri_get_string(c, "evidence"),
               *note = ssri_get_string(c, "note");
    ssri_buf_printf(b, "<td class=\"%s\"", status_class(status));
    if (evidence != NULL || note != NULL) {
        ssri_buf_puts(b, " title=\"");
        if (note != NULL)
            ssri_html_text(b, note);
        if (note != NULL && evidence != NULL)
            ssri_buf_puts(b, "&#10;");
        if (evidence != NULL)
            ssri_html_text(b, evidence);
        ssri_buf_putc(b, '"');
    }
    ssri_buf_putc(b, '>');
    if (status == NULL) {
        ssri_buf_puts(b, "<span aria-label=\"not stated\">&#8211;</span>");
    } else if (evidence != NULL) {
        size_t mark = b->len;
        ssri_buf_puts(b, "<a href=\"");
        if (ssri_html_href(b, evidence)) {
            ssri_buf_puts(b, "\" rel=\"noopener noreferrer nofollow\">");
            ssri_html_text(b, status);
            ssri_buf_puts(b, "</a>");
        } else {
            b->len = mark;
            ssri_html_text(b, status);
        }
    } else {
        ssri_html_text(b, status);
    }
    ssri_buf_puts(b, "</td>");
}

static void write_html(ssri_buf *b, const registry *rs, size_t n)
{
    ssri_buf_puts(b, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                     "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                     "<title>Registries by capability</title>\n<style>");
    ssri_buf_puts(b, compare_css);
    ssri_buf_puts(b, "</style>\n</head>\n<body>\n<main class=\"ssr-compare\">\n<h1>Registries by capability</h1>\n"
                     "<p>Each registry's status for each requirement of the OpenSSF Principles for Package "
                     "Repository Security, grouped by track and level; a dash: the profile does not say. "
                     "A status's evidence and note show on hover and lead to the source.</p>\n"
                     "<div class=\"ssr-scroll\" role=\"region\" aria-label=\"Registries by capability\" "
                     "tabindex=\"0\">\n<table>\n<thead><tr><th scope=\"col\">Capability</th>"
                     "<th scope=\"col\">Level</th>");
    for (size_t i = 0; i < n; i++) {
        ssri_buf_puts(b, "<th scope=\"col\">");
        ssri_html_text(b, rs[i].name);
        ssri_buf_puts(b, "</th>");
    }
    ssri_buf_puts(b, "</tr></thead>\n");
    for (int t = 0; t < SSRI_TRACK_COUNT; t++) {
        ssri_buf_printf(b, "<tbody><tr><th scope=\"rowgroup\" colspan=\"%zu\">%s</th></tr>\n", n + 2,
                        track_titles[t]);
        for (const ssri_capability *c = ssri_capabilities; c->id != NULL; c++) {
            if ((int)c->track != t)
                continue;
            ssri_buf_printf(b, "<tr><th scope=\"row\" title=\"%s\">%s</th><td>%d</td>", c->requirement, c->id,
                            c->level);
            for (size_t i = 0; i < n; i++)
                html_cell(b, &rs[i], c->id);
            ssri_buf_puts(b, "</tr>\n");
        }
        ssri_buf_puts(b, "</tbody>\n");
    }
    ssri_buf_puts(b, "<tfoot>\n");
    for (int t = 0; t <= SSRI_TRACK_COUNT; t++) {
        int track = t < SSRI_TRACK_COUNT ? t : -1;
        ssri_buf_printf(b, "<tr><th scope=\"row\" colspan=\"2\">Level: %s</th>",
                        track < 0 ? "overall" : track_titles[track]);
        for (size_t i = 0; i < n; i++) {
            char level[8];
            level_text(&rs[i], track, level);
            ssri_buf_printf(b, "<td>%s</td>", level);
        }
        ssri_buf_puts(b, "</tr>\n");
    }
    ssri_buf_puts(b, "</tfoot>\n</table>\n</div>\n<p>Assessed: ");
    for (size_t i = 0; i < n; i++) {
        ssri_buf_puts(b, i ? "; " : "");
        ssri_html_text(b, rs[i].name);
        ssri_buf_puts(b, " <time>");
        ssri_html_text(b, rs[i].assessed);
        ssri_buf_puts(b, "</time>");
    }
    ssri_buf_puts(b, ".</p>\n</main>\n</body>\n</html>\n");
}

/* ---- SVG ------------------------------------------------------------------ */

/* Colour-blind-safe (Okabe-Ito) colours of the four tracks and of the overall level. */
static const char *const track_colours[SSRI_TRACK_COUNT + 1] = {"#0072B2", "#009E73", "#D55E00", "#CC79A7",
                                                                "#000000"};

static void write_svg(ssri_buf *b, const registry *rs, size_t n)
{
    const int name_w = 210, col_w = 150, bar_max = 84, row_h = 30, top = 96, left = 20;
    const int columns = SSRI_TRACK_COUNT + 1, width = left + name_w + columns * col_w + 20;
    const int height = top + (int)n * row_h + 56;
    ssri_buf_printf(b,
                    "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\" "
                    "role=\"img\" aria-labelledby=\"ssr-chart-title ssr-chart-desc\" "
                    "font-family=\"system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif\">\n",
                    width, height, width, height);
    ssri_buf_puts(b, "<title id=\"ssr-chart-title\">Package registries' security levels by track</title>\n"
                     "<desc id=\"ssr-chart-desc\">Levels 0 to 3 of the OpenSSF Principles for Package Repository "
                     "Security per track and overall, one row per registry:");
    for (size_t i = 0; i < n; i++) {
        ssri_buf_puts(b, i ? "; " : " ");
        ssri_html_text(b, rs[i].name);
        for (int t = 0; t <= SSRI_TRACK_COUNT; t++) {
            int track = t < SSRI_TRACK_COUNT ? t : -1;
            char level[8];
            level_text(&rs[i], track, level);
            ssri_buf_printf(b, "%s %s %s", t ? "," : "", track < 0 ? "overall" : ssri_track_names[track], level);
        }
    }
    ssri_buf_puts(b, ".</desc>\n<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n");
    ssri_buf_printf(b, "<text x=\"%d\" y=\"34\" font-size=\"22\" font-weight=\"bold\" fill=\"#1b1f24\">"
                       "Security levels of package registries</text>\n", left);
    ssri_buf_printf(b, "<text x=\"%d\" y=\"58\" font-size=\"13\" fill=\"#57606a\">OpenSSF Principles for "
                       "Package Repository Security: level 0-3 per track (bars), capabilities met (yes or delegated); n/a: "
                       "the track does not apply</text>\n",
                    left);
    for (int t = 0; t < columns; t++) {
        int x = left + name_w + t * col_w;
        ssri_buf_printf(b, "<text x=\"%d\" y=\"%d\" font-size=\"13\" font-weight=\"bold\" fill=\"%s\">%s</text>\n",
                        x, top - 10, track_colours[t], t < SSRI_TRACK_COUNT ? track_titles[t] : "Overall");
        for (int level = 0; level <= 3; level++) {
            int gx = x + level * bar_max / 3;
            ssri_buf_printf(b, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#d0d7de\" stroke-width=\"1\"/>\n",
                            gx, top, gx, top + (int)n * row_h);
            ssri_buf_printf(b, "<text x=\"%d\" y=\"%d\" font-size=\"11\" fill=\"#57606a\" text-anchor=\"middle\">%d"
                               "</text>\n", gx, top + (int)n * row_h + 16, level);
        }
    }
    for (size_t i = 0; i < n; i++) {
        int y = top + (int)i * row_h;
        if (i % 2 == 1)
            ssri_buf_printf(b, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"#f6f8fa\"/>\n", left, y,
                            width - left - 20, row_h);
        ssri_buf_printf(b, "<text x=\"%d\" y=\"%d\" font-size=\"14\" fill=\"#1b1f24\">", left + 4, y + 20);
        ssri_html_text(b, rs[i].name);
        ssri_buf_puts(b, "</text>\n");
        for (int t = 0; t < columns; t++) {
            int track = t < SSRI_TRACK_COUNT ? t : -1, x = left + name_w + t * col_w;
            if (track >= 0 && !ssr_levels_applies(rs[i].levels, track)) {
                ssri_buf_printf(b, "<text x=\"%d\" y=\"%d\" font-size=\"12\" fill=\"#57606a\">n/a</text>\n", x + 4,
                                y + 20);
                continue;
            }
            int level = track < 0 ? ssr_levels_overall(rs[i].levels) : ssr_levels_level(rs[i].levels, track);
            int w = level * bar_max / 3;
            ssri_buf_printf(b, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"16\" rx=\"2\" fill=\"%s\"/>\n", x,
                            y + 7, w > 0 ? w : 3, track_colours[t]);
            int yes, all;
            yes_count(&rs[i], track, &yes, &all);
            ssri_buf_printf(b, "<text x=\"%d\" y=\"%d\" font-size=\"12\" fill=\"#1b1f24\">%d"
                               "<tspan fill=\"#57606a\" font-size=\"10\" dx=\"5\">%d/%d met</tspan></text>\n",
                            x + (w > 0 ? w : 3) + 5, y + 20, level, yes, all);
        }
    }
    ssri_buf_printf(b, "<text x=\"%d\" y=\"%d\" font-size=\"11\" fill=\"#57606a\">Assessed: ", left,
                    height - 12);
    for (size_t i = 0; i < n; i++) {
        if (i > 0 && strcmp(rs[i].assessed, rs[i - 1].assessed) == 0)
            continue;
        ssri_buf_puts(b, i ? ", " : "");
        ssri_html_text(b, rs[i].assessed);
    }
    ssri_buf_puts(b, "</text>\n</svg>\n");
}

/* ---- entry ---------------------------------------------------------------- */

int ssr_render_profiles(const void *const *profiles, const size_t *lens, size_t count, int format,
                        const ssr_options *opts, char **out, size_t *out_len, size_t *failed, ssr_report **report)
{
    SSRI_RESET(out);
    SSRI_RESET_LEN(out_len);
    SSRI_RESET(report);
    if (profiles == NULL || lens == NULL || out == NULL || count == 0 || count > MAX_PROFILES ||
        format < SSR_COMPARE_TEXT || format > SSR_COMPARE_SVG)
        return SSR_EINVAL;
    registry rs[MAX_PROFILES];
    memset(rs, 0, sizeof rs);
    int status = SSR_OK;
    size_t i = 0;
    for (; i < count && status == SSR_OK; i++) {
        if (profiles[i] == NULL) {
            status = SSR_EINVAL;
            break;
        }
        ssr_report *r = NULL;
        status = ssr_profile_levels(profiles[i], lens[i], opts, &rs[i].levels, &r);
        if (status == SSR_EINVALID) {
            if (failed != NULL)
                *failed = i;
        }
        ssri_report_hand_over(r, status == SSR_EINVALID, report);
        if (status == SSR_OK)
            status = ssr_doc_parse(profiles[i], lens[i], opts, &rs[i].doc, NULL);
        if (status == SSR_OK) {
            rs[i].name = ssri_get_string(ssri_get(rs[i].doc->root, "repository"), "name");
            rs[i].assessed = ssri_get_string(rs[i].doc->root, "assessed");
        }
    }
    if (status == SSR_OK) {
        ssri_buf b = {0};
        switch (format) {
        case SSR_COMPARE_TEXT: write_text(&b, rs, count); break;
        case SSR_COMPARE_MARKDOWN: write_markdown(&b, rs, count); break;
        case SSR_COMPARE_HTML: write_html(&b, rs, count); break;
        default: write_svg(&b, rs, count); break;
        }
        status = ssri_buf_finish(&b, out, out_len);
    }
    for (size_t k = 0; k < count; k++) {
        ssr_levels_free(rs[k].levels);
        ssr_doc_free(rs[k].doc);
    }
    return status;
}
