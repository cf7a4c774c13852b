/* Recorded lines decoded on demand, re-read when their file changes (voice_takes.h). */
#include "voice_takes.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "voice_paths.h"

typedef struct {
    bool seen;            /* the file was looked at (and sig is what it was) */
    bool present;
    dev_t dev;
    ino_t ino;
    off_t size;
    struct timespec mtime, ctime;
    AudioClip clip;       /* frames 0: none */
    char err[200];        /* why the file could not be decoded */
} Take;

struct VoiceTakes {
    const Scenario *sc;
    int locale;
    Take *takes; /* per node */
    unsigned long loads;
};

VoiceTakes *voice_takes_new(const Scenario *sc, int locale)
{
    VoiceTakes *t = calloc(1, sizeof *t);
    int n = scenario_node_count(sc);
    if (!t || !(t->takes = calloc((size_t)(n > 0 ? n : 1), sizeof *t->takes))) {
        free(t);
        return NULL;
    }
    t->sc = sc;
    t->locale = locale;
    return t;
}

void voice_takes_free(VoiceTakes *t)
{
    if (!t)
        return;
    for (int i = 0; i < scenario_node_count(t->sc); i++)
        audio_clip_free(&t->takes[i].clip);
    free(t->takes);
    free(t);
}

static bool same_file(const Take *k, const struct stat *st)
{
    return k->present && k->dev == st->st_dev && k->ino == st->st_ino && k->size == st->st_size &&
           k->mtime.tv_sec == st->st_mtim.tv_sec && k->mtime.tv_nsec == st->st_mtim.tv_nsec &&
           k->ctime.tv_sec == st->st_ctim.tv_sec && k->ctime.tv_nsec == st->st_ctim.tv_nsec;
}

const AudioClip *voice_takes_get(VoiceTakes *t, int node, char *err, size_t errsize)
{
    if (err && errsize)
        err[0] = '\0';
    if (!t || !voice_node_spoken(t->sc, node, t->locale))
        return NULL;
    Take *k = &t->takes[node];
    char path[4096];
    struct stat st;
    bool there = voice_path(scenario_path(t->sc), scenario_id(t->sc), scenario_locale(t->sc, t->locale),
                            scenario_node(t->sc, node)->id, path, sizeof path) >= 0 &&
                 stat(path, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0;
    if (!there) {
        audio_clip_free(&k->clip);
        memset(k, 0, sizeof *k);
        k->seen = true;
        return NULL;
    }
    if (!k->seen || !same_file(k, &st)) {
        audio_clip_free(&k->clip);
        k->err[0] = '\0';
        if (audio_clip_load(path, &k->clip, k->err, sizeof k->err) != 0 && !k->err[0])
            snprintf(k->err, sizeof k->err, "cannot be read");
        t->loads++;
        k->seen = k->present = true;
        k->dev = st.st_dev;
        k->ino = st.st_ino;
        k->size = st.st_size;
        k->mtime = st.st_mtim;
        k->ctime = st.st_ctim;
    }
    if (k->clip.frames == 0) {
        if (err && errsize)
            snprintf(err, errsize, "%s: %s", path, k->err[0] ? k->err : "an empty take");
        return NULL;
    }
    return &k->clip;
}

unsigned long voice_takes_loads(const VoiceTakes *t) { return t ? t->loads : 0; }
