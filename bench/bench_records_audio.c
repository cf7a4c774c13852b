/* bench_records_audio: what a spoken answer costs. For a voice-like clip of S seconds at 16 kHz
 * (S = 2, 5, 15, 30): its FLAC size (bytes a second), the CPU time to encode and decode it, the
 * time to store it with its attempt (one committed transaction, an SQLite file in /tmp) and to
 * read it back. Encoding and decoding are CPU times (getrusage); storing and reading are wall
 * times (they wait for the disk). Prints numbers; asserts nothing. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "audio_file.h"
#include "play.h"
#include "records.h"
#include "scenario.h"

#include "../tests/records_fixture.h"

static double wall(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static double cpu(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_utime.tv_sec + ru.ru_stime.tv_sec + (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
}

static AudioClip voice(double seconds)
{
    AudioClip c = {0};
    c.rate = 16000;
    c.frames = (size_t)(seconds * c.rate);
    c.pcm = malloc(c.frames * sizeof *c.pcm);
    double ph = 0;
    for (size_t i = 0; i < c.frames; i++) {
        double t = (double)i / c.rate;
        ph += 2 * M_PI * (140 + 12 * sin(2 * M_PI * 5 * t)) / c.rate;
        double noise = ((double)rand() / RAND_MAX - 0.5) * 0.01;
        c.pcm[i] = (float)(0.7 * fabs(sin(M_PI * 3.2 * t)) * (0.5 * sin(ph) + 0.25 * sin(2 * ph)) + noise);
    }
    return c;
}

/* One attempt on the best path; its id in id. */
static int record_attempt(Records *db, Scenario *sc, int64_t t0, char id[37])
{
    char err[512];
    PlayOptions o = {.timers = true, .time_multiplier = 1.0};
    Play *p = play_new(sc, 1, o);
    AttemptMeta m = {.trainee_id = "B1"};
    Recorder *r = recorder_begin(db, p, &m, t0, err, sizeof err);
    if (!r) {
        play_free(p);
        return -1;
    }
    for (int i = 0; i < 8; i++) {
        take(p, BEST[i], (i + 1) * 1000);
        recorder_sync(r, p, t0 + (i + 1) * 1000, err, sizeof err);
    }
    snprintf(id, 37, "%s", recorder_attempt_id(r));
    recorder_end(r, p, t0 + 9000, err, sizeof err);
    play_free(p);
    return 0;
}

static void per_clip(Records *db, Scenario *sc)
{
    printf("%-8s %10s %9s %12s %12s %14s %12s\n", "seconds", "FLAC bytes", "bytes/s", "encode CPU",
           "decode CPU", "store (wall)", "read (wall)");
    const double lengths[] = {2, 5, 15, 30};
    for (int k = 0; k < 4; k++) {
        AudioClip c = voice(lengths[k]);
        unsigned char *b = NULL;
        size_t n = 0;
        char err[512], id[37];
        double c0 = cpu();
        audio_clip_encode(&c, "flac", &b, &n, err, sizeof err);
        double enc = cpu() - c0;
        AudioClip back;
        c0 = cpu();
        audio_clip_decode(b, n, &back, err, sizeof err);
        double dec = cpu() - c0;
        audio_clip_free(&back);
        record_attempt(db, sc, 1795760400000LL + k * 100000, id);
        RecordsAudio a = {"flac", b, n, audio_clip_seconds(&c), audio_clip_level_dbfs(&c), "opening"};
        double w0 = wall();
        if (records_add_audio(db, id, 2, &a, 1795760400000LL, err, sizeof err) < 0)
            fprintf(stderr, "%s\n", err);
        double store = wall() - w0;
        RecordsRecording *recs;
        int nr;
        w0 = wall();
        records_recordings(db, id, true, &recs, &nr, err, sizeof err);
        double rd = wall() - w0;
        records_recordings_free(recs, nr);
        printf("%-8.0f %10zu %9.0f %9.2f ms %9.2f ms %11.2f ms %9.2f ms\n", lengths[k], n, n / lengths[k],
               enc * 1e3, dec * 1e3, store * 1e3, rd * 1e3);
        free(b);
        audio_clip_free(&c);
    }
}

int main(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    DiagList d = {0};
    Scenario *sc = scenario_load_buffer(SCENARIO_JSON, sizeof SCENARIO_JSON - 1, "records-call.json", NULL, &d);
    diag_list_free(&d);
    if (!sc)
        return 1;
    char dir[] = "/tmp/bench-records-audio.XXXXXX", path[128], err[512];
    if (!mkdtemp(dir))
        return 1;
    snprintf(path, sizeof path, "%s/records.db", dir);
    Records *db = records_open(path, err, sizeof err);
    if (!db) {
        fprintf(stderr, "%s\n", err);
        return 1;
    }
    double load[3] = {0};
    if (getloadavg(load, 3) > 0)
        printf("load average %.2f %.2f %.2f\n", load[0], load[1], load[2]);
    per_clip(db, sc);
    records_close(db);
    scenario_free(sc);
    char cmd[256];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    return system(cmd) == 0 ? 0 : 1;
}
