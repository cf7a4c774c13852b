/* libFuzzer target: whatever scenario the loader accepts, the trainer tools (graph in both
 * formats, the stats search and a few random runs) must handle without a crash or a leak. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "graph.h"
#include "scenario.h"
#include "stats.h"

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
