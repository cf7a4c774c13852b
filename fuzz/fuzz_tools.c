/* libFuzzer target: whatever scenario the loader accepts, the trainer tools (graph in both
 * formats, the stats search and a few random runs) must handle without a crash or a leak. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "graph.h"
#include "scenario.h"
#include "stats.h"

/* The engine library is built without libFuzzer's coverage instrumentation (CMakeLists.txt adds
 * -fsanitize=fuzzer to the fuzz executables only). Until it gets -fsanitize=fuzzer-no-link, the
 * sources under test are compiled into this target, instrumented: the loader's (so the fuzzer
 * learns to write scenarios that load) and the tools'. Their definitions take precedence over
 * the library's copies (the linker pulls an archive member only for a missing symbol). */
#include "../engine/sha256.c"
#include "../engine/jsonpos.c"
#include "../engine/scenario.c"
#include "../engine/graph.c"
#include "../engine/stats.c"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    DiagList diags = {0};
    Scenario *sc = scenario_load_buffer((const char *)data, size, "fuzz.json", NULL, &diags);
    diag_list_free(&diags);
    if (!sc)
        return 0;
    for (int f = 0; f < 2; f++) {
        char *text = graph_render(sc, f ? GRAPH_MERMAID : GRAPH_DOT, scenario_locale_count(sc) - 1);
        free(text);
    }
    StatsAnalysis a;
    if (stats_analyse(sc, &a) == 0)
        stats_analysis_free(&a);
    StatsRandom r;
    if (stats_random_play(sc, 20, 1, NULL, NULL, &r) == 0)
        stats_random_free(&r);
    scenario_free(sc);
    return 0;
}
