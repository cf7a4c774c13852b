/* libFuzzer target: play_replay takes step logs read back from the records database, which a
 * crash or a hand edit may have damaged. Whatever the steps, replay must refuse or reproduce
 * them without a crash, a leak or an overflow; what it reproduces must survive rewind, clone
 * and a second replay unchanged. The input is a sequence of 12-byte steps against a small
 * built-in scenario with meters, flags, conditions, random branches, timers and events. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "play.h"
#include "scenario.h"

static const char SCENARIO[] =
    "{\"format\": 1, \"id\": \"fuzz-play\", \"version\": \"1.0.0\", \"title\": \"t\", \"level\": \"new_hire\","
    " \"locales\": [\"en\"], \"competencies\": {\"a\": {\"name\": \"A\"}, \"b\": {\"name\": \"B\"}},"
    " \"meters\": {\"p\": {\"name\": \"P\", \"min\": -5, \"max\": 10, \"start\": 2},"
    "              \"q\": {\"name\": \"Q\", \"min\": 0, \"max\": 100, \"start\": 50}},"
    " \"time_limit\": 3, \"timeout\": {\"next\": \"lost\", \"score\": {\"a\": -1}},"
    " \"events\": {\"e1\": {\"label\": \"E\", \"next\": \"n2\"},"
    "              \"e2\": {\"label\": \"F\", \"next\": [{\"node\": \"n1\", \"weight\": 1}, {\"node\": \"won\", \"weight\": 2.5}]}},"
    " \"start\": \"n1\", \"nodes\": {"
    "  \"n1\": {\"text\": \"1\", \"effects\": {\"p\": 1}, \"choices\": ["
    "    {\"text\": \"x\", \"score\": {\"a\": 0}, \"effects\": {\"q\": 30, \"set\": [\"f\"]}, \"next\": \"w\"},"
    "    {\"text\": \"y\", \"requires\": \"p > 3 or f\", \"score\": {\"b\": -3}, \"next\": [{\"node\": \"n1\", \"weight\": 1}, {\"node\": \"n2\", \"weight\": 1}]},"
    "    {\"text\": \"z\", \"requires\": \"not f and q + p >= 52\", \"critical\": true, \"score\": {\"a\": 2}, \"effects\": {\"p\": -20, \"clear\": [\"f\"]}, \"next\": \"n2\"}]},"
    "  \"w\": {\"text\": \"w\", \"next\": [{\"node\": \"n2\", \"weight\": 3}, {\"node\": \"n1\", \"weight\": 1}]},"
    "  \"n2\": {\"text\": \"2\", \"time_limit\": 0, \"choices\": ["
    "    {\"text\": \"x\", \"requires\": \"q > 60\", \"score\": {\"b\": 1}, \"next\": \"won\"},"
    "    {\"text\": \"y\", \"requires\": \"p < 0\", \"next\": \"lost\"}]},"
    "  \"won\": {\"text\": \"W\", \"end\": {\"outcome\": \"pass\"}},"
    "  \"lost\": {\"text\": \"L\", \"end\": {\"outcome\": \"fail\"}}}}";

static Scenario *sc;

static int32_t rd32(const uint8_t *d)
{
    return (int32_t)((uint32_t)d[0] | (uint32_t)d[1] << 8 | (uint32_t)d[2] << 16 | (uint32_t)d[3] << 24);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!sc) {
        DiagList d = {0};
        sc = scenario_load_buffer(SCENARIO, sizeof SCENARIO - 1, "fuzz-play.json", NULL, &d);
        diag_list_free(&d);
        if (!sc)
            abort();
    }
    if (size < 2)
        return 0;
    PlayOptions o = {.timers = data[0] & 1, .time_multiplier = (data[0] >> 1) * 0.25, .shuffle = data[1] & 0x80};
    uint64_t seed = data[1];
    data += 2;
    size -= 2;
    int n = (int)(size / 12);
    if (n > 512)
        n = 512;
    PlayStep *steps = calloc((size_t)n + 1, sizeof *steps);
    if (!steps)
        return 0;
    for (int i = 0; i < n; i++) {
        const uint8_t *s = data + 12 * i;
        steps[i].kind = (PlayStepKind)(s[0] % 9); /* includes two invalid kinds */
        steps[i].node = (int8_t)s[1];
        steps[i].index = (int8_t)s[2];
        steps[i].value = rd32(s + 3) >> (s[7] & 31);
        /* times: mostly small and rising, sometimes anything at all */
        steps[i].at_ms = s[8] == 0xff ? (int64_t)((uint64_t)(uint32_t)rd32(s + 8) << 32) : (int64_t)i * 1000 + (rd32(s + 8) & 0xffff);
    }
    char err[256];
    Play *p = play_replay(sc, seed, o, -1, steps, n, err, sizeof err);
    if (p) {
        int ns = play_step_count(p);
        PlayStep *log = calloc((size_t)ns + 1, sizeof *log);
        for (int i = 0; log && i < ns; i++)
            log[i] = *play_step(p, i);
        Play *q = log ? play_replay(sc, seed, o, -1, log, ns, err, sizeof err) : NULL;
        if (log && !q)
            abort(); /* a log that replayed once must replay again */
        PlayResult a, b;
        play_result(p, &a);
        if (q) {
            play_result(q, &b);
            if (memcmp(&a, &b, sizeof a) || play_node(p) != play_node(q))
                abort();
            for (int i = 0; i < ns; i++) /* the same order shown at every decision */
                if (memcmp(play_step(p, i), play_step(q, i), sizeof(PlayStep)))
                    abort();
        }
        Play *c = play_clone(p);
        if (c) {
            play_rewind(c, ns / 2);
            play_time_left_ms(c, 123456);
            play_tick(c, (int64_t)1 << 62);
            play_free(c);
        }
        play_free(q);
        free(log);
        play_free(p);
    }
    free(steps);
    return 0;
}
