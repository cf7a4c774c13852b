/* The null sound backend: no device. Used with --no-sound, when PortAudio finds no device,
 * and by tests, which pull frames through audio_render() themselves. */
#include "audio.h"

#include <stdlib.h>

typedef struct {
    Audio *audio;
} NullState;

static void *null_open(Audio *a, int *rate, int channels, char *err, size_t errsize)
{
    (void)rate; /* any rate will do: keep the one wanted */
    (void)channels;
    (void)err;
    (void)errsize;
    NullState *s = calloc(1, sizeof *s);
    if (s)
        s->audio = a;
    return s;
}

static int null_start(void *state, char *err, size_t errsize)
{
    (void)state;
    (void)err;
    (void)errsize;
    return 0;
}

static void null_close(void *state)
{
    free(state);
}

const AudioBackend audio_backend_null = {
    .name = "null",
    .open = null_open,
    .start = null_start,
    .close = null_close,
    .stats = NULL,
};
