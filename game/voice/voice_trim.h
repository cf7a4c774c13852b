/* Trimming the silence at both ends of a recorded line: a pure function of the samples (no
 * device, no clock), so it is unit-tested on made-up takes (tests/test_voice.c). */
#ifndef SPARRING_VOICE_TRIM_H
#define SPARRING_VOICE_TRIM_H

#include <stdbool.h>
#include <stddef.h>

/* How the voiced part is found. The take is cut in windows of `window` seconds; a window is
 * voiced when its RMS level (dBFS) reaches the threshold, which is the highest of floor_db, the
 * take's noise (the quietest tenth of its windows) + above_noise_db, and its loudest window -
 * below_peak_db; but never above the loudest window - 6 dB (a take that is all speech keeps
 * it all). The cut keeps pad_before / pad_after seconds around the first and last voiced
 * windows (a soft start, a trailing breath). */
typedef struct {
    double window;         /* seconds, > 0 */
    double floor_db;       /* absolute lowest threshold */
    double above_noise_db;
    double below_peak_db;
    double silent_db;      /* a take whose loudest window is below this is silence */
    double pad_before, pad_after; /* seconds */
} VoiceTrimParams;

/* The defaults: 10 ms windows, floor -60 dBFS, 12 dB above the noise, 40 dB below the peak,
 * silence below -55 dBFS, 0.15 s before and 0.25 s after. */
VoiceTrimParams voice_trim_defaults(void);

/* The voiced part of n mono samples at `rate` Hz: *start and *count (samples). Returns false
 * (and *start = *count = 0) when nothing in the take reaches silent_db, or n or rate is 0.
 * p NULL: the defaults. */
bool voice_trim(const float *s, size_t n, int rate, const VoiceTrimParams *p, size_t *start, size_t *count);

/* The loudest window's RMS level of a take in dBFS (-120 for digital silence): for tests and
 * the recorder's "nothing heard" message. */
double voice_peak_db(const float *s, size_t n, int rate, double window);

#endif
