/* mentor_listen: the case review's spoken answers (see mentor_listen.h). */
#include "mentor_listen.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "audio_file.h"

typedef struct {
    int decision_index;
    char *text;
} SavedComment;

struct MentorListen {
    const RecordsRecording *recs;
    int n;
    char *backend, *db, *attempt_id;
    Audio *audio;
    char dir[64];      /* a private folder for the WAV the mixer loads (removed at once) */
    SavedComment *saved;
    int nsaved;
};

MentorListen *mentor_listen_new(const RecordsRecording *recs, int n, const char *audio_backend,
                                const char *db, const char *attempt_id)
{
    MentorListen *l = calloc(1, sizeof *l);
    if (!l)
        return NULL;
    l->recs = recs;
    l->n = recs ? n : 0;
    l->backend = audio_backend ? strdup(audio_backend) : NULL;
    l->db = db && *db ? strdup(db) : NULL;
    l->attempt_id = strdup(attempt_id ? attempt_id : "");
    if ((audio_backend && !l->backend) || (db && *db && !l->db) || !l->attempt_id) {
        mentor_listen_free(l);
        return NULL;
    }
    return l;
}

void mentor_listen_free(MentorListen *l)
{
    if (!l)
        return;
    audio_close(l->audio);
    if (l->dir[0])
        rmdir(l->dir);
    for (int i = 0; i < l->nsaved; i++)
        free(l->saved[i].text);
    free(l->saved);
    free(l->backend);
    free(l->db);
    free(l->attempt_id);
    free(l);
}

const RecordsRecording *mentor_listen_find(const MentorListen *l, int decision_number)
{
    for (int i = 0; l && i < l->n; i++)
        if (l->recs[i].decision == decision_number)
            return &l->recs[i];
    return NULL;
}

/* Opens the sound at the first play; a warning (no device: the null backend) is kept quiet:
 * the window says so when nothing can be heard. */
static int open_audio(MentorListen *l, char *err, size_t errsize)
{
    if (l->audio)
        return 0;
    char warn[256] = "";
    l->audio = audio_open(l->backend, warn, sizeof warn);
    if (!l->audio) {
        snprintf(err, errsize, "out of memory");
        return -1;
    }
    return 0;
}

int mentor_listen_play(MentorListen *l, int decision_number, char *err, size_t errsize)
{
    const RecordsRecording *rec = mentor_listen_find(l, decision_number);
    if (!rec || !rec->data) {
        snprintf(err, errsize, "no recording of decision %d", decision_number);
        return -1;
    }
    AudioClip clip;
    if (audio_clip_decode(rec->data, rec->size, &clip, err, errsize) < 0)
        return -1;
    /* The mixer plays files (audio_play_file, cached by path): the clip goes through a WAV in
     * a folder of this user's only, removed as soon as it is loaded. */
    char path[128];
    int rc = -1;
    if (!l->dir[0]) {
        snprintf(l->dir, sizeof l->dir, "/tmp/sparring-listen-XXXXXX");
        if (!mkdtemp(l->dir)) {
            l->dir[0] = 0;
            snprintf(err, errsize, "cannot make a temporary folder");
            goto out;
        }
    }
    snprintf(path, sizeof path, "%s/%d.wav", l->dir, decision_number);
    if (open_audio(l, err, errsize) < 0 || audio_clip_save(&clip, path, err, errsize) < 0)
        goto out;
    audio_stop_all(l->audio);
    rc = audio_play_file(l->audio, path, err, errsize);
    unlink(path);
out:
    audio_clip_free(&clip);
    return rc;
}

bool mentor_listen_can_comment(const MentorListen *l)
{
    return l && l->db;
}

int mentor_listen_comment(MentorListen *l, int decision_index, int64_t offset_ms, const char *text,
                          char *err, size_t errsize)
{
    if (!mentor_listen_can_comment(l)) {
        snprintf(err, errsize, "no records store to write to");
        return -1;
    }
    if (!text || !*text) {
        snprintf(err, errsize, "the comment is empty");
        return -1;
    }
    Records *db = records_open(l->db, err, errsize);
    if (!db)
        return -1;
    int rc = records_add_mentor_event(db, l->attempt_id, "comment", text, offset_ms, decision_index,
                                      err, errsize);
    records_close(db);
    if (rc < 0)
        return -1;
    SavedComment *s = realloc(l->saved, sizeof *s * (size_t)(l->nsaved + 1));
    char *copy = strdup(text);
    if (s)
        l->saved = s;
    if (s && copy)
        l->saved[l->nsaved++] = (SavedComment){decision_index, copy};
    else
        free(copy);
    return 0;
}

const char *mentor_listen_comment_at(const MentorListen *l, int decision_index, int i)
{
    for (int k = 0; l && k < l->nsaved; k++)
        if (l->saved[k].decision_index == decision_index && i-- == 0)
            return l->saved[k].text;
    return NULL;
}

Audio *mentor_listen_audio(MentorListen *l)
{
    return l ? l->audio : NULL;
}
