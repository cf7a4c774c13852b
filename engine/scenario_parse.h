/* The scenario loader's own layout and helpers, shared by its files (engine/scenario*.c) and
 * nothing else: outside the loader, see scenario_internal.h (the engine) and scenario.h.
 *
 *   scenario_load.c    the entry points: read the file, parse, walk, map pointers to lines
 *   scenario_memory.c  arenas (the Scenario's, cJSON's), string maps, the current JSON pointer
 *   scenario_diag.c    diagnostics at the current value; checks of plain values and texts
 *   scenario_top.c     the top level, walked in the order references need
 *   scenario_nodes.c   nodes, choices, timers and timeout outcomes, sounds
 *   scenario_refs.c    gotos, effects, scores, conditions
 *   scenario_graph.c   the flags named in "set"; unreachable nodes and dead ends
 *
 * Every walker reads "the current value": the caller has pushed its key on the JSON pointer
 * (sl_path_push) and pops it after. Out of memory anywhere jumps back to the entry point. */
#ifndef SPARRING_SCENARIO_PARSE_H
#define SPARRING_SCENARIO_PARSE_H

#include <cjson/cJSON.h>
#include <setjmp.h>
#include <stdbool.h>
#include <stddef.h>

#include "jsonpos.h"
#include "scenario_internal.h"

/* Flags share the meters' name map, with indexes offset by this. */
#define FLAG_BASE 1000000

/* Diagnostics kept per file: past this many, the rest are counted and summed up in one line
 * (a damaged or hostile file can hold millions of problems). */
#define MAX_DIAGS 1000

/* The longest timer accepted, in seconds: a day. Longer values are surely mistakes, and this
 * keeps every time computation far from overflow. */
#define SC_MAX_TIME_LIMIT 86400.0

/* A block of an arena. */
typedef struct Block {
    struct Block *next;
    size_t used, cap;
    max_align_t data[];
} Block;

/* A string -> index map (open addressing). */
typedef struct {
    const char **keys;
    int *vals;
    size_t mask;
    int count;
} StrMap;

typedef struct {
    struct Scenario sc; /* first: a Scenario * is a Loaded * */
    Block *blocks;
    StrMap nodes, events, names, competencies;
    int exprs_cap;
} Loaded;

typedef struct {
    const char **names;
    char **where; /* the JSON pointer of each flag's first "set" */
    int n, cap;
} NameList;

/* Per diagnostic: where its position comes from. */
typedef struct {
    bool nopos;    /* a file-level problem: no line */
    bool key;      /* the member's key rather than its value */
    bool has_off;  /* off is the raw byte offset */
    size_t off;
    long in_string; /* >= 0: decoded byte offset inside the string value */
} Side;

typedef struct {
    Loaded *ld;
    Scenario *sc;
    const char *name;
    const char *dir;
    char *dir_real; /* realpath of dir, when sounds need it */
    bool dir_real_failed;
    const char *text;
    size_t len;
    DiagList *diags;
    int diag_start, errors_start;
    Side *side;
    int nside, side_cap;
    JsonPos *jp;
    cJSON *root;
    struct Block *cjson_blocks; /* cJSON's tree, when it was built in an arena (see below) */
    jmp_buf oom;
    jmp_buf side_oom; /* inside jsonpos's callback */
    bool in_report, report_oom;
    /* the JSON pointer of the value being checked */
    char *path;
    size_t path_len, path_cap;
    /* flags read by some condition */
    bool *flag_read;
    /* node-level timer data (per node) */
    bool *node_has_limit;
    bool *node_timeout_key, top_timeout_key; /* a "timeout" is written (valid or not) */
    const ScChoice **node_timeout;
    bool stop; /* an unsupported format, or too many nodes: nothing else is checked */
    int dropped_errors, dropped_warnings; /* past MAX_DIAGS */
    NameList flags; /* names in "set", in order of first appearance */
} L;

/* ---- memory (scenario_memory.c) ---- */

/* Parses the JSON text with cJSON, its tree in an arena kept in l->cjson_blocks when possible. */
cJSON *sl_parse_json(L *l, const char *data, size_t len, const char **end);
void sl_free_blocks(Block *b);
/* Out of memory: jumps back to the entry point (never returns). */
_Noreturn void sl_oom(L *l);
/* Zeroed memory from the Scenario's arena (freed with it). */
void *sl_alloc(L *l, size_t size);
void *sl_array(L *l, size_t n, size_t size);
char *sl_strdup(L *l, const char *s);
void sl_map_init(L *l, StrMap *m, int expected);
void sl_map_free(StrMap *m);
/* The value of key, or -1. */
int sl_map_get(const StrMap *m, const char *key);
/* Adds key -> val unless present; returns the existing value, or -1 when added. The key must
 * outlive the map. */
int sl_map_put(L *l, StrMap *m, const char *key, int val);
void sl_path_reserve(L *l, size_t extra);
/* Appends "/key" (escaped per RFC 6901) to the current pointer; returns the mark for sl_path_pop. */
size_t sl_path_push(L *l, const char *key);
size_t sl_path_push_index(L *l, int i);
void sl_path_pop(L *l, size_t mark);

/* ---- diagnostics and plain values (scenario_diag.c) ---- */

void sl_add_side(L *l, Side s);
/* Is there room for one more diagnostic? Counts it when not. */
bool sl_room(L *l, DiagSeverity sev);
/* An error (a warning) at the current value, or at the current member's key. */
__attribute__((format(printf, 2, 3))) void sl_err(L *l, const char *fmt, ...);
__attribute__((format(printf, 2, 3))) void sl_err_key(L *l, const char *fmt, ...);
__attribute__((format(printf, 2, 3))) void sl_warn(L *l, const char *fmt, ...);
__attribute__((format(printf, 2, 3))) void sl_warn_key(L *l, const char *fmt, ...);
/* An error at a member `key` of the current object (its value; with at_key, its key). */
__attribute__((format(printf, 4, 5))) void sl_err_at(L *l, const char *key, bool at_key, const char *fmt, ...);
/* Errors of this file so far (the dropped ones included). */
int sl_errors(const L *l);
/* jsonpos's callback: syntax errors and duplicate keys at raw offsets. */
void sl_jsonpos_report(void *ctx, size_t off, const char *pointer, const char *message);
/* A name from the file, fit to show in a message (one line, about 64 bytes at most). */
const char *sl_shown(char *buf, size_t size, const char *s);
#define SHOWN(s) sl_shown((char[72]){0}, 72, (s))
bool sl_valid_id(const char *s);
bool sl_reserved_word(const char *s);
/* Checks an id; reports at the current value (or key). Returns true when valid. */
bool sl_check_id(L *l, const char *s, const char *what, bool at_key);
/* "an object", "a string", ... for messages. */
const char *sl_type_name(const cJSON *it);
/* Reads a 32-bit integer (the current value); reports and returns false otherwise. */
bool sl_get_int(L *l, const cJSON *it, const char *what, int *out);
/* A string no longer than a text may be; reports otherwise (NULL). */
const char *sl_get_string(L *l, const cJSON *it, const char *what);
/* Warns about every key of obj not in `known` (NULL-terminated). */
void sl_check_keys(L *l, const cJSON *obj, const char *const *known, const char *what);
/* One pass over obj's members: f[i] gets the member named known[i], every other key a warning. */
void sl_fields(L *l, const cJSON *obj, const char *const *known, const cJSON **f, const char *what);
/* Reads the text `it`, member `key` of the current object (NULL when absent) into *out. */
void sl_text_field(L *l, const cJSON *it, const char *key, ScText *out, bool required, const char *what);
/* Reads a text member `key` of obj into *out. */
void sl_member_text(L *l, const cJSON *obj, const char *key, ScText *out, bool required, const char *what);

/* ---- references (scenario_refs.c) ---- */

/* "; did you mean the KIND "X"?" for `name` among the keys of m, or ""; returns buf. */
const char *sl_did_you_mean(L *l, const StrMap *m, const char *name, const char *kind, char *buf, size_t size);
/* The node the current value names, or -1 (reported). */
int sl_find_node_ref(L *l, const cJSON *it);
/* A goto (the current value). */
void sl_get_goto(L *l, const cJSON *it, ScGoto *g);
/* The goto `it`, member "next" of the current object (NULL when absent: an error). */
void sl_goto_field(L *l, const cJSON *it, ScGoto *g);
void sl_member_goto(L *l, const cJSON *obj, ScGoto *g);
/* Effects: `it` (member "effects" of the current object, may be NULL), or obj's member. */
void sl_effects_field(L *l, const cJSON *it, ScEffects *e);
void sl_member_effects(L *l, const cJSON *obj, ScEffects *e);
/* A score object (the current value). */
void sl_get_score(L *l, const cJSON *it, ScChoice *c);
/* Compiles the condition (the current value, a string) into c->requires. */
void sl_get_condition(L *l, const cJSON *it, ScChoice *c);

/* ---- nodes (scenario_nodes.c) ---- */

/* A timeout outcome (the current value), as a choice with id "timeout"; NULL when invalid. */
ScChoice *sl_get_outcome(L *l, const cJSON *it);
/* A time limit in seconds (the current value). */
bool sl_get_time_limit(L *l, const cJSON *it, double *out);
/* Node ni (the current value); its id is set already. */
void sl_get_node(L *l, const cJSON *it, int ni);

/* ---- flags and the graph (scenario_graph.c) ---- */

/* Every flag named in a "set", in order of first appearance, into l->flags and the names map. */
void sl_collect_flags(L *l);
void sl_namelist_free(NameList *nl);
/* Unreachable nodes, and nodes from which no ending can be reached. */
void sl_graph_warnings(L *l);

/* ---- the top level (scenario_top.c) ---- */

/* Walks the whole file (l->root) into l->sc. */
void sl_get_top(L *l);

#endif
