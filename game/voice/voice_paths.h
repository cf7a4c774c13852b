/* Where a scenario's recorded voice lines live: beside the scenario file, as
 * voice/<scenario id>/<locale>/<node id>.flac (docs/voice.md; the recorder writes FLAC, and a
 * take made elsewhere may also be .opus, .ogg or .wav). Shared by the trainer's
 * recorder (`sparring voice record`), the call that plays the lines, validate/stats coverage
 * and hot reload. No SDL, no PortAudio: plain paths and stat(). */
#ifndef SPARRING_VOICE_PATHS_H
#define SPARRING_VOICE_PATHS_H

#include <stdbool.h>
#include <stddef.h>

#include "scenario.h"

#define VOICE_EXT ".flac"

/* The recording of one line: "<folder of scenario_path>/voice/<scenario_id>/<locale>/<node_id>.flac"
 * written into buf (n bytes). A scenario_path without a folder gives "voice/...". Returns the
 * length, or -1 (buf "") when it does not fit or a part is unsafe as a file name (empty, ".",
 * "..", or holds '/' or '\\' or a control character). */
int voice_path(const char *scenario_path, const char *scenario_id, const char *locale,
               const char *node_id, char *buf, size_t n);

/* The take of one line on disk: the first of <node_id>.flac, .opus, .ogg and .wav (in that
 * order) in voice_dir that is a regular, non-empty file; its path in buf. Returns the path's
 * length, 0 (buf "") when the line has no take, -1 (buf "") when a part is unsafe or the path
 * does not fit. The call plays this file each time the line comes, so a new take is heard the
 * next time (hot reload). */
int voice_find_take(const char *scenario_path, const char *scenario_id, const char *locale,
                    const char *node_id, char *buf, size_t n);

/* The folder of one locale's lines: "<folder of scenario_path>/voice/<scenario_id>/<locale>".
 * Returns the length, or -1 as voice_path. */
int voice_dir(const char *scenario_path, const char *scenario_id, const char *locale, char *buf,
              size_t n);

/* True when the node is a line someone on the other end speaks (the customer, or the
 * counterpart of a manager's scenario): speaker "customer" with a text in that locale. Narrator
 * and coach lines are read, not heard. */
bool voice_node_spoken(const Scenario *sc, int node, int locale);

/* The spoken lines of a locale in the order a trainer records them: a walk from the start
 * (breadth first: every answer's next node, random branches, timeouts), then from each mentor
 * event's node, then any line no walk reaches, in file order. Writes up to max node indexes
 * to out (may be NULL with max 0) and returns how many there are. */
int voice_lines(const Scenario *sc, int locale, int *out, int max);

/* True when the line has a take on disk (voice_find_take). */
bool voice_take_exists(const Scenario *sc, int node, int locale);

/* Voice coverage of one locale: how many spoken lines (voice_node_spoken) and how many of them
 * have a take. *any_folder is set when voice/<id>/ exists beside the scenario at all. */
typedef struct {
    int lines, recorded;
    bool any_folder;
} VoiceCoverage;
void voice_coverage(const Scenario *sc, int locale, VoiceCoverage *out);

/* A stamp of every take of the scenario (all locales): changes when a file under
 * voice/<id>/ is added, removed or rewritten (names, sizes and modification times, in
 * nanoseconds where the system keeps them). 0 when there is no such folder. For hot reload. */
unsigned long long voice_stamp(const Scenario *sc);
/* The same for one locale's folder, voice/<id>/<locale>/ (0 when it does not exist). */
unsigned long long voice_stamp_locale(const Scenario *sc, int locale);

#endif
