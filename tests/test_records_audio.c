/* Recordings of spoken answers in the records (engine/records_audio.c), on an SQLite file, and on
 * a real PostgreSQL server when SPARRING_TEST_PG names one (tests/test_records_audio_pg.sh starts
 * a throwaway cluster and runs this again under it):
 * - stored with their attempt, read back byte for byte, a re-take replacing the first;
 * - `records export --format jsonl` names them per decision ("recording": {"seconds": S}), xAPI
 *   on the answered statement's result (the extension .../extensions/recording), and
 *   never carries their bytes; `records copy` carries them;
 * - `replay ID --export-audio DIR` writes DIR/<decision>-<node>.wav matching the input (length
 *   within 50 ms, correlation above 0.9);
 * - `records purge-audio` removes the old ones and nothing else (the retention key of the
 *   configuration by default);
 * - a damaged recording in the database: a clear message, the others still written, no crash;
 * - an older database migrates to schema 5;
 * - PostgreSQL: the station role adds recordings but cannot delete them nor change a finished
 *   attempt's; a member of sparring_privacy purges. */
#include "audio_file.h"
#include "check.h"
#include "play.h"
#include "records.h"
#include "records_rig.h"

#include <math.h>
#include <sqlite3.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define DAY_MS 86400000LL

static RecordsRig rig;
static int64_t now_ms;

static void target(char *buf, size_t size, const char *name) { records_rig_target(&rig, name, buf, size); }

/* Opens the store t; a failed check when it cannot. */
static Records *open_target(const char *t)
{
    Records *db = records_rig_open(t);
    if (!db)
        check_failures_in_test++;
    return db;
}

/* A voice-like test signal: a 140 Hz voice with harmonics and a slow vibrato, in syllables,
 * and a little noise; seconds long at rate. */
static AudioClip voice(int rate, double seconds, unsigned seed)
{
    AudioClip c = {0};
    c.rate = rate;
    c.frames = (size_t)(seconds * rate);
    c.pcm = malloc(c.frames * sizeof *c.pcm);
    double phase = 0;
    srand(seed);
    for (size_t i = 0; i < c.frames; i++) {
        double t = (double)i / rate;
        double f0 = 140 + 12 * sin(2 * M_PI * 5 * t);
        phase += 2 * M_PI * f0 / rate;
        double syl = pow(fabs(sin(M_PI * 3.2 * t)), 0.7);
        double v = 0.5 * sin(phase) + 0.25 * sin(2 * phase) + 0.12 * sin(3 * phase);
        double noise = ((double)rand() / RAND_MAX - 0.5) * 0.02;
        c.pcm[i] = (float)(0.8 * syl * v + noise);
    }
    return c;
}

static double correlation(const float *a, const float *b, size_t n)
{
    double sa = 0, sb = 0, saa = 0, sbb = 0, sab = 0;
    for (size_t i = 0; i < n; i++) {
        sa += a[i];
        sb += b[i];
        saa += (double)a[i] * a[i];
        sbb += (double)b[i] * b[i];
        sab += (double)a[i] * b[i];
    }
    double cov = sab - sa * sb / n, va = saa - sa * sa / n, vb = sbb - sb * sb / n;
    return va > 0 && vb > 0 ? cov / sqrt(va * vb) : 0;
}

/* The clip as FLAC bytes (the caller frees). */
static unsigned char *flac_of(const AudioClip *c, size_t *size)
{
    unsigned char *b = NULL;
    char err[256];
    if (audio_clip_encode(c, "flac", &b, size, err, sizeof err) < 0) {
        fprintf(stderr, "  encode: %s\n", err);
        check_failures_in_test++;
    }
    return b;
}

static RecordsAudio audio_of(const AudioClip *c, const unsigned char *bytes, size_t size,
                             const char *node)
{
    RecordsAudio a = {"flac", bytes, size, audio_clip_seconds(c), audio_clip_level_dbfs(c), node};
    return a;
}

static int record_with_audio(Records *db, const char *trainee, double age_days, bool keep_open,
                             const AudioClip *c2, char id[37]);

/* The same in a child process that stops without ending the attempt (what a crash leaves: the
 * attempt in progress), on its own connection to target t. */
static int record_and_crash(const char *t, const char *trainee, double age_days, const AudioClip *c2,
                            char id[37])
{
    int fd[2];
    if (pipe(fd) != 0)
        return -1;
    pid_t pid = fork();
    if (pid == 0) {
        close(fd[0]);
        char err[1024], cid[37] = "";
        Records *db = records_open(t, err, sizeof err);
        int rc = db ? record_with_audio(db, trainee, age_days, true, c2, cid) : -1;
        if (rc == 0 && write(fd[1], cid, 37) != 37)
            rc = -1;
        _exit(rc == 0 ? 0 : 1); /* no records_close: the process just stops */
    }
    close(fd[1]);
    ssize_t got = pid > 0 ? read(fd[0], id, 37) : -1;
    close(fd[0]);
    int status = 0;
    if (pid > 0)
        waitpid(pid, &status, 0);
    return got == 37 && WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : -1;
}

/* Records an attempt on the best path; spoken answers for decisions 2 (recorded twice: the
 * second take stays) and 4 while it runs, at now - age_days. keep_open: the last decision is
 * not taken and the attempt not ended (only in record_and_crash's child, which stops right
 * after). */
static int record_with_audio(Records *db, const char *trainee, double age_days, bool keep_open,
                             const AudioClip *c2, char id[37])
{
    char err[1024];
    Play *p = play_new(rig.sc, 7, RIG_OPTS);
    AttemptMeta meta = {.trainee_id = trainee, .mode = "assessment"};
    int64_t t0 = now_ms - (int64_t)(age_days * DAY_MS);
    Recorder *r = recorder_begin(db, p, &meta, t0, err, sizeof err);
    if (!r) {
        fprintf(stderr, "  recorder_begin: %s\n", err);
        play_free(p);
        return -1;
    }
    snprintf(id, 37, "%s", recorder_attempt_id(r));
    int rc = 0;
    AudioClip first = voice(16000, 0.7, 1), fourth = voice(16000, 1.1, 4);
    size_t n1, n2, n4;
    unsigned char *b1 = flac_of(&first, &n1), *b2 = flac_of(c2, &n2), *b4 = flac_of(&fourth, &n4);
    for (int i = 0; i < (keep_open ? NBEST - 1 : NBEST) && rc == 0; i++) { /* the last ends it */
        if (i == 1) {
            RecordsAudio a = audio_of(&first, b1, n1, "opening");
            rc |= recorder_add_audio(r, 2, &a, t0 + 1500, err, sizeof err);
            a = audio_of(c2, b2, n2, "opening");
            rc |= recorder_add_audio(r, 2, &a, t0 + 1600, err, sizeof err);
        }
        if (i == 3) {
            RecordsAudio a = audio_of(&fourth, b4, n4, "demand");
            rc |= recorder_add_audio(r, 4, &a, t0 + 3500, err, sizeof err);
        }
        take(p, BEST[i], (i + 1) * 1000);
        rc |= recorder_sync(r, p, t0 + (i + 1) * 1000, err, sizeof err);
    }
    if (rc)
        fprintf(stderr, "  recording: %s\n", err);
    if (!keep_open && recorder_end(r, p, t0 + 10000, err, sizeof err) < 0)
        rc = -1;
    free(b1);
    free(b2);
    free(b4);
    audio_clip_free(&first);
    audio_clip_free(&fourth);
    play_free(p);
    return rc;
}

static long long count(Records *db, const char *sql) { return records_rig_count(db, sql); }

/* ---- the engine ---------------------------------------------------------------------------- */

static void recordings_should_come_back_byte_for_byte(void)
{
    char t[1024], id[37], err[1024];
    target(t, sizeof t, "audio-basic.db");
    Records *db = open_target(t);
    if (!db)
        return;
    AudioClip c2 = voice(16000, 1.9, 2);
    CHECK_INT(record_with_audio(db, "E1", 0, false, &c2, id), 0);
    RecordsRecording *recs = NULL;
    int n = -1;
    CHECK_INT(records_recordings(db, id, true, &recs, &n, err, sizeof err), 0);
    CHECK_INT(n, 2);
    if (n == 2) {
        CHECK_INT(recs[0].decision, 2);
        CHECK_STR(recs[0].node, "opening");
        CHECK_STR(recs[0].format, "flac");
        CHECK(fabs(recs[0].seconds - 1.9) < 1e-9); /* the re-take replaced the first */
        size_t size;
        unsigned char *want = flac_of(&c2, &size);
        CHECK(recs[0].size == size && memcmp(recs[0].data, want, size) == 0);
        free(want);
        AudioClip back;
        CHECK(audio_clip_decode(recs[0].data, recs[0].size, &back, err, sizeof err) == 0);
        CHECK_INT(back.frames, c2.frames);
        audio_clip_free(&back);
        CHECK(fabs(recs[0].level_dbfs - audio_clip_level_dbfs(&c2)) < 1e-9);
        CHECK_INT(recs[1].decision, 4);
        CHECK_STR(recs[1].node, "demand");
    }
    records_recordings_free(recs, n);
    /* without the bytes: the sizes all the same */
    CHECK_INT(records_recordings(db, id, false, &recs, &n, err, sizeof err), 0);
    CHECK(n == 2 && recs[0].data == NULL && recs[0].size > 1000);
    records_recordings_free(recs, n);
    /* refused: no such attempt, decision 0, an unknown format, no bytes */
    unsigned char byte = 1;
    RecordsAudio a = {"flac", &byte, 1, 0.1, -20, "x"};
    CHECK(records_add_audio(db, "no-such-attempt", 1, &a, now_ms, err, sizeof err) < 0);
    CHECK(strstr(err, "no attempt") != NULL);
    CHECK(records_add_audio(db, id, 0, &a, now_ms, err, sizeof err) < 0);
    a.format = "mp3";
    CHECK(records_add_audio(db, id, 1, &a, now_ms, err, sizeof err) < 0);
    a.format = "flac";
    a.size = 0;
    CHECK(records_add_audio(db, id, 1, &a, now_ms, err, sizeof err) < 0);
    CHECK_INT(count(db, "SELECT count(*) FROM recordings"), 2);
    CHECK_INT(records_recordings(db, "no-such-attempt", true, &recs, &n, err, sizeof err), 0);
    CHECK_INT(n, 0);
    records_close(db);
    audio_clip_free(&c2);
}

static void purge_should_remove_old_recordings_and_nothing_else(void)
{
    char t[1024], old_id[37], new_id[37], err[1024];
    target(t, sizeof t, "audio-purge.db");
    Records *db = open_target(t);
    if (!db)
        return;
    AudioClip c2 = voice(16000, 0.5, 3);
    CHECK_INT(record_with_audio(db, "E1", 40, false, &c2, old_id), 0);
    CHECK_INT(record_and_crash(t, "E2", 2, &c2, new_id), 0); /* still in progress */
    long long attempts = count(db, "SELECT count(*) FROM attempts");
    long long decisions = count(db, "SELECT count(*) FROM decisions");
    long long steps = count(db, "SELECT count(*) FROM steps");
    long removed = -1;
    CHECK_INT(records_purge_audio(db, now_ms - 30 * DAY_MS, &removed, err, sizeof err), 0);
    CHECK_INT(removed, 2);
    RecordsRecording *recs;
    int n;
    CHECK_INT(records_recordings(db, old_id, false, &recs, &n, err, sizeof err), 0);
    CHECK_INT(n, 0);
    records_recordings_free(recs, n);
    CHECK_INT(records_recordings(db, new_id, false, &recs, &n, err, sizeof err), 0);
    CHECK_INT(n, 2);
    records_recordings_free(recs, n);
    CHECK_INT(count(db, "SELECT count(*) FROM attempts"), attempts);
    CHECK_INT(count(db, "SELECT count(*) FROM decisions"), decisions);
    CHECK_INT(count(db, "SELECT count(*) FROM steps"), steps);
    RecordsAttempt *a = records_attempt_load(db, old_id, err, sizeof err);
    CHECK(a && !strcmp(a->status, "completed") && a->ndecisions == NBEST);
    records_attempt_free(a);
    a = records_attempt_load(db, new_id, err, sizeof err);
    CHECK(a && !strcmp(a->status, "in_progress") && a->ndecisions == NBEST - 1);
    records_attempt_free(a);
    CHECK_INT(records_purge_audio(db, now_ms - 30 * DAY_MS, &removed, err, sizeof err), 0);
    CHECK_INT(removed, 0);
    records_close(db);
    audio_clip_free(&c2);
}

static void the_retention_should_be_a_configuration_key(void)
{
    RecordsConfig cfg;
    char err[512] = "";
    CHECK_INT(records_config_parse("", 0, "a.ini", &cfg, err, sizeof err), 0);
    CHECK_INT(cfg.audio_retention_days, 90);
    records_config_free(&cfg);
    const char *ok = "endpoint = https://lrs.example/xapi/\n[privacy]\naudio_retention_days = \"7\"\n"
                     "[report]\namber_margin = 15\n";
    CHECK_MSG(records_config_parse(ok, strlen(ok), "a.ini", &cfg, err, sizeof err) == 0, "%s", err);
    CHECK_INT(cfg.audio_retention_days, 7);
    CHECK_INT(cfg.amber_margin, 15);
    CHECK_STR(cfg.endpoint, "https://lrs.example/xapi/");
    records_config_free(&cfg);
    const char *bad[] = {"[privacy]\naudio_retention_days = 0\n", "[privacy]\naudio_retention_days = 9x\n",
                         "[privacy]\nkeep_days = 9\n", "[privacy]\naudio_retention_days = 99999999999\n"};
    for (int i = 0; i < 4; i++) {
        err[0] = 0;
        CHECK(records_config_parse(bad[i], strlen(bad[i]), "a.ini", &cfg, err, sizeof err) < 0);
        CHECK_MSG(strstr(err, "a.ini:2: [privacy] takes audio_retention_days = 1 to 36500"), "%s", err);
        records_config_free(&cfg);
    }
    /* a section this build does not know is still ignored */
    const char *other = "[later]\nanything = 1\n";
    CHECK_INT(records_config_parse(other, strlen(other), "a.ini", &cfg, err, sizeof err), 0);
    records_config_free(&cfg);
}

/* ---- the command line ---------------------------------------------------------------------- */

static int run(const char *cmd, char **out)
{
    char full[4200];
    snprintf(full, sizeof full, "%s 2>&1", cmd);
    return check_run_cmd(full, out);
}

static void export_should_name_a_recording_and_never_carry_it(void)
{
    char t[1024], id[37], bare[37], cmd[4096], *out = NULL;
    target(t, sizeof t, "audio-export.db");
    Records *db = open_target(t);
    if (!db)
        return;
    AudioClip c2 = voice(16000, 1.25, 5);
    CHECK_INT(record_with_audio(db, "E1", 1, false, &c2, id), 0); /* a day before the other */
    Play *p = play_new(rig.sc, 9, RIG_OPTS);
    AttemptMeta meta = {.trainee_id = "E2"};
    char err[1024];
    Recorder *r = recorder_begin(db, p, &meta, now_ms, err, sizeof err);
    CHECK(r != NULL);
    if (r) {
        snprintf(bare, sizeof bare, "%s", recorder_attempt_id(r));
        take(p, BEST[0], 1000);
        recorder_end(r, p, now_ms + 2000, err, sizeof err);
    }
    play_free(p);
    records_close(db);
    snprintf(cmd, sizeof cmd, "'%s' records export --format jsonl --db '%s'", getenv("SPARRING_BIN"), t);
    CHECK_INT(run(cmd, &out), 0);
    CHECK(out && strstr(out, "\"recording\":{\"seconds\":1.25}") != NULL);
    CHECK(out && strstr(out, "\"recording\":{\"seconds\":1.1}") != NULL);
    /* one attempt's line names two recordings, the other none; no bytes anywhere */
    int named = 0;
    for (const char *q = out; q && (q = strstr(q, "\"recording\"")); q++)
        named++;
    CHECK_INT(named, 2);
    CHECK(out && !strstr(out, "fLaC") && !strstr(out, "ZkxhQw") && strlen(out) < 20000);
    const char *line2 = out ? strstr(out, bare) : NULL;
    CHECK(line2 && !strstr(line2, "\"recording\"")); /* the newer attempt comes last */
    free(out);
    /* xAPI: the answered statement of that decision names it on its result, once */
    snprintf(cmd, sizeof cmd, "'%s' records export --format xapi --db '%s'", getenv("SPARRING_BIN"), t);
    CHECK_INT(run(cmd, &out), 0);
    CHECK_MSG(out && strstr(out, "\"https://sparring.invalid/xapi/extensions/recording\":{\"seconds\":1.25}"),
              "xAPI does not name the recording");
    named = 0;
    for (const char *q = out; q && (q = strstr(q, "extensions/recording\"")); q++)
        named++;
    CHECK_INT(named, 2);
    CHECK(out && !strstr(out, "fLaC") && !strstr(out, "ZkxhQw"));
    free(out);
    /* records sync sends the very statements: the outbox's bodies name the recordings as the
     * export does (one statement id, one body, wherever it is made) */
    db = open_target(t);
    if (db) {
        RecordsXapiConfig xc = {.home_page = "https://lms.example", .activity_base = "https://lms.example/s/"};
        CHECK_MSG(records_outbox_prepare(db, &xc, err, sizeof err) >= 0, "%s", err);
        RecordsOutboxItem *items = NULL;
        int n = records_outbox_peek(db, 1000, &items, err, sizeof err);
        CHECK_MSG(n > 0, "outbox: %d %s", n, err);
        int in_outbox = 0;
        for (int i = 0; i < n; i++)
            if (strstr(items[i].body, "\"https://sparring.invalid/xapi/extensions/recording\":{\"seconds\":"))
                in_outbox++;
        CHECK_INT(in_outbox, 2);
        records_outbox_free(items, n);
        records_close(db);
    }
    /* CSV keeps its columns */
    snprintf(cmd, sizeof cmd, "'%s' records export --format csv --no-bom --db '%s'", getenv("SPARRING_BIN"), t);
    CHECK_INT(run(cmd, &out), 0);
    CHECK(out && !strstr(out, "recording"));
    free(out);
    audio_clip_free(&c2);
}

static void export_audio_should_match_the_input(void)
{
    char t[1024], id[37], cmd[4096], dir[600], wav[700], err[1024], *out = NULL;
    target(t, sizeof t, "audio-replay.db");
    Records *db = open_target(t);
    if (!db)
        return;
    /* the input: a WAV file written and read back, as a capture would be */
    AudioClip gen = voice(16000, 2.3, 6), input;
    snprintf(wav, sizeof wav, "%s/input.wav", rig.tmpdir);
    CHECK(audio_clip_save(&gen, wav, err, sizeof err) == 0);
    CHECK(audio_clip_load(wav, &input, err, sizeof err) == 0);
    CHECK_INT(record_with_audio(db, "E1", 0, false, &input, id), 0);
    records_close(db);
    snprintf(dir, sizeof dir, "%s/exported-%s", rig.tmpdir, rig.pg ? "pg" : "sqlite");
    snprintf(cmd, sizeof cmd, "'%s' replay %s --export-audio '%s' --db '%s'", getenv("SPARRING_BIN"), id, dir, t);
    CHECK_INT(run(cmd, &out), 0);
    CHECK(out && strstr(out, "2 recordings"));
    free(out);
    snprintf(wav, sizeof wav, "%s/2-opening.wav", dir);
    AudioClip got;
    CHECK_MSG(audio_clip_load(wav, &got, err, sizeof err) == 0, "%s", err);
    double dt = fabs(audio_clip_seconds(&got) - audio_clip_seconds(&input));
    CHECK_MSG(dt <= 0.050, "length differs by %.3f s", dt);
    size_t n = got.frames < input.frames ? got.frames : input.frames;
    double r = n ? correlation(got.pcm, input.pcm, n) : 0;
    CHECK_MSG(r > 0.9, "correlation %.4f", r);
    printf("  export-audio: %.3f s vs %.3f s, correlation %.5f\n", audio_clip_seconds(&got),
           audio_clip_seconds(&input), r);
    audio_clip_free(&got);
    snprintf(wav, sizeof wav, "%s/4-demand.wav", dir);
    CHECK(access(wav, R_OK) == 0);
    struct stat st;
    CHECK(stat(dir, &st) == 0 && (st.st_mode & 077) == 0); /* personal data: the owner's only */
    /* an unknown attempt: exit 1 with a message */
    snprintf(cmd, sizeof cmd, "'%s' replay no-such-id --export-audio '%s' --db '%s'", getenv("SPARRING_BIN"), dir, t);
    CHECK_INT(run(cmd, &out), 1);
    CHECK(out && strstr(out, "no attempt"));
    free(out);
    audio_clip_free(&gen);
    audio_clip_free(&input);
}

static void a_damaged_recording_should_be_named_not_crash(void)
{
    char t[1024], id[37], cmd[4096], dir[600], err[1024], *out = NULL;
    target(t, sizeof t, "audio-damaged.db");
    Records *db = open_target(t);
    if (!db)
        return;
    AudioClip c2 = voice(16000, 0.8, 7);
    CHECK_INT(record_with_audio(db, "E1", 0, false, &c2, id), 0);
    /* decision 6: bytes that claim to be FLAC and are not, stored as a damaged file would be */
    unsigned char junk[3000];
    memcpy(junk, "fLaC", 4);
    for (size_t i = 4; i < sizeof junk; i++)
        junk[i] = (unsigned char)(i * 131 + 7);
    RecordsAudio bad = {"flac", junk, sizeof junk, 2.0, -18, "needs"};
    CHECK_INT(records_add_audio(db, id, 6, &bad, now_ms, err, sizeof err), 0);
    records_close(db);
    snprintf(dir, sizeof dir, "%s/damaged-%s", rig.tmpdir, rig.pg ? "pg" : "sqlite");
    snprintf(cmd, sizeof cmd, "'%s' replay %s --export-audio '%s' --db '%s'", getenv("SPARRING_BIN"), id, dir, t);
    CHECK_INT(run(cmd, &out), 1);
    CHECK(out && strstr(out, "decision 6") && strstr(out, "damaged"));
    CHECK(out && strstr(out, "2 recordings")); /* the good ones are still written */
    free(out);
    char wav[700];
    snprintf(wav, sizeof wav, "%s/6-needs.wav", dir);
    CHECK(access(wav, F_OK) != 0);
    snprintf(wav, sizeof wav, "%s/2-opening.wav", dir);
    CHECK(access(wav, F_OK) == 0);
    snprintf(cmd, sizeof cmd, "'%s' records export --format jsonl --db '%s'", getenv("SPARRING_BIN"), t);
    CHECK_INT(run(cmd, &out), 0);
    CHECK(out && strstr(out, "\"recording\":{\"seconds\":2}"));
    free(out);
    audio_clip_free(&c2);
}

static void purge_audio_command_should_follow_the_retention(void)
{
    char t[1024], id_old[37], id_new[37], cmd[4096], cfg[600], *out = NULL;
    target(t, sizeof t, "audio-purge-cli.db");
    Records *db = open_target(t);
    if (!db)
        return;
    AudioClip c2 = voice(16000, 0.4, 8);
    CHECK_INT(record_with_audio(db, "E1", 100, false, &c2, id_old), 0);
    CHECK_INT(record_with_audio(db, "E2", 20, false, &c2, id_new), 0);
    records_close(db);
    const char *bin = getenv("SPARRING_BIN");
    snprintf(cfg, sizeof cfg, "%s/lrs.ini", rig.tmpdir);
    FILE *f = fopen(cfg, "w");
    fputs("[privacy]\naudio_retention_days = 10\n", f);
    fclose(f);
    /* the default retention (90 days; no configuration file): the 100-day-old one goes */
    snprintf(cmd, sizeof cmd, "XDG_CONFIG_HOME='%s/none' '%s' records purge-audio --db '%s'", rig.tmpdir, bin, t);
    CHECK_INT(run(cmd, &out), 0);
    CHECK(out && strstr(out, "2 recordings older than 90 days deleted"));
    free(out);
    /* again: nothing more */
    CHECK_INT(run(cmd, &out), 0);
    CHECK(out && strstr(out, "0 recordings older than 90 days"));
    free(out);
    /* the configuration's retention */
    snprintf(cmd, sizeof cmd, "'%s' records purge-audio --config '%s' --db '%s'", bin, cfg, t);
    CHECK_INT(run(cmd, &out), 0);
    CHECK(out && strstr(out, "2 recordings older than 10 days deleted"));
    free(out);
    /* a mistyped --db: exit 1, and no file made there */
    if (!rig.pg) {
        snprintf(cmd, sizeof cmd, "'%s' records purge-audio --db '%s/typo.db'", bin, rig.tmpdir);
        CHECK_INT(run(cmd, &out), 1);
        CHECK(out && strstr(out, "no records database"));
        free(out);
        snprintf(cmd, sizeof cmd, "%s/typo.db", rig.tmpdir);
        CHECK(access(cmd, F_OK) != 0);
    }
    /* usage errors */
    snprintf(cmd, sizeof cmd, "'%s' records purge-audio --older-than soon --db '%s'", bin, t);
    CHECK_INT(run(cmd, &out), 2);
    free(out);
    f = fopen(cfg, "w");
    fputs("[privacy]\naudio_retention_days = 0\n", f);
    fclose(f);
    snprintf(cmd, sizeof cmd, "'%s' records purge-audio --config '%s' --db '%s'", bin, cfg, t);
    CHECK_INT(run(cmd, &out), 1);
    CHECK(out && strstr(out, "audio_retention_days"));
    free(out);
    db = open_target(t);
    if (db) {
        CHECK_INT(count(db, "SELECT count(*) FROM recordings"), 0);
        CHECK_INT(count(db, "SELECT count(*) FROM attempts"), 2);
        records_close(db);
    }
    audio_clip_free(&c2);
}

static void copy_should_carry_recordings(void)
{
    char src[1024], dst[1024], id[37], cmd[4096], err[1024], *out = NULL;
    snprintf(src, sizeof src, "%s/audio-copy-src-%s.db", rig.tmpdir, rig.pg ? "pg" : "sqlite");
    target(dst, sizeof dst, "audio-copy-dst.db");
    Records *db = open_target(src);
    if (!db)
        return;
    AudioClip c2 = voice(16000, 0.9, 9);
    CHECK_INT(record_with_audio(db, "E1", 0, false, &c2, id), 0);
    records_close(db);
    snprintf(cmd, sizeof cmd, "'%s' records copy --from '%s' --to '%s'", getenv("SPARRING_BIN"), src, dst);
    CHECK_INT(run(cmd, &out), 0);
    CHECK(out && strstr(out, "1 attempt copied"));
    free(out);
    db = open_target(dst);
    if (!db)
        return;
    RecordsRecording *recs;
    int n;
    CHECK_INT(records_recordings(db, id, true, &recs, &n, err, sizeof err), 0);
    CHECK_INT(n, 2);
    size_t size;
    unsigned char *want = flac_of(&c2, &size);
    CHECK(n == 2 && recs[0].size == size && !memcmp(recs[0].data, want, size));
    free(want);
    records_recordings_free(recs, n);
    records_close(db);
    /* a second copy: nothing twice */
    CHECK_INT(run(cmd, &out), 0);
    CHECK(out && strstr(out, "0 attempts copied"));
    free(out);
    db = open_target(dst);
    if (db)
        CHECK_INT(count(db, "SELECT count(*) FROM recordings"), 2);
    records_close(db);
    audio_clip_free(&c2);
}

/* ---- schema ------------------------------------------------------------------------------- */

/* A PostgreSQL store of the current version made version 4 again: what versions 5 to 7
 * added taken away. */
#define BACK_TO_V4                                                                               \
    PG_TEST_BACK_TO_V6 "DROP TABLE recordings; DROP TRIGGER attempts_critical_errors ON attempts; DROP FUNCTION "    \
    "sparring_count_critical(); ALTER TABLE attempts DROP COLUMN critical_errors; DROP INDEX "    \
    "competencies_by_id; UPDATE meta SET value = '4' WHERE key = 'schema_version'"

static void an_older_store_should_gain_the_recordings_table(void)
{
    char t[1024], err[1024], id[37];
    target(t, sizeof t, "audio-migrate.db");
    if (!rig.pg) {
        sqlite3 *h = NULL;
        CHECK(sqlite3_open(t, &h) == SQLITE_OK);
        CHECK(sqlite3_exec(h, records_schema_v1, NULL, NULL, NULL) == SQLITE_OK);
        sqlite3_close(h);
    } else {
        Records *db = open_target(t); /* version 5, made version 4 again */
        records_close(db);
        char name[64], url[1024];
        check_pg_database(rig.pg, "audio-migrate.db", false, name, sizeof name, url, sizeof url);
        CHECK_INT(pg_test_exec(rig.pg, name, BACK_TO_V4), 0);
    }
    Records *db = records_open(t, err, sizeof err);
    CHECK_MSG(db != NULL, "%s", err);
    if (!db)
        return;
    CHECK_INT(count(db, rig.pg ? "SELECT value::int FROM meta WHERE key = 'schema_version'"
                           : "PRAGMA user_version"), RECORDS_SCHEMA_VERSION);
    /* version 6: the competencies' index by id (the CSV header's) */
    CHECK_INT(count(db, rig.pg ? "SELECT count(*) FROM pg_indexes WHERE indexname = "
                             "'competencies_by_id'"
                           : "SELECT count(*) FROM sqlite_master WHERE name = "
                             "'competencies_by_id'"), 1);
    AudioClip c2 = voice(16000, 0.3, 10);
    CHECK_INT(record_with_audio(db, "E1", 0, false, &c2, id), 0);
    CHECK_INT(count(db, "SELECT count(*) FROM recordings"), 2);
    records_close(db);
    audio_clip_free(&c2);
}

/* ---- PostgreSQL roles -------------------------------------------------------------------- */

static void station_should_add_but_never_delete_recordings(void)
{
    if (!rig.pg)
        return;
    char url[1024], cmd[4096], station[1024], dpo[1024], err[1024], id[37], *out = NULL;
    target(url, sizeof url, "audio-roles.db");
    const char *bin = getenv("SPARRING_BIN");
    snprintf(cmd, sizeof cmd, "'%s' records setup-db --db '%s'", bin, url);
    CHECK_INT(run(cmd, &out), 0);
    CHECK(out && strstr(out, "sparring_privacy"));
    free(out);
    CHECK_INT(pg_test_exec(rig.pg, "postgres", "DROP ROLE IF EXISTS aroom; DROP ROLE IF EXISTS adpo; "
                                           "CREATE ROLE aroom LOGIN IN ROLE sparring_station; "
                                           "CREATE ROLE adpo LOGIN IN ROLE sparring_privacy"), 0);
    records_rig_url_as(url, "aroom", station, sizeof station);
    records_rig_url_as(url, "adpo", dpo, sizeof dpo);
    Records *db = open_target(station);
    if (!db)
        return;
    AudioClip c2 = voice(16000, 0.6, 11);
    CHECK_INT(record_with_audio(db, "E1", 200, false, &c2, id), 0); /* inserts, and a re-take */
    CHECK_INT(count(db, "SELECT count(*) FROM recordings"), 2);
    /* the attempt is finished: its recording cannot be replaced, nor deleted */
    size_t size;
    unsigned char *b = flac_of(&c2, &size);
    RecordsAudio a = audio_of(&c2, b, size, "opening");
    CHECK(records_add_audio(db, id, 2, &a, now_ms, err, sizeof err) < 0);
    CHECK(strstr(err, "finished") || strstr(err, "right"));
    CHECK(records_purge_audio(db, now_ms, NULL, err, sizeof err) < 0);
    CHECK_MSG(strstr(err, "lacks the right") != NULL, "%s", err);
    CHECK_INT(count(db, "SELECT count(*) FROM recordings"), 2);
    /* a recording that arrives after the attempt closed (decision 8) is still added */
    CHECK_INT(records_add_audio(db, id, 8, &a, now_ms, err, sizeof err), 0);
    records_close(db);
    free(b);
    /* the station's purge through the command line: refused, exit 1 */
    snprintf(cmd, sizeof cmd, "'%s' records purge-audio --older-than 0 --db '%s'", bin, station);
    CHECK_INT(run(cmd, &out), 1);
    CHECK(out && strstr(out, "lacks the right"));
    free(out);
    /* the privacy role purges the old ones only */
    snprintf(cmd, sizeof cmd, "'%s' records purge-audio --older-than 30 --db '%s'", bin, dpo);
    CHECK_INT(run(cmd, &out), 0);
    CHECK(out && strstr(out, "2 recordings older than 30 days deleted"));
    free(out);
    db = open_target(url);
    if (db) {
        CHECK_INT(count(db, "SELECT count(*) FROM recordings"), 1);
        CHECK_INT(count(db, "SELECT count(*) FROM decisions"), NBEST);
        records_close(db);
    }
    audio_clip_free(&c2);
}

/* A store of version 4 and a station of this build: the station may not migrate it, says so and
 * names setup-db; the owner's setup-db migrates it, then the station opens it. */
static void a_station_should_wait_for_the_owner_to_migrate(void)
{
    if (!rig.pg)
        return;
    char url[1024], station[1024], name[64], cmd[4096], err[1024], *out = NULL;
    target(url, sizeof url, "audio-upgrade.db");
    Records *db = open_target(url);
    records_close(db);
    check_pg_database(rig.pg, "audio-upgrade.db", false, name, sizeof name, url, sizeof url);
    CHECK_INT(pg_test_exec(rig.pg, name, BACK_TO_V4), 0);
    CHECK_INT(pg_test_exec(rig.pg, "postgres", "DROP ROLE IF EXISTS aroom2; "
                                           "CREATE ROLE aroom2 LOGIN IN ROLE sparring_station"), 0);
    /* the station role's grants on the old tables, as an earlier setup-db gave them */
    CHECK_INT(pg_test_exec(rig.pg, name, "GRANT USAGE ON SCHEMA public TO sparring_station; GRANT "
                                     "SELECT ON ALL TABLES IN SCHEMA public TO sparring_station"), 0);
    records_rig_url_as(url, "aroom2", station, sizeof station);
    db = records_open(station, err, sizeof err);
    CHECK(db == NULL);
    CHECK_MSG(strstr(err, "lacks the right") && strstr(err, "setup-db"), "%s", err);
    records_close(db);
    snprintf(cmd, sizeof cmd, "'%s' records setup-db --db '%s'", getenv("SPARRING_BIN"), url);
    CHECK_INT(run(cmd, &out), 0);
    free(out);
    db = records_open(station, err, sizeof err);
    CHECK_MSG(db != NULL, "%s", err);
    if (db)
        CHECK_INT(count(db, "SELECT count(*) FROM recordings"), 0);
    records_close(db);
}

int main(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    if (!getenv("SPARRING_BIN")) {
        fprintf(stderr, "SPARRING_BIN is not set (run through ctest)\n");
        return 77;
    }
    if (records_rig_start(&rig, "records-audio") != 0)
        return 1;
    printf("recordings on %s\n", rig.pg ? "PostgreSQL" : "SQLite");
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    now_ms = (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
    RUN(recordings_should_come_back_byte_for_byte);
    RUN(purge_should_remove_old_recordings_and_nothing_else);
    RUN(the_retention_should_be_a_configuration_key);
    RUN(export_should_name_a_recording_and_never_carry_it);
    RUN(export_audio_should_match_the_input);
    RUN(a_damaged_recording_should_be_named_not_crash);
    RUN(purge_audio_command_should_follow_the_retention);
    RUN(copy_should_carry_recordings);
    RUN(an_older_store_should_gain_the_recordings_table);
    RUN(station_should_add_but_never_delete_recordings);
    RUN(a_station_should_wait_for_the_owner_to_migrate);
    return records_rig_end(&rig);
}
