/* mentor_listen: the case review's spoken answers (say aloud). The recording of the decision
 * shown is decoded (audio_file.h) and played through the game's sound (audio.h) when the mentor
 * asks; a comment on it is written to the records as the mentor's comment at that decision (the
 * existing comment mechanism: records_add_mentor_event). Used by mentor_replay.c. */
#ifndef SPARRING_MENTOR_LISTEN_H
#define SPARRING_MENTOR_LISTEN_H

#include <stdint.h>

#include "audio.h"
#include "records.h"

typedef struct MentorListen MentorListen;

/* recs (n of them, bytes loaded; borrowed: they must outlive it) are the attempt's recordings.
 * audio_backend as audio_open's (NULL: PortAudio, falling back to null); the device opens at
 * the first play. db: the records store comments go to (NULL: comments are not offered);
 * attempt_id: the attempt they belong to. NULL only when out of memory. */
MentorListen *mentor_listen_new(const RecordsRecording *recs, int n, const char *audio_backend,
                                const char *db, const char *attempt_id);
void mentor_listen_free(MentorListen *l);
/* The recording of decision decision_number (1 = the first), or NULL. */
const RecordsRecording *mentor_listen_find(const MentorListen *l, int decision_number);
/* Plays it (stopping what plays). 0, or -1 with a one-line reason (no recording, damaged
 * bytes, no sound). Never blocks on the device. */
int mentor_listen_play(MentorListen *l, int decision_number, char *err, size_t errsize);
/* Whether comments can be saved (a store was given). */
bool mentor_listen_can_comment(const MentorListen *l);
/* Saves text as the mentor's comment at decision_index (decisions taken before it), offset_ms
 * from the attempt's start, in the store; remembered for mentor_listen_comment_at. 0 or -1. */
int mentor_listen_comment(MentorListen *l, int decision_index, int64_t offset_ms, const char *text,
                          char *err, size_t errsize);
/* The i-th comment saved in this session at decision_index (NULL past the last). */
const char *mentor_listen_comment_at(const MentorListen *l, int decision_index, int i);
/* The sound it plays through (NULL before the first play): tests pull its frames. */
Audio *mentor_listen_audio(MentorListen *l);

#endif
