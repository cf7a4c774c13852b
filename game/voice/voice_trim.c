/* Trimming silence at both ends of a take (voice_trim.h). */
#include "voice_trim.h"

#include <math.h>
#include <stdlib.h>

VoiceTrimParams voice_trim_defaults(void)
{
    return (VoiceTrimParams){.window = 0.010, .floor_db = -60, .above_noise_db = 12, .below_peak_db = 40,
                             .silent_db = -55, .pad_before = 0.15, .pad_after = 0.25};
}

static double rms_db(const float *s, size_t n)
{
    double sum = 0;
    for (size_t i = 0; i < n; i++)
        sum += (double)s[i] * s[i];
    double rms = n ? sqrt(sum / (double)n) : 0;
    return rms > 1e-6 ? 20 * log10(rms) : -120;
}

static size_t window_len(int rate, double window)
{
    double w = window > 0 ? window * rate : 0.010 * rate;
    return w < 1 ? 1 : (size_t)w;
}

double voice_peak_db(const float *s, size_t n, int rate, double window)
{
    if (!s || !n || rate <= 0)
        return -120;
    size_t wl = window_len(rate, window);
    double peak = -120;
    for (size_t i = 0; i < n; i += wl) {
        double d = rms_db(s + i, n - i < wl ? n - i : wl);
        if (d > peak)
            peak = d;
    }
    return peak;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

bool voice_trim(const float *s, size_t n, int rate, const VoiceTrimParams *p, size_t *start, size_t *count)
{
    VoiceTrimParams d = voice_trim_defaults();
    if (!p)
        p = &d;
    *start = *count = 0;
    if (!s || !n || rate <= 0)
        return false;
    size_t wl = window_len(rate, p->window), nw = (n + wl - 1) / wl;
    double *db = malloc(nw * sizeof *db), *sorted = malloc(nw * sizeof *sorted);
    if (!db || !sorted) { /* out of memory: keep the take whole rather than lose it */
        free(db);
        free(sorted);
        *count = n;
        return true;
    }
    double peak = -120;
    for (size_t w = 0; w < nw; w++) {
        size_t at = w * wl;
        db[w] = sorted[w] = rms_db(s + at, n - at < wl ? n - at : wl);
        if (db[w] > peak)
            peak = db[w];
    }
    bool voiced = peak >= p->silent_db;
    if (voiced) {
        qsort(sorted, nw, sizeof *sorted, cmp_double);
        double noise = sorted[nw / 10];
        double thr = p->floor_db;
        if (noise + p->above_noise_db > thr)
            thr = noise + p->above_noise_db;
        if (peak - p->below_peak_db > thr)
            thr = peak - p->below_peak_db;
        if (thr > peak - 6)
            thr = peak - 6;
        size_t first = 0, last = nw - 1;
        while (first < nw && db[first] < thr)
            first++;
        while (last > first && db[last] < thr)
            last--;
        double b = p->pad_before > 0 ? p->pad_before * rate : 0, a = p->pad_after > 0 ? p->pad_after * rate : 0;
        size_t from = first * wl, to = (last + 1) * wl;
        from = (double)from > b ? from - (size_t)b : 0;
        to += (size_t)a;
        if (to > n)
            to = n;
        *start = from;
        *count = to - from;
    }
    free(db);
    free(sorted);
    return voiced;
}
