/* ui_settings: what the trainer window remembers on this machine, in
 * $XDG_CONFIG_HOME/sparring/settings.ini (else ~/.config/sparring/settings.ini). */
#ifndef SPARRING_UI_SETTINGS_H
#define SPARRING_UI_SETTINGS_H

#include <stdbool.h>
#include <stddef.h>

typedef struct {
    char trainee_id[64];
    char trainee_name[128];
    char locale[8];       /* "zh" or "en" */
    char mode[16];        /* read from old files, never used: the mode is chosen per call */
    bool practice_timers; /* practice runs the timers too (default true) */
    bool high_contrast;
    double text_zoom;     /* 0.7 .. 2.0, default 1 */
    double volume;        /* 0 .. 1, default 0.8 */
    bool muted;
    bool say_aloud;       /* practice: say each answer aloud before choosing (default false) */
} UiSettings;

/* The settings file's path (a static buffer). */
const char *ui_settings_path(void);
/* The language of the system locale (LC_ALL, else LC_MESSAGES, else LANG): "zh" or "en". */
const char *ui_settings_system_locale(void);
/* The defaults: system language, practice, timers on, zoom 1, volume 0.8. */
void ui_settings_defaults(UiSettings *s);
/* Applies `key=value` lines of data (untrusted: any bytes; unknown keys and bad values, such
 * as a trainee id or name that is not UTF-8 text or holds a control character, are ignored;
 * long lines cut) on top of what s holds. A value longer than its field is cut between
 * characters, never inside one. */
void ui_settings_parse(UiSettings *s, const char *data, size_t len);
/* Defaults, then whatever the file at path holds (a missing or broken file is no error:
 * unknown keys and bad values are ignored). */
void ui_settings_load(UiSettings *s, const char *path);
/* Writes the file (folders created, written to a temporary file then renamed, so a crash
 * never leaves half a file). 0, or -1 with a message. */
int ui_settings_save(const UiSettings *s, const char *path, char *err, size_t errsize);

#endif
