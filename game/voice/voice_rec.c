/* The trainer's voice recorder: takes, events and the script (voice_rec.h). The frame is drawn
 * in voice_rec_draw.c. */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <SDL.h>

#include "audio_file.h"
#include "voice_paths.h"
#include "voice_rec.h"
#include "voice_trim.h"

#define DEFAULT_MAX_SECONDS 60.0

static void say(VoiceRec *r, bool bad, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void say(VoiceRec *r, bool bad, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(r->message, sizeof r->message, fmt, ap);
    va_end(ap);
    r->message_bad = bad;
    r->win->ui.dirty = true;
}

/* mkdir -p: 0, or -1 with errno. */
static int make_dirs(const char *path)
{
    char p[4096];
    if (snprintf(p, sizeof p, "%s", path) >= (int)sizeof p) {
        errno = ENAMETOOLONG;
        return -1;
    }
    for (char *s = p + 1; *s; s++) {
        if (*s != '/')
            continue;
        *s = '\0';
        if (mkdir(p, 0755) != 0 && errno != EEXIST)
            return -1;
        *s = '/';
    }
    return mkdir(p, 0755) != 0 && errno != EEXIST ? -1 : 0;
}

/* Where line i's take is written (FLAC). */
static int line_path(const VoiceRec *r, int i, char *buf, size_t n)
{
    return voice_path(scenario_path(r->sc), scenario_id(r->sc), scenario_locale(r->sc, r->loc),
                      scenario_node(r->sc, r->lines[i].node)->id, buf, n);
}

/* The take line i has on disk (the one the call plays; maybe not a FLAC): > 0, else none. */
static int line_take(const VoiceRec *r, int i, char *buf, size_t n)
{
    return voice_find_take(scenario_path(r->sc), scenario_id(r->sc), scenario_locale(r->sc, r->loc),
                           scenario_node(r->sc, r->lines[i].node)->id, buf, n);
}

/* The take's path as the trainer sees it: relative to the scenario's folder. */
static void shown_path(const VoiceRec *r, int i, char *buf, size_t n)
{
    if (voice_path("", scenario_id(r->sc), scenario_locale(r->sc, r->loc), scenario_node(r->sc, r->lines[i].node)->id,
                   buf, n) < 0)
        snprintf(buf, n, "?");
}

/* ---- takes --------------------------------------------------------------------------------- */

static void start_take(VoiceRec *r, bool by_space)
{
    if (r->recording)
        return;
    char err[300];
    audio_stop_all(r->audio); /* not the last take's play back into the new one */
    if (audio_capture_start(r->mic, r->max_seconds, err, sizeof err) != 0) {
        say(r, true, r->w->save_failed, err);
        return;
    }
    r->recording = true;
    r->by_space = by_space;
    r->clipped_now = false;
    say(r, false, "%s", r->w->recording);
}

/* Ends the take in progress: saved (trimmed) when keep, else dropped. */
static void finish_take(VoiceRec *r, bool keep)
{
    if (!r->recording)
        return;
    bool clipped = audio_capture_clipped(r->mic) != 0, full = audio_capture_full(r->mic);
    float *pcm = NULL;
    size_t n = audio_capture_stop(r->mic, &pcm), start = 0, count = 0;
    int rate = audio_capture_rate(r->mic);
    r->recording = r->by_space = false;
    if (!keep) {
        free(pcm);
        say(r, false, "%s", r->w->discarded);
        return;
    }
    if (!voice_trim(pcm, n, rate, NULL, &start, &count)) {
        free(pcm);
        say(r, true, "%s", r->w->nothing_heard);
        return;
    }
    char path[4096], dir[4096], err[4400];
    AudioClip clip = {.pcm = pcm + start, .frames = count, .rate = rate};
    if (line_path(r, r->cur, path, sizeof path) < 0 ||
        voice_dir(scenario_path(r->sc), scenario_id(r->sc), scenario_locale(r->sc, r->loc), dir, sizeof dir) < 0) {
        say(r, true, r->w->save_failed, "the path is too long");
    } else if (make_dirs(dir) != 0) {
        snprintf(err, sizeof err, "%s: %s", dir, strerror(errno));
        say(r, true, r->w->save_failed, err);
    } else if (audio_clip_save(&clip, path, err, sizeof err) != 0) {
        say(r, true, r->w->save_failed, err);
    } else {
        VoiceLine *l = &r->lines[r->cur];
        l->state = VOICE_TAKE_SAVED;
        l->seconds = (double)count / rate;
        l->clipped = clipped;
        char shown[600];
        shown_path(r, r->cur, shown, sizeof shown);
        if (clipped)
            say(r, true, "%s", r->w->clipped);
        else if (full)
            say(r, false, r->w->full, (int)r->max_seconds);
        else
            say(r, false, r->w->saved, shown, l->seconds);
    }
    free(pcm);
}

/* Plays the current line's take as the trainee will hear it: down the phone line (the mixer's
 * telephone band, audio_play_line). */
static void play_take(VoiceRec *r)
{
    if (r->recording || r->lines[r->cur].state != VOICE_TAKE_SAVED)
        return;
    char path[4096], err[4400] = "?";
    AudioClip c = {0};
    if (line_take(r, r->cur, path, sizeof path) <= 0 || audio_clip_load(path, &c, err, sizeof err) != 0) {
        say(r, true, r->w->play_failed, err);
        return;
    }
    audio_stop_all(r->audio);
    if (r->audio && !audio_play_line(r->audio, c.pcm, c.frames, c.rate, err, sizeof err))
        say(r, true, r->w->play_failed, err);
    else
        r->message[0] = '\0';
    audio_clip_free(&c);
}

/* ---- moving between lines ------------------------------------------------------------------ */

static void go_to(VoiceRec *r, int i)
{
    if (r->recording || i < 0 || i >= r->nlines)
        return;
    r->cur = i;
    r->message[0] = '\0';
    r->win->ui.focus = VR_LINE + i; /* the list follows (scrolled into view) */
    r->win->ui.reveal_focus = true;
    r->win->ui.dirty = true;
}

static void skip_line(VoiceRec *r)
{
    if (r->recording)
        return;
    if (r->lines[r->cur].state == VOICE_TAKE_NONE)
        r->lines[r->cur].state = VOICE_TAKE_SKIPPED;
    if (r->cur + 1 < r->nlines)
        go_to(r, r->cur + 1);
    else
        r->win->ui.dirty = true;
}

static void activate(VoiceRec *r, int id)
{
    if (id >= VR_LINE)
        go_to(r, id - VR_LINE);
    else if (id == VR_RECORD)
        r->recording ? finish_take(r, true) : start_take(r, false);
    else if (id == VR_PLAY)
        play_take(r);
    else if (id == VR_SKIP)
        skip_line(r);
    else if (id == VR_PREV)
        go_to(r, r->cur - 1);
    else if (id == VR_NEXT)
        go_to(r, r->cur + 1);
}

/* ---- events -------------------------------------------------------------------------------- */

static void on_key(VoiceRec *r, const SDL_KeyboardEvent *k)
{
    SDL_Keycode sym = k->keysym.sym;
    bool ctrl = (k->keysym.mod & KMOD_CTRL) != 0, shift = (k->keysym.mod & KMOD_SHIFT) != 0;
    if (sym == SDLK_SPACE) {
        if (k->type == SDL_KEYDOWN && !k->repeat && !r->recording)
            start_take(r, true);
        else if (k->type == SDL_KEYUP && r->recording && r->by_space)
            finish_take(r, true);
        if (k->type == SDL_KEYDOWN && r->holding == 1)
            r->holding = 2; /* the script's Space was handled */
        return;
    }
    if (k->type != SDL_KEYDOWN)
        return;
    if (sym == SDLK_ESCAPE || (ctrl && sym == SDLK_q)) {
        if (r->recording && !ctrl)
            finish_take(r, false);
        else
            r->quit = true;
        return;
    }
    switch (sym) {
    case SDLK_RIGHT:
    case SDLK_DOWN:
    case SDLK_PAGEDOWN: go_to(r, r->cur + 1); break;
    case SDLK_LEFT:
    case SDLK_UP:
    case SDLK_PAGEUP: go_to(r, r->cur - 1); break;
    case SDLK_HOME: go_to(r, 0); break;
    case SDLK_END: go_to(r, r->nlines - 1); break;
    case SDLK_p:
        if (!k->repeat)
            play_take(r);
        break;
    case SDLK_s:
        if (!k->repeat)
            skip_line(r);
        break;
    case SDLK_TAB: uw_focus_move(&r->win->ui, shift ? -1 : 1); break;
    case SDLK_RETURN:
    case SDLK_KP_ENTER:
        if (!k->repeat && r->win->ui.focus)
            activate(r, r->win->ui.focus);
        break;
    default: break;
    }
}

static void on_event(VoiceRec *r, const SDL_Event *e)
{
    if (e->type == SDL_QUIT) {
        r->quit = true;
        return;
    }
    bool handled;
    int id = mentor_win_event(r->win, e, &handled);
    if (r->win->closed)
        r->quit = true;
    if (id)
        activate(r, id);
    if (e->type == SDL_KEYDOWN || e->type == SDL_KEYUP)
        on_key(r, &e->key);
}

/* ---- the script ---------------------------------------------------------------------------- */

int voice_rec_script(VoiceRec *r, const char *script, char *err, size_t errsize)
{
    int n = 1;
    for (const char *p = script; *p; p++)
        n += *p == ',';
    VoiceStep *steps = calloc((size_t)n, sizeof *steps);
    if (!steps) {
        snprintf(err, errsize, "out of memory");
        return -1;
    }
    int k = 0;
    for (const char *p = script; *p;) {
        size_t len = strcspn(p, ",");
        char tok[64];
        if (len >= sizeof tok) {
            snprintf(err, errsize, "a step is too long: '%.40s...'", p);
            free(steps);
            return -1;
        }
        memcpy(tok, p, len);
        tok[len] = '\0';
        p += len + (p[len] == ',');
        if (!len)
            continue;
        VoiceStep *s = &steps[k];
        if (!strncmp(tok, "rec:", 4)) {
            char *end;
            s->hold = true;
            s->seconds = strtod(tok + 4, &end);
            if (end == tok + 4 || *end || !(s->seconds > 0) || s->seconds > AUDIO_CAPTURE_MAX_SECONDS) {
                snprintf(err, errsize, "'%s': rec: wants seconds, more than 0 and at most %.0f", tok,
                         AUDIO_CAPTURE_MAX_SECONDS);
                free(steps);
                return -1;
            }
        } else if (SDL_GetKeyFromName(tok) == SDLK_UNKNOWN) {
            snprintf(err, errsize, "'%s' is not a key name (Right, Left, S, P, Escape, ...) nor rec:SECONDS", tok);
            free(steps);
            return -1;
        } else {
            snprintf(s->key, sizeof s->key, "%s", tok);
        }
        k++;
    }
    free(r->steps);
    r->steps = steps;
    r->nsteps = k;
    r->step = 0;
    r->scripted = true;
    return 0;
}

static void push_space(VoiceRec *r, bool down)
{
    SDL_Event e;
    memset(&e, 0, sizeof e);
    e.type = down ? SDL_KEYDOWN : SDL_KEYUP;
    e.key.windowID = r->win->window_id;
    e.key.state = down ? SDL_PRESSED : SDL_RELEASED;
    e.key.keysym.sym = SDLK_SPACE;
    e.key.keysym.scancode = SDL_SCANCODE_SPACE;
    SDL_PushEvent(&e);
}

/* The script's next move, once what it pushed before has been handled. */
static void script_tick(VoiceRec *r)
{
    if (!r->scripted || r->quit)
        return;
    if (r->holding) {
        const VoiceStep *s = &r->steps[r->step];
        size_t want = (size_t)(s->seconds * audio_capture_rate(r->mic));
        if (r->holding == 2 && (!r->recording || audio_capture_frames(r->mic) >= want || audio_capture_full(r->mic))) {
            push_space(r, false);
            r->holding = 0;
            r->step++;
            r->settle = 1;
        }
        return;
    }
    SDL_PumpEvents();
    if (SDL_PeepEvents(NULL, 0, SDL_PEEKEVENT, SDL_FIRSTEVENT, SDL_LASTEVENT) > 0)
        return;
    if (r->settle > 0) { /* one frame drawn after the last step */
        r->settle--;
        return;
    }
    if (r->step >= r->nsteps) {
        r->quit = true;
        return;
    }
    const VoiceStep *s = &r->steps[r->step];
    if (s->hold) {
        push_space(r, true);
        r->holding = 1;
    } else {
        ui_push_key(r->win->window_id, s->key, false, false);
        r->step++;
        r->settle = 1;
    }
}

/* ---- the loop ------------------------------------------------------------------------------ */

bool voice_rec_step(VoiceRec *r, int wait_ms)
{
    SDL_Event e;
    bool got = wait_ms > 0 ? SDL_WaitEventTimeout(&e, wait_ms) : SDL_PollEvent(&e);
    while (got && !r->quit) {
        on_event(r, &e);
        if (r->win->ui.dirty && !r->quit)
            voice_rec_draw(r); /* later events act on the new layout */
        got = SDL_PollEvent(&e);
    }
    if (r->recording) {
        if (audio_capture_full(r->mic))
            finish_take(r, true);
        r->win->ui.dirty = true; /* the level meter moves */
    } else if (r->monitoring) {
        float level = audio_capture_level(r->mic);
        int db = level > 1e-6f ? (int)floor(20 * log10(level)) : -120;
        if (db != r->meter_db)
            r->win->ui.dirty = true; /* the meter moved between takes */
    }
    script_tick(r);
    if (r->quit)
        return false;
    if (r->win->ui.dirty)
        voice_rec_draw(r);
    return true;
}

void voice_rec_run(VoiceRec *r)
{
    voice_rec_draw(r);
    while (voice_rec_step(r, r->recording || r->scripted ? (r->scripted ? 2 : 15) : r->monitoring ? 30 : 250))
        ;
}

/* ---- life ---------------------------------------------------------------------------------- */

VoiceRec *voice_rec_new(const Scenario *sc, const VoiceRecOptions *o, char *err, size_t errsize)
{
    int loc = 0;
    if (o->locale) {
        loc = scenario_locale_index(sc, o->locale);
        if (strcmp(scenario_locale(sc, loc), o->locale) != 0) {
            snprintf(err, errsize, "the scenario has no locale '%s'", o->locale);
            return NULL;
        }
    }
    int n = voice_lines(sc, loc, NULL, 0);
    if (n <= 0) {
        snprintf(err, errsize, "the scenario has no customer line in '%s' to record", scenario_locale(sc, loc));
        return NULL;
    }
    VoiceRec *r = calloc(1, sizeof *r);
    int *idx = malloc((size_t)n * sizeof *idx);
    if (r)
        r->lines = calloc((size_t)n, sizeof *r->lines);
    if (!r || !idx || !r->lines) {
        snprintf(err, errsize, "out of memory");
        free(idx);
        if (r)
            free(r->lines);
        free(r);
        return NULL;
    }
    r->sc = sc;
    r->loc = loc;
    r->s = ui_strings(scenario_locale(sc, loc));
    r->w = r->s->voice;
    r->mic = o->mic;
    r->audio = o->audio;
    r->meter_db = -120;
    r->max_seconds = o->max_seconds > 0 && o->max_seconds <= AUDIO_CAPTURE_MAX_SECONDS ? o->max_seconds
                                                                                      : DEFAULT_MAX_SECONDS;
    r->nlines = voice_lines(sc, loc, idx, n);
    r->cur = -1;
    for (int i = 0; i < r->nlines; i++) {
        r->lines[i].node = idx[i];
        char path[4096], why[300];
        AudioClip c = {0};
        if (line_take(r, i, path, sizeof path) > 0) {
            r->lines[i].state = audio_clip_load(path, &c, why, sizeof why) == 0 ? VOICE_TAKE_SAVED : VOICE_TAKE_UNREADABLE;
            r->lines[i].seconds = audio_clip_seconds(&c);
            audio_clip_free(&c);
        }
        if (r->cur < 0 && r->lines[i].state != VOICE_TAKE_SAVED)
            r->cur = i; /* where the last session stopped */
    }
    free(idx);
    if (r->cur < 0)
        r->cur = 0;
    char title[400];
    snprintf(title, sizeof title, "Sparring: %s · %s", r->w->title, scenario_text(scenario_title(sc), loc));
    r->win = mentor_win_open(title, o->width > 0 ? o->width : 1000, o->height > 0 ? o->height : 720, false, false,
                             err, errsize);
    if (!r->win) {
        free(r->lines);
        free(r);
        return NULL;
    }
    r->win->no_present = o->no_present;
    r->win->ui.focus = VR_RECORD;
    return r;
}

void voice_rec_free(VoiceRec *r)
{
    if (!r)
        return;
    finish_take(r, false);
    audio_stop_all(r->audio);
    mentor_win_close(r->win);
    free(r->steps);
    free(r->lines);
    free(r);
}

void voice_rec_view(const VoiceRec *r, VoiceRecView *v)
{
    memset(v, 0, sizeof *v);
    v->current = r->cur;
    v->nlines = r->nlines;
    for (int i = 0; i < r->nlines; i++)
        v->recorded += r->lines[i].state == VOICE_TAKE_SAVED;
    v->node = scenario_node(r->sc, r->lines[r->cur].node)->id;
    v->recording = r->recording;
    v->clipped = r->recording ? audio_capture_clipped(r->mic) != 0 : r->lines[r->cur].clipped;
    v->message = r->message;
}

VoiceTakeState voice_rec_line(const VoiceRec *r, int i, double *seconds)
{
    if (i < 0 || i >= r->nlines) {
        if (seconds)
            *seconds = 0;
        return VOICE_TAKE_NONE;
    }
    if (seconds)
        *seconds = r->lines[i].seconds;
    return r->lines[i].state;
}

MentorWin *voice_rec_win(VoiceRec *r) { return r->win; }
void voice_rec_draw(VoiceRec *r)
{
    /* Once the window shows, the meter moves before the first take too: the trainer sets the
     * microphone up first. Nothing is kept between takes; a device that will not run leaves the
     * meter still until a take. Nobody watches a script's meter: its microphone runs for its
     * takes only. */
    if (!r->monitor_tried && !r->scripted) {
        r->monitor_tried = true;
        r->monitoring = audio_capture_monitor(r->mic, true, NULL, 0) == 0;
    }
    voice_win_draw(r);
}
