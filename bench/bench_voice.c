/* bench_voice: what the trainer's recorder and the voice coverage cost.
 *   - trimming a take (voice_trim) of 5 s and of 60 s (the longest take);
 *   - saving a take: trim, FLAC encoding and writing a 3 s line (Space released to file saved);
 *   - reading a 3 s line back (what the call does each time the line comes, before its first
 *     sample can play);
 *   - hot reload's look at a locale's folder of 60 takes (voice_stamp_locale, every 250 ms
 *     while a scenario is open) and the coverage validate and stats count (60 lines).
 * Each figure is the mean of N runs, as wall time and as this process's CPU time (the machine
 * may be shared). Prints numbers; asserts nothing. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "audio_file.h"
#include "scenario.h"
#include "voice_paths.h"
#include "voice_trim.h"

static double clock_s(clockid_t id)
{
    struct timespec ts;
    clock_gettime(id, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

typedef struct {
    double wall, cpu;
} Mark;

static Mark mark(void) { return (Mark){clock_s(CLOCK_MONOTONIC), clock_s(CLOCK_PROCESS_CPUTIME_ID)}; }

static void report(const char *what, Mark a, int runs)
{
    Mark b = mark();
    printf("%-52s %9.3f ms wall  %9.3f ms cpu  (mean of %d)\n", what, (b.wall - a.wall) * 1000 / runs,
           (b.cpu - a.cpu) * 1000 / runs, runs);
}

/* A take: 0.5 s of room noise, a voiced stretch (a 140 Hz pulse shaped like vowels), 0.7 s of
 * noise. */
static float *make_take(double seconds, size_t *n)
{
    *n = (size_t)(seconds * 48000);
    float *s = malloc(*n * sizeof *s);
    unsigned seed = 7;
    for (size_t i = 0; s && i < *n; i++) {
        seed = seed * 1103515245u + 12345u;
        double t = i / 48000.0, v = 0.001 * (((seed >> 8) & 0xFFFF) / 32768.0 - 1);
        if (t > 0.5 && t < seconds - 0.7)
            v += 0.4 * sin(2 * M_PI * 140 * t) * (0.6 + 0.4 * sin(2 * M_PI * 3 * t)) + 0.1 * sin(2 * M_PI * 900 * t);
        s[i] = (float)v;
    }
    return s;
}

int main(int argc, char **argv)
{
    int runs = argc > 1 ? atoi(argv[1]) : 20;
    if (runs < 1)
        runs = 1;
    double load[3] = {0};
    FILE *la = fopen("/proc/loadavg", "r");
    if (la) {
        if (fscanf(la, "%lf %lf %lf", &load[0], &load[1], &load[2]) != 3)
            load[0] = -1;
        fclose(la);
    }
    printf("bench_voice: load average %.2f %.2f %.2f\n", load[0], load[1], load[2]);
    char dir[] = "/tmp/bench-voice-XXXXXX";
    if (!mkdtemp(dir)) {
        perror("mkdtemp");
        return 1;
    }
    size_t n5, n60, n3, start, count;
    float *t5 = make_take(5, &n5), *t60 = make_take(60, &n60), *t3 = make_take(3, &n3);
    if (!t5 || !t60 || !t3)
        return 1;
    Mark m = mark();
    for (int i = 0; i < runs; i++)
        voice_trim(t5, n5, 48000, NULL, &start, &count);
    report("trim a 5 s take", m, runs);
    m = mark();
    for (int i = 0; i < runs; i++)
        voice_trim(t60, n60, 48000, NULL, &start, &count);
    report("trim a 60 s take", m, runs);

    char path[256], err[256];
    snprintf(path, sizeof path, "%s/line.flac", dir);
    m = mark();
    for (int i = 0; i < runs; i++) {
        voice_trim(t3, n3, 48000, NULL, &start, &count);
        AudioClip c = {.pcm = t3 + start, .frames = count, .rate = 48000};
        if (audio_clip_save(&c, path, err, sizeof err) != 0) {
            fprintf(stderr, "%s\n", err);
            return 1;
        }
    }
    report("save a 3 s take (trim, FLAC, write)", m, runs);
    struct stat st;
    if (stat(path, &st) == 0)
        printf("  the file: %lld bytes for %.2f s\n", (long long)st.st_size, (double)count / 48000);
    m = mark();
    for (int i = 0; i < runs; i++) {
        AudioClip c = {0};
        if (audio_clip_load(path, &c, err, sizeof err) != 0) {
            fprintf(stderr, "%s\n", err);
            return 1;
        }
        audio_clip_free(&c);
    }
    report("read a 3 s line (FLAC decode)", m, runs);

    /* A scenario with 60 takes in one locale. */
    char scen[256], vdir[300], cmd[700];
    snprintf(scen, sizeof scen, "%s/call.json", dir);
    snprintf(vdir, sizeof vdir, "%s/voice/call/zh", dir);
    snprintf(cmd, sizeof cmd, "mkdir -p '%s'", vdir);
    if (system(cmd) != 0)
        return 1;
    FILE *f = fopen(scen, "w");
    if (!f)
        return 1;
    fprintf(f, "{\"format\":1,\"id\":\"call\",\"version\":\"1.0.0\",\"title\":{\"zh\":\"t\"},\"level\":\"new_hire\","
               "\"locales\":[\"zh\"],\"competencies\":{\"c\":{\"name\":{\"zh\":\"c\"}}},\"start\":\"n0\",\"nodes\":{");
    for (int i = 0; i < 60; i++) {
        if (i == 0)
            fprintf(f, "\"n0\":{\"text\":{\"zh\":\"line 0\"},\"choices\":[{\"text\":{\"zh\":\"a\"},"
                       "\"score\":{\"c\":1},\"next\":\"n1\"}]},");
        else if (i < 59)
            fprintf(f, "\"n%d\":{\"text\":{\"zh\":\"line %d\"},\"next\":\"n%d\"},", i, i, i + 1);
        else
            fprintf(f, "\"n%d\":{\"text\":{\"zh\":\"line %d\"},\"end\":{\"outcome\":\"pass\"}}", i, i);
        if (i < 59) {
            char take[400];
            snprintf(take, sizeof take, "%s/n%d.flac", vdir, i);
            snprintf(cmd, sizeof cmd, "cp '%s' '%s'", path, take);
            if (system(cmd) != 0)
                return 1;
        }
    }
    fprintf(f, "}}\n");
    fclose(f);
    DiagList d = {0};
    Scenario *sc = scenario_load_file(scen, &d);
    diag_list_free(&d);
    if (!sc) {
        fprintf(stderr, "the generated scenario does not load\n");
        return 1;
    }
    unsigned long long sum = 0;
    m = mark();
    for (int i = 0; i < runs * 10; i++)
        sum += voice_stamp_locale(sc, 0);
    report("hot reload's look at 59 takes (voice_stamp_locale)", m, runs * 10);
    VoiceCoverage c;
    m = mark();
    for (int i = 0; i < runs * 10; i++)
        voice_coverage(sc, 0, &c);
    report("coverage of 60 lines, 59 recorded", m, runs * 10);
    scenario_free(sc);
    printf("  (stamp %llx, %d of %d)\n", sum & 0xFFFF, c.recorded, c.lines);
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", dir);
    free(t5);
    free(t60);
    free(t3);
    return 0;
}
