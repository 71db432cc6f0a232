/*
 * Numbers, both ways, independent of the process locale.
 *
 * Reading: most JSON numbers have at most 15 significant digits and a
 * small exponent; those are converted exactly by one multiplication or
 * division (Clinger's fast path). The rest go to strtod_l() under the "C"
 * locale, which rounds correctly.
 *
 * Writing: RFC 8785 wants ECMAScript's Number-to-String, i.e. the
 * shortest digit string that reads back as the same double, the closest
 * one when several are that short. printf's "%.*e" gives the correctly
 * rounded digits for each precision; the first precision whose digits (or
 * their neighbour on the other side of the value) read back exactly is
 * the shortest.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <locale.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"

static locale_t c_locale;
static pthread_once_t c_locale_once = PTHREAD_ONCE_INIT;

static void make_c_locale(void)
{
    c_locale = newlocale(LC_ALL_MASK, "C", (locale_t)0);
}

static const double exact_powers[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                      1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                      1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

/*
 * Clinger's fast path: with at most 15 digits the mantissa is exact, and
 * so is 10^e up to e = 22; one IEEE operation then rounds correctly.
 * False when the number needs the slow path.
 */
static bool fast_path(const char *s, size_t len, double *out)
{
    size_t i = 0;
    bool negative = false;
    uint64_t mantissa = 0;
    int digits = 0, exp10 = 0;

    if (i < len && s[i] == '-') {
        negative = true;
        i++;
    }
    for (; i < len && s[i] >= '0' && s[i] <= '9'; i++) {
        if (digits > 0 || s[i] != '0')
            digits++;
        mantissa = mantissa * 10 + (uint64_t)(s[i] - '0');
        if (digits > 15)
            return false;
    }
    if (i < len && s[i] == '.') {
        for (i++; i < len && s[i] >= '0' && s[i] <= '9'; i++) {
            if (digits > 0 || s[i] != '0')
                digits++;
            mantissa = mantissa * 10 + (uint64_t)(s[i] - '0');
            exp10--;
            if (digits > 15)
                return false;
        }
    }
    if (i < len && (s[i] == 'e' || s[i] == 'E')) {
        bool exp_negative = false;
        int e = 0;
        i++;
        if (i < len && (s[i] == '+' || s[i] == '-'))
            exp_negative = s[i++] == '-';
        for (; i < len && s[i] >= '0' && s[i] <= '9'; i++) {
            if (e > 1000)
                return false;
            e = e * 10 + (s[i] - '0');
        }
        exp10 += exp_negative ? -e : e;
    }
    if (i != len)
        return false;
    double value = (double)mantissa;
    if (mantissa == 0)
        value = 0.0;
    else if (exp10 >= 0 && exp10 <= 22)
        value *= exact_powers[exp10];
    else if (exp10 < 0 && exp10 >= -22)
        value /= exact_powers[-exp10];
    else
        return false;
    *out = negative ? -value : value;
    return true;
}

bool ssri_number_parse(const char *s, size_t len, double *out, int *status)
{
    if (fast_path(s, len, out))
        return true;

    pthread_once(&c_locale_once, make_c_locale);
    if (c_locale == (locale_t)0) {
        *status = SSR_ENOMEM;
        return false;
    }
    char small[64];
    char *text = len < sizeof small ? small : ssri_malloc(len + 1);
    if (text == NULL) {
        *status = SSR_ENOMEM;
        return false;
    }
    memcpy(text, s, len);
    text[len] = '\0';
    double value = strtod_l(text, NULL, c_locale);
    if (text != small)
        ssri_free(text);
    if (isinf(value))
        return false;
    *out = value;
    return true;
}

/* Reads back `digits` (k digits, d.ddd form) times 10^exp10. */
static double read_back(const char *digits, int k, int exp10)
{
    char text[48];
    int n = 0;
    text[n++] = digits[0];
    if (k > 1) {
        text[n++] = '.';
        memcpy(text + n, digits + 1, (size_t)(k - 1));
        n += k - 1;
    }
    n += snprintf(text + n, sizeof text - (size_t)n, "e%d", exp10);
    double value = 0;
    int status;
    ssri_number_parse(text, (size_t)n, &value, &status);
    return value;
}

/* Adds or subtracts one unit in the last place of a k-digit string. */
static bool step_digits(char *digits, int k, int *exp10, int direction)
{
    int i = k - 1;
    if (direction > 0) {
        while (i >= 0 && digits[i] == '9')
            digits[i--] = '0';
        if (i < 0) { /* 99..9 + 1 = 100..0 */
            digits[0] = '1';
            (*exp10)++;
            return true;
        }
        digits[i]++;
        return true;
    }
    while (i >= 0 && digits[i] == '0')
        digits[i--] = '9';
    if (i < 0)
        return false;
    digits[i]--;
    return digits[0] != '0'; /* a shorter string was tried already */
}

/* The shortest digits of a positive finite double: k digits, value = 0.d1..dk * 10^n. */
static int shortest_digits(double value, char digits[20], int *n)
{
    for (int k = 1; k <= 17; k++) {
        char text[40];
        snprintf(text, sizeof text, "%.*e", k - 1, value);
        /* text is d[.ddd]e±XX; the decimal point may be any locale's. */
        int count = 0;
        const char *p = text;
        for (; *p != 'e'; p++)
            if (*p >= '0' && *p <= '9')
                digits[count++] = *p;
        int exp10 = atoi(p + 1);
        double back = read_back(digits, count, exp10);
        if (back != value) {
            int e = exp10;
            if (!step_digits(digits, count, &e, back < value ? 1 : -1) ||
                read_back(digits, count, e) != value)
                continue;
            exp10 = e;
        }
        while (count > 1 && digits[count - 1] == '0')
            count--;
        *n = exp10 + 1;
        return count;
    }
    /* Unreachable: 17 significant digits always round-trip a double. */
    snprintf(digits, 20, "0");
    *n = 1;
    return 1;
}

static size_t format_integer(uint64_t v, bool negative, char out[32])
{
    char tmp[24];
    size_t n = 0, len = 0;
    do {
        tmp[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v > 0);
    if (negative)
        out[len++] = '-';
    while (n > 0)
        out[len++] = tmp[--n];
    out[len] = '\0';
    return len;
}

size_t ssri_number_format(double value, char out[32])
{
    if (value == 0)
        return (size_t)snprintf(out, 32, "0"); /* -0 too */
    bool negative = value < 0;
    double magnitude = negative ? -value : value;
    if (magnitude < 9007199254740992.0 && magnitude == floor(magnitude))
        return format_integer((uint64_t)magnitude, negative, out);

    char digits[20];
    int n;
    int k = shortest_digits(magnitude, digits, &n);
    size_t len = 0;
    if (negative)
        out[len++] = '-';
    if (k <= n && n <= 21) {
        memcpy(out + len, digits, (size_t)k);
        len += (size_t)k;
        for (int i = k; i < n; i++)
            out[len++] = '0';
    } else if (0 < n && n <= 21) {
        memcpy(out + len, digits, (size_t)n);
        len += (size_t)n;
        out[len++] = '.';
        memcpy(out + len, digits + n, (size_t)(k - n));
        len += (size_t)(k - n);
    } else if (-6 < n && n <= 0) {
        out[len++] = '0';
        out[len++] = '.';
        for (int i = 0; i < -n; i++)
            out[len++] = '0';
        memcpy(out + len, digits, (size_t)k);
        len += (size_t)k;
    } else {
        out[len++] = digits[0];
        if (k > 1) {
            out[len++] = '.';
            memcpy(out + len, digits + 1, (size_t)(k - 1));
            len += (size_t)(k - 1);
        }
        len += (size_t)snprintf(out + len, 32 - len, "e%c%d", n - 1 >= 0 ? '+' : '-', abs(n - 1));
    }
    out[len] = '\0';
    return len;
}
