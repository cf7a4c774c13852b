/* Audio files through libsndfile: a mono clip of float samples (-1..1) read from any format
 * libsndfile knows (WAV, FLAC, Ogg Vorbis, Opus, ...), from a file or from bytes in memory, and
 * written as WAV, FLAC, Ogg Vorbis or Opus. The bytes handed to audio_clip_decode are untrusted
 * (a records database, a scenario's folder): any bytes give a clip or a message, never a crash.
 * Used by the trainer's voice recorder, the call's recorded lines and the records of spoken
 * answers. No device here: see audio.h for sound. */
#ifndef SPARRING_AUDIO_FILE_H
#define SPARRING_AUDIO_FILE_H

#include <stddef.h>

typedef struct {
    float *pcm;    /* frames samples, mono, -1..1; malloc'd, owned by the clip */
    size_t frames;
    int rate;      /* Hz */
} AudioClip;

/* The longest clip decoded (at any rate): about 30 minutes at 48 kHz. Longer input is an
 * error, so a forged header can never ask for gigabytes. */
#define AUDIO_CLIP_MAX_FRAMES ((size_t)48000 * 60 * 30)

/* Reads a file of any format libsndfile reads, several channels mixed down to one. 0, or -1
 * with a one-line message in err (the clip is then empty). Free with audio_clip_free. */
int audio_clip_load(const char *path, AudioClip *out, char *err, size_t errsize);
/* The same from size bytes in memory (e.g. a recording kept in the records). */
int audio_clip_decode(const void *bytes, size_t size, AudioClip *out, char *err, size_t errsize);
/* Encodes the clip in format ("flac", "wav", "ogg" (Vorbis) or "opus") into a malloc'd buffer
 * (*bytes, *size; the caller frees it). FLAC and WAV hold 16-bit samples; Opus needs a rate
 * of 8, 12, 16, 24 or 48 kHz. 0, or -1 with a message. */
int audio_clip_encode(const AudioClip *c, const char *format, unsigned char **bytes,
                      size_t *size, char *err, size_t errsize);
/* Writes the clip to path, the format from its extension (.wav, .flac, .ogg, .opus); the file
 * is written whole or not at all (a temporary file renamed). 0, or -1 with a message. */
int audio_clip_save(const AudioClip *c, const char *path, char *err, size_t errsize);
/* Frees the samples and empties the clip; NULL and an empty clip are allowed. */
void audio_clip_free(AudioClip *c);
/* The clip's length in seconds (0 for an empty clip). */
double audio_clip_seconds(const AudioClip *c);
/* The clip's RMS level in dB full scale (-120 for silence or an empty clip). */
double audio_clip_level_dbfs(const AudioClip *c);

#endif
