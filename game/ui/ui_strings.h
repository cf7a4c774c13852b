/* ui_strings: the one table of the windows' own words, in Chinese and English (a scenario's
 * texts come from the scenario file). Every window (trainee, console, review) and every part of
 * one takes its words from here; a new language is one more table in ui_strings.c. */
#ifndef SPARRING_UI_STRINGS_H
#define SPARRING_UI_STRINGS_H

/* The words of each part of the windows (the history chart, hot reload, the mentor's console
 * and the case review), in the one table below. */
typedef struct {
    const char *history, *status_short[4], *status_long[4], *no_attempts, *no_attempts_hint,
        *best_latest,   /* best, latest */
        *latest_was,    /* mode, date */
        *passed, *not_passed, *mode_sep, *counts, /* n, practice, assessment */
        *pass_mark,     /* percent */
        *pass_mark_alone, /* percent */
        *none_finished,
        *axis_all,      /* first date, last date */
        *axis_part,     /* first, last, total, first date, last date */
        *practice, *assessment, *no_records, *cannot_read;
    const char *counts_one; /* counts, for one attempt */
} UiHistoryWords;

typedef struct {
    const char *reloaded, *reloaded_plain, *invalid, *assessment, *debrief, *replay_failed, *restart,
        *restarted, *fixed_same, *gone;
    const char *voice; /* locale, lines recorded, lines */
} UiReloadWords;

typedef struct {
    const char *title, *waiting, *over, *outline, *path, *no_path, *now, *key, *not_offered, *timeout,
        *waiting_continue, *ended, *dead_end, *meters, *hidden, *events, *no_events, *pause, *resume,
        *paused, *time_left, *no_timer, *comment_ph, *add_comment, *comments, *rewind, *decision, *points,
        *coach, *keys, *not_recorded, *not_sandbox, *comment_saved, *open_review,
        *no_attempt, *random_next;
    const char *kept; /* a mentor event kept until the records server is back */
    const char *record_voice_off, *record_voice_on; /* the toggle: spoken answers kept or not */
} UiConsoleWords;

typedef struct {
    const char *title, *prev, *next, *fork, *decision_of, *the_end, *now, *offered, *taken, *timeout_taken,
        *took, *meters, *mentor, *comments, *no_comments, *path, *keys, *coach, *points, *not_offered, *comment_at, *before_decision,
        *after_call, *taken_back;
    /* the spoken answer of the decision shown (say aloud): listening back, a comment on it */
    const char *spoken, *listen, *listen_comment_ph, *listen_comment, *listen_saved, *listen_not_saved,
        *listen_cannot;
    /* the mentor's actions at a moment: "[00:12] comment: ..." and the name of each kind */
    const char *act_at, *act_comment, *act_meter, *act_pause, *act_resume, *act_event, *act_rewind;
    /* the attempt's status in the header */
    const char *st_completed, *st_in_progress, *st_abandoned, *st_interrupted;
    /* a rewind in the window's language (decision, node); the keys without "practise from here" */
    const char *act_rewind_to, *keys_no_fork;
} UiReviewWords;

/* The trainer's voice recorder (`sparring voice record`, game/voice/voice_rec.c). */
typedef struct {
    const char *title, *line_of, *recorded_of, *node, *record, *stop, *play, *skip, *prev, *next, *no_take,
        *skipped, *take, *recording, *saved, *nothing_heard, *clipped, *full, *save_failed, *unreadable,
        *level, *keys, *discarded, *play_failed, *retake, *counterpart, *lines;
    const char *after, *after_more; /* what comes before the line: "After: %s", "%d more" */
} UiVoiceWords;

typedef struct {
    const char *lang; /* "zh" or "en" */
    const UiHistoryWords *history;
    const UiReloadWords *reload;
    const UiConsoleWords *console;
    const UiReviewWords *review;
    const char *app_title, *signin_title, *signin_intro, *trainee_id, *trainee_name, *language,
        *mode, *practice, *assessment, *sandbox, *mode_practice_hint, *mode_assessment_hint, *practise_btn, *assess_btn, *mode_sandbox_hint,
        *colon, *sep, *comma, *lparen, *rparen, /* punctuation of the language */
        *continue_btn, *settings, *help_btn, *need_id;
    const char *picker_title, *tier_new_hire, *tier_experienced, *tier_manager, *not_loaded,
        *best, *latest, *passed_assessment, *no_attempts, *no_scenarios, *signed_in_as, *sign_out,
        *interrupted_title, *interrupted_info, *interrupted_resume, *interrupted_close;
    const char *per_decision_varies, *point_one; /* the first decision's seconds; "-1 point" */
    const char *partial; /* a --from debrief, scored from node %s only */
    const char *briefing, *situation, *scored_on, *time_limit, *per_decision, *no_time_limit,
        *timers_off, *pass_mark, *start_call, *back;
    const char *customer, *narrator, *coach, *you, *decision_n, *seconds_left, *mentor_paused, *paused,
        *paused_hint, *resume, *leave_call, *leave_title, *leave_info,
        *leave_quit_info, *leave_stay, *leave_close, *parked_title, *parked_info, *parked_resume, *parked_discard, *continue_hint, *feedback_title, *points,
        *no_feedback, *time_up, *no_answer, *call_ended, *dead_end, *to_debrief, *earlier;
    const char *debrief, *passed, *not_passed, *pass_mark_was, *competencies, *decisions,
        *your_choice, *best_choice, *was_best, *same_as_yours, *coach_says, *try_again, *back_to_list,
        *outcome_pass, *outcome_fail, *outcome_neutral, *na, *timeout_taken, *not_recorded;
    const char *settings_title, *practice_timers, *high_contrast, *volume, *mute, *text_size,
        *on, *off, *close;
    const char *help_title, *help_body;
    const char *mood_calm, *mood_annoyed, *mood_angry, *mood_skeptical, *mood_pleased,
        *mood_worried, *mood_neutral;
    /* Assessment (issue #11): the critical error, the debrief's teaching, the hidden meters. */
    const char *critical_failed, *critical_mark, *why_best, *techniques, *lesson, *meters_course,
        *meters_later, *may_differ;
    /* The debrief: practise next, the mentor's comments; a past attempt opened from the history. */
    const char *practise_next, *practise_next_why, *practise_next_open, *mentor_comments, *mentor_before,
        *mentor_after_decision, *mentor_after_call, *open_review, *past_debrief, *back_to_history,
        *history_attempts, *history_open_hint, *review_failed, *practise_next_why_one;
    const char *server_away; /* the shared records server is away: %s the reason */
    /* The server lost in the middle of an attempt (app_rec.c): the answers kept (%s the
     * reason); a finished attempt waiting for it (%s); back, everything stored. */
    const char *server_lost, *server_held, *server_back;
    const UiVoiceWords *voice; /* the voice recorder's words */
    /* Voice (issue #17): say-aloud in the call, its setting, the briefing's notice. */
    const char *say_listen, *say_now, *say_done, *say_too_loud, *say_no_mic, *say_aloud_setting,
        *brief_recorded, *brief_say_only, *say_mentor_records, *say_mentor_stops;
} UiStrings;

/* "zh" gives Chinese; anything else English. Never NULL. */
const UiStrings *ui_strings(const char *locale);
/* A mood id the face knows ("calm", "angry", ...) in these words; other moods as written. */
const char *ui_strings_mood(const UiStrings *s, const char *mood);

/* Ids that scenario files write, in these words: a mood, a tag ("angry-customer"), a technique
 * ("LAER:acknowledge"). An id the table does not know is returned as written. Never NULL. */
typedef enum { UI_WORD_MOOD, UI_WORD_TAG, UI_WORD_TECHNIQUE } UiWordKind;
const char *ui_strings_word(const UiStrings *s, UiWordKind kind, const char *id);

#endif
