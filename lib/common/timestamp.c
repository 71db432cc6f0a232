/*
 * RFC 3339 timestamps and points in time (common/timestamp.h).
 */
#include <stdio.h>
#include <time.h>

#include "timestamp.h"

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static int days_in_month(int year, int month)
{
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return month == 2 && leap ? 29 : days[month - 1];
}

static int two_digits(const char *s)
{
    return (s[0] - '0') * 10 + (s[1] - '0');
}

bool ssri_timestamp_parse(const char *s, int64_t *unix_seconds)
{
    return ssri_timestamp_parse_ns(s, unix_seconds, NULL);
}

bool ssri_timestamp_parse_ns(const char *s, int64_t *unix_seconds, int32_t *nanoseconds)
{
    static const char shape[] = "dddd-dd-ddTdd:dd:dd";
    for (size_t i = 0; i < sizeof shape - 1; i++) {
        if (shape[i] == 'd' ? !is_digit(s[i]) : s[i] != shape[i])
            return false;
    }
    const char *p = s + sizeof shape - 1;
    int32_t ns = 0, scale = 100000000;
    if (*p == '.') {
        if (!is_digit(*++p))
            return false;
        for (; is_digit(*p); p++, scale /= 10)
            ns += (*p - '0') * scale; /* digits past the ninth are below a nanosecond: dropped */
    }
    if (nanoseconds != NULL)
        *nanoseconds = ns;
    if (p[0] != 'Z' || p[1] != '\0')
        return false;
    int year = two_digits(s) * 100 + two_digits(s + 2), month = two_digits(s + 5), day = two_digits(s + 8);
    int hour = two_digits(s + 11), minute = two_digits(s + 14), second = two_digits(s + 17);
    if (month < 1 || month > 12 || day < 1 || day > days_in_month(year, month))
        return false;
    if (hour > 23 || minute > 59 || (second > 59 && !(second == 60 && hour == 23 && minute == 59)))
        return false;
    if (unix_seconds != NULL) {
        /* Days from civil (Howard Hinnant's algorithm). */
        int y = year - (month <= 2);
        int era = (y >= 0 ? y : y - 399) / 400;
        int yoe = y - era * 400;
        int doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
        int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        int64_t days = (int64_t)era * 146097 + doe - 719468;
        *unix_seconds = days * 86400 + hour * 3600 + minute * 60 + second;
    }
    return true;
}

int ssri_time_cmp(ssri_time a, ssri_time b)
{
    if (a.sec != b.sec)
        return a.sec < b.sec ? -1 : 1;
    return a.nsec < b.nsec ? -1 : a.nsec > b.nsec;
}

bool ssri_time_parse(const char *text, ssri_time *t)
{
    return text != NULL && ssri_timestamp_parse_ns(text, &t->sec, &t->nsec);
}

void ssri_time_format(ssri_time t, char out[40])
{
    time_t sec = (time_t)t.sec;
    struct tm tm;
    if (gmtime_r(&sec, &tm) == NULL || tm.tm_year + 1900 > 9999 || tm.tm_year + 1900 < 0) {
        snprintf(out, 40, "%lld seconds", (long long)t.sec);
        return;
    }
    size_t n = strftime(out, 40, "%Y-%m-%dT%H:%M:%S", &tm);
    if (t.nsec > 0) {
        n += (size_t)snprintf(out + n, 40 - n, ".%09d", (int)t.nsec);
        while (out[n - 1] == '0')
            out[--n] = '\0';
    }
    snprintf(out + n, 40 - n, "Z");
}

bool ssri_window_contains(const ssri_window *w, ssri_time t)
{
    return ssri_time_cmp(t, w->start) >= 0 && (!w->has_end || ssri_time_cmp(t, w->end) <= 0);
}
