/* Measuring sound from its samples, for the audio tests: the amplitude of one frequency
 * (Goertzel) and the on/off segments of a signal. Header-only: each test is one file. */
#ifndef SPARRING_TEST_AUDIO_MEASURE_H
#define SPARRING_TEST_AUDIO_MEASURE_H

#include <math.h>
#include <stddef.h>

/* The amplitude of a sine at `freq` in x[0..n) sampled at `rate`: Goertzel over a Hann
 * window (little leakage from neighbouring tones), normalised so that a steady sine of
 * amplitude A over the whole window gives about A. */
static inline double goertzel_amp(const float *x, size_t n, double rate, double freq)
{
    if (n < 2)
        return 0;
    const double pi = 3.14159265358979323846;
    double w = 2.0 * pi * freq / rate;
    double coeff = 2.0 * cos(w), s1 = 0, s2 = 0, wsum = 0;
    for (size_t i = 0; i < n; i++) {
        double win = 0.5 - 0.5 * cos(2.0 * pi * (double)i / (double)(n - 1));
        wsum += win;
        double s0 = x[i] * win + coeff * s1 - s2;
        s2 = s1;
        s1 = s0;
    }
    double power = s1 * s1 + s2 * s2 - coeff * s1 * s2;
    return 2.0 * sqrt(power > 0 ? power : 0) / wsum;
}

typedef struct {
    double start, end; /* seconds */
} Segment;

/* The stretches where |x| exceeds `threshold`, gaps shorter than `merge` seconds bridged
 * (beats between two tones dip to zero). Returns the count (at most max). */
static inline int find_segments(const float *x, size_t n, double rate, float threshold,
                                double merge, Segment *seg, int max)
{
    int count = 0;
    size_t gap = (size_t)(merge * rate);
    size_t i = 0;
    while (i < n) {
        while (i < n && fabsf(x[i]) <= threshold)
            i++;
        if (i >= n)
            break;
        size_t start = i, last = i;
        while (i < n && i - last <= gap) {
            if (fabsf(x[i]) > threshold)
                last = i;
            i++;
        }
        if (count < max)
            seg[count] = (Segment){(double)start / rate, (double)(last + 1) / rate};
        count++;
        i = last + 1;
    }
    return count;
}

#endif
