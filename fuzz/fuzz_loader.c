/* libFuzzer target: scenario_load_buffer on arbitrary bytes (the loader, jsonpos, cJSON, the
 * condition compiler and the maximum-score search behind it). Everything is freed each run,
 * so a leak shows up. No folder is given: sound paths are checked for shape only and the
 * file system is never touched. */
#include <stddef.h>
#include <stdint.h>

#include "scenario.h"

/* The engine library is built without libFuzzer's coverage instrumentation (CMakeLists.txt adds
 * -fsanitize=fuzzer to the fuzz executables only), which leaves the fuzzer blind. Until the
 * library gets -fsanitize=fuzzer-no-link in the fuzz build, the loader's own sources are
 * compiled into this target, instrumented; their definitions take precedence over the
 * library's copies (the linker pulls an archive member only for a missing symbol). */
#include "../engine/sha256.c"
#include "../engine/jsonpos.c"
#include "../engine/jsontext.c"
#include "../engine/scenario.c"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    DiagList diags = {0};
    Scenario *sc = scenario_load_buffer((const char *)data, size, "fuzz.json", NULL, &diags);
    if (sc) {
        /* touch what a caller reads */
        for (int i = 0; i < scenario_node_count(sc); i++)
            (void)scenario_text(&scenario_node(sc, i)->text, scenario_locale_count(sc) - 1);
        (void)scenario_max(sc)->total;
    }
    char line[512];
    for (int i = 0; i < diags.count; i++)
        diag_format(&diags.items[i], line, sizeof line);
    scenario_free(sc);
    diag_list_free(&diags);
    return 0;
}
