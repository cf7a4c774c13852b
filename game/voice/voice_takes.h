/* The recorded lines of one scenario in one locale, decoded when the call asks for them: a
 * line's take is read the first time it is asked for, and read again whenever its file has
 * changed since (a new take recorded while the trainee's window is open plays the next time
 * its line comes: that is hot reload for voices; ui_reload tells the trainer it saw the change).
 * Takes are the files of voice_paths.h, decoded by audio_file.h (any bytes give a clip or an
 * error, never a crash). */
#ifndef SPARRING_VOICE_TAKES_H
#define SPARRING_VOICE_TAKES_H

#include <stddef.h>

#include "audio_file.h"
#include "scenario.h"

typedef struct VoiceTakes VoiceTakes;

/* For sc (borrowed: it must outlive the cache) in its locale index locale. NULL when out of
 * memory. Free with voice_takes_free (NULL is fine). */
VoiceTakes *voice_takes_new(const Scenario *sc, int locale);
void voice_takes_free(VoiceTakes *t);

/* The take of node: a clip, or NULL when the line has none (not a spoken line, no file, or a
 * file that cannot be decoded: then err says why, else err is ""). A file changed since it was
 * last read (a new take, a re-take, one removed) is read again. The clip stays valid until the
 * next voice_takes_get of the same node or voice_takes_free. err may be NULL. */
const AudioClip *voice_takes_get(VoiceTakes *t, int node, char *err, size_t errsize);

/* How many times a take was (re)read from disk: for tests and the benchmark. */
unsigned long voice_takes_loads(const VoiceTakes *t);

#endif
