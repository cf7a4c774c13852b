/* Listening back in the case review (mentor_replay.c with mentor_listen.c), on SDL's dummy video
 * driver with the null sound backend (the test pulls the mixer's frames itself, as the audio
 * thread would): the decision with a spoken answer shows it beside the answer taken, A plays it
 * (the mixer's output carries the recording), a comment typed on it is saved to the records as
 * the mentor's comment at that decision (keys typed into the box move nothing), and a damaged
 * recording says so in the window instead of crashing. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "audio.h"
#include "audio_file.h"
#include "check.h"
#include "mentor_listen.h"
#include "mentor_replay.h"
#include "play.h"
#include "records.h"
#include "records_fixture.h"
#include "ui_check.h"

#define T0 1795760400000LL
#define NBEST 8 /* decisions on the fixture's best path */

static char tmpdir[4096], db_path[4200];
static Scenario *sc;

/* A voice-like clip: a 150 Hz voice with harmonics, in syllables. */
static AudioClip voice(double seconds)
{
    AudioClip c = {0};
    c.rate = 16000;
    c.frames = (size_t)(seconds * c.rate);
    c.pcm = malloc(c.frames * sizeof *c.pcm);
    for (size_t i = 0; i < c.frames; i++) {
        double t = (double)i / c.rate, ph = 2 * M_PI * 150 * t;
        c.pcm[i] = (float)(0.7 * fabs(sin(M_PI * 3 * t)) * (0.6 * sin(ph) + 0.2 * sin(2 * ph)));
    }
    return c;
}

/* An attempt on the best path with a spoken answer at decision 2 and damaged bytes at 6. */
static int record(char id[37], double *seconds)
{
    char err[1024];
    Records *db = records_open(db_path, err, sizeof err);
    if (!db) {
        fprintf(stderr, "  %s\n", err);
        return -1;
    }
    PlayOptions opts = {.timers = true, .time_multiplier = 1.0};
    Play *p = play_new(sc, 3, opts);
    AttemptMeta meta = {.trainee_id = "E9", .mode = "practice", .locale = "en"};
    Recorder *r = recorder_begin(db, p, &meta, T0, err, sizeof err);
    int rc = r ? 0 : -1;
    for (int i = 0; r && rc == 0 && i < NBEST; i++) {
        take(p, BEST[i], (i + 1) * 1000);
        rc = recorder_sync(r, p, T0 + (i + 1) * 1000, err, sizeof err);
    }
    AudioClip c = voice(1.3);
    *seconds = audio_clip_seconds(&c);
    unsigned char *bytes = NULL, junk[2000];
    size_t size = 0;
    if (rc == 0)
        rc = audio_clip_encode(&c, "flac", &bytes, &size, err, sizeof err);
    RecordsAudio a = {"flac", bytes, size, *seconds, audio_clip_level_dbfs(&c), "opening"};
    if (rc == 0)
        rc = recorder_add_audio(r, 2, &a, T0 + 2500, err, sizeof err);
    memcpy(junk, "fLaC", 4);
    for (size_t i = 4; i < sizeof junk; i++)
        junk[i] = (unsigned char)(i * 37 + 11);
    RecordsAudio bad = {"flac", junk, sizeof junk, 1.0, -20, "needs"};
    if (rc == 0)
        rc = recorder_add_audio(r, 6, &bad, T0 + 6500, err, sizeof err);
    if (r) {
        snprintf(id, 37, "%s", recorder_attempt_id(r));
        if (recorder_end(r, p, T0 + 10000, err, sizeof err) < 0)
            rc = -1;
    }
    if (rc)
        fprintf(stderr, "  recording: %s\n", err);
    free(bytes);
    audio_clip_free(&c);
    play_free(p);
    records_close(db);
    return rc;
}

static void key(MentorReplay *r, const char *name)
{
    CHECK_MSG(mentor_win_push_key(mentor_replay_win(r), name, false, false) == 0, "key %s", name);
    mentor_replay_step(r, 0);
    mentor_replay_draw(r);
}

/* RMS in dBFS of what the mixer plays over `seconds` (the test is the audio thread). */
static double mixed_dbfs(Audio *a, double seconds, int *voices_after)
{
    int ch = audio_channels(a);
    size_t frames = (size_t)(seconds * audio_rate(a)), chunk = 512;
    float *buf = malloc(chunk * (size_t)ch * sizeof *buf);
    double sum = 0;
    int v = 0;
    for (size_t done = 0; done < frames; done += chunk) {
        v = audio_render(a, buf, chunk);
        for (size_t i = 0; i < chunk * (size_t)ch; i++)
            sum += (double)buf[i] * buf[i];
    }
    free(buf);
    *voices_after = v;
    double rms = sqrt(sum / (double)(frames * (size_t)ch));
    return rms > 0 ? 20 * log10(rms) : -120;
}

static void the_review_plays_a_spoken_answer_and_takes_a_comment(void)
{
    char id[37] = "", err[1024] = "";
    double seconds = 0;
    CHECK_INT(record(id, &seconds), 0);
    Records *db = records_open_readonly(db_path, err, sizeof err);
    RecordsAttempt *at = db ? records_attempt_load(db, id, err, sizeof err) : NULL;
    RecordsRecording *recs = NULL;
    int n = 0;
    CHECK(db && records_recordings(db, id, true, &recs, &n, err, sizeof err) == 0);
    records_close(db);
    CHECK_MSG(at != NULL && n == 2, "%s", err);
    if (!at) {
        records_recordings_free(recs, n);
        return;
    }
    MentorReplayOptions ro = {.locale = "en", .no_present = true, .recordings = recs, .nrecordings = n,
                              .audio_backend = "null", .db = db_path};
    MentorReplay *r = mentor_replay_new(sc, at, &ro, err, sizeof err);
    CHECK_MSG(r != NULL, "%s", err);
    if (!r) {
        records_attempt_free(at);
        records_recordings_free(recs, n);
        return;
    }
    mentor_replay_draw(r);
    UiGfx *g = mentor_replay_win(r)->g;
    /* decision 1: no spoken answer, no Play */
    CHECK(ui_check_text_containing(g, "Spoken answer") == NULL);
    CHECK(mentor_win_button_rect(mentor_replay_win(r), "Play (A)").w == 0);
    key(r, "Right");
    CHECK_INT(mentor_replay_position(r), 1);
    CHECK(ui_check_text_containing(g, "Spoken answer · 1.3 s") != NULL);
    CHECK(ui_check_text_containing(g, "That was our fault.  [taken]") != NULL); /* beside it */
    CHECK(mentor_win_button_rect(mentor_replay_win(r), "Play (A)").w > 0);
    /* A plays it: the mixer's output carries the recording at about its level */
    key(r, "A");
    bool ok = false;
    const char *status = mentor_replay_listen_status(r, &ok);
    CHECK_MSG(status[0] == 0, "%s", status);
    Audio *a = mentor_listen_audio(mentor_replay_listen(r));
    CHECK(a != NULL);
    if (a) {
        int voices = -1;
        double level = mixed_dbfs(a, 1.2, &voices);
        double want = recs[0].level_dbfs;
        CHECK_MSG(fabs(level - want) < 3.0, "played at %.1f dBFS, recorded at %.1f", level, want);
        CHECK_INT(voices, 1); /* still playing at 1.2 s of 1.3 s */
        mixed_dbfs(a, 0.5, &voices);
        CHECK_INT(voices, 0); /* and over after its end */
    }
    /* the button does the same */
    UiRect pb = mentor_win_button_rect(mentor_replay_win(r), "Play (A)");
    mentor_win_push_click(mentor_replay_win(r), pb.x + 3, pb.y + 3);
    mentor_replay_step(r, 0);
    int voices = 0;
    if (a)
        CHECK(mixed_dbfs(a, 0.3, &voices) > -40 && voices == 1);
    /* a comment on it: typed keys move nothing, Enter saves it at this decision */
    MentorWin *w = mentor_replay_win(r);
    mentor_win_focus_field(w);
    mentor_win_push_text(w, "语气很好, press pause");
    mentor_replay_step(r, 0);
    key(r, "p");
    key(r, "Right");
    CHECK_INT(mentor_replay_position(r), 1);
    CHECK_INT(mentor_replay_fork_steps(r), -1);
    key(r, "Return");
    status = mentor_replay_listen_status(r, &ok);
    CHECK_MSG(ok && strstr(status, "Comment saved at decision 2"), "%s", status);
    CHECK(ui_check_text_containing(g, "语气很好, press pause") != NULL);
    ui_check_save_png(g, getenv("SPARRING_MENTOR_SHOTS"), "review-spoken");
    /* the comment is in the records, a mentor comment at decision 2 (1 decision before it) */
    db = records_open_readonly(db_path, err, sizeof err);
    RecordsAttempt *back = db ? records_attempt_load(db, id, err, sizeof err) : NULL;
    records_close(db);
    bool found = false;
    for (int i = 0; back && i < back->nmentor; i++)
        found |= !strcmp(back->mentor[i].kind, "comment") && !strcmp(back->mentor[i].detail, "语气很好, press pause") &&
                 back->mentor[i].decision_index == 1 && back->mentor[i].offset_ms == 2000;
    CHECK(found);
    records_attempt_free(back);
    /* Escape leaves the box; then A plays again and Right moves */
    key(r, "Escape");
    key(r, "Right");
    CHECK_INT(mentor_replay_position(r), 2);
    /* decision 6: damaged bytes: said in the window, nothing crashes, the review goes on */
    for (int i = 0; i < 3; i++)
        key(r, "Right");
    CHECK_INT(mentor_replay_position(r), 5);
    CHECK(ui_check_text_containing(g, "Spoken answer · 1.0 s") != NULL);
    key(r, "A");
    status = mentor_replay_listen_status(r, &ok);
    CHECK_MSG(!ok && strstr(status, "Cannot play the recording"), "%s", status);
    CHECK(ui_check_text_containing(g, "Cannot play the recording") != NULL);
    key(r, "Right");
    CHECK_INT(mentor_replay_position(r), 6);
    mentor_replay_free(r);
    records_attempt_free(at);
    records_recordings_free(recs, n);
}

int main(void)
{
    ui_check_tmpdir("replay-audio", tmpdir, sizeof tmpdir);
    snprintf(db_path, sizeof db_path, "%s/records.db", tmpdir);
    DiagList d = {0};
    sc = scenario_load_buffer(SCENARIO_JSON, sizeof SCENARIO_JSON - 1, "records-call.json", NULL, &d);
    diag_list_free(&d);
    if (!sc)
        return 1;
    RUN(the_review_plays_a_spoken_answer_and_takes_a_comment);
    scenario_free(sc);
    char cmd[4200];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    if (check_failures_in_test == 0 && system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", tmpdir);
    return check_summary();
}
