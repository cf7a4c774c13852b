/* ui_strings: the window's own words in Chinese and English (a scenario's texts come from
 * the scenario file). */
#ifndef SPARRING_UI_STRINGS_H
#define SPARRING_UI_STRINGS_H

typedef struct {
    const char *app_title, *signin_title, *signin_intro, *trainee_id, *trainee_name, *language,
        *mode, *practice, *assessment, *sandbox, *mode_practice_hint, *mode_assessment_hint,
        *continue_btn, *settings, *help_btn, *need_id;
    const char *picker_title, *tier_new_hire, *tier_experienced, *tier_manager, *not_loaded,
        *best, *latest, *passed_assessment, *no_attempts, *no_scenarios, *signed_in_as, *sign_out,
        *interrupted_title, *interrupted_info, *interrupted_resume, *interrupted_close;
    const char *briefing, *situation, *scored_on, *time_limit, *per_decision, *no_time_limit,
        *timers_off, *pass_mark, *start_call, *back;
    const char *per_decision_varies, *point_one; /* i18: the first decision's seconds; "-1 point" */
    const char *partial; /* i18: a --from debrief, scored from node %s only */
    const char *customer, *narrator, *coach, *you, *decision_n, *seconds_left, *mentor_paused, *paused,
        *paused_hint, *resume, *leave_call, *continue_hint, *feedback_title, *points,
        *no_feedback, *time_up, *no_answer, *call_ended, *dead_end, *to_debrief, *earlier;
    const char *debrief, *passed, *not_passed, *pass_mark_was, *competencies, *decisions,
        *your_choice, *best_choice, *was_best, *same_as_yours, *coach_says, *try_again, *back_to_list,
        *outcome_pass, *outcome_fail, *outcome_neutral, *na, *timeout_taken, *not_recorded;
    const char *settings_title, *practice_timers, *high_contrast, *volume, *mute, *text_size,
        *on, *off, *close;
    const char *help_title, *help_body;
    const char *mood_calm, *mood_annoyed, *mood_angry, *mood_skeptical, *mood_pleased,
        *mood_worried, *mood_neutral;
} UiStrings;

/* "zh" gives Chinese; anything else English. Never NULL. */
const UiStrings *ui_strings(const char *locale);
/* A mood id the face knows ("calm", "angry", ...) in these words; other moods as written. */
const char *ui_strings_mood(const UiStrings *s, const char *mood);

#endif
