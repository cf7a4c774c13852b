/* scenario_memory: the loader's memory (its arena, and cJSON's during a parse), its
 * string -> index maps and the JSON pointer of the value being checked. */
#include "scenario_parse.h"

#include <pthread.h>
#include <stdint.h>
#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- cJSON's memory ----
 * A 5 MB scenario is some 300,000 cJSON items and strings: allocated one by one and freed one
 * by one, they cost more than half of a load. While this thread parses a scenario, cJSON's
 * allocations come from an arena instead, dropped in one go afterwards (the tree is never
 * cJSON_Delete'd then). cJSON's hooks are process-wide, so they stay transparent: outside a
 * parse on this thread (the flag is thread-local) they are exactly malloc and free. If some
 * other code installs its own hooks, the arena stays empty and the tree is deleted the usual
 * way. Sanitizer builds keep plain malloc, so each item keeps its own redzones. */

#if defined(__SANITIZE_ADDRESS__)
#define SC_PARSE_ARENA 0
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SC_PARSE_ARENA 0
#endif
#endif
#ifndef SC_PARSE_ARENA
#define SC_PARSE_ARENA 1
#endif

#if SC_PARSE_ARENA
static _Thread_local Block **parse_blocks; /* non-NULL while this thread parses */

static void *parse_malloc(size_t size)
{
    if (!parse_blocks)
        return malloc(size);
    size = (size + sizeof(max_align_t) - 1) / sizeof(max_align_t) * sizeof(max_align_t);
    Block *b = *parse_blocks;
    if (!b || b->cap - b->used < size) {
        size_t cap = size > 65536 ? size : 262144;
        Block *nb = malloc(sizeof(Block) + cap);
        if (!nb)
            return NULL;
        nb->used = 0;
        nb->cap = cap;
        if (b && size > 65536) { /* a big one aside: the current block keeps its room */
            nb->next = b->next;
            b->next = nb;
        } else {
            nb->next = b;
            *parse_blocks = nb;
        }
        b = nb;
    }
    void *p = (char *)b->data + b->used;
    b->used += size;
    return p;
}

static void parse_free(void *p)
{
    if (!parse_blocks) /* during a parse, cJSON frees only what it took from the arena */
        free(p);
}

static pthread_once_t hooks_once = PTHREAD_ONCE_INIT;

static void install_hooks(void)
{
    cJSON_Hooks h = {parse_malloc, parse_free};
    cJSON_InitHooks(&h);
}
#endif

cJSON *sl_parse_json(L *l, const char *data, size_t len, const char **end)
{
#if SC_PARSE_ARENA
    pthread_once(&hooks_once, install_hooks);
    parse_blocks = &l->cjson_blocks;
#else
    (void)l;
#endif
    cJSON *root = cJSON_ParseWithLengthOpts(data, len, end, 0);
#if SC_PARSE_ARENA
    parse_blocks = NULL;
#endif
    return root;
}

void sl_free_blocks(Block *b)
{
    while (b) {
        Block *next = b->next;
        free(b);
        b = next;
    }
}

/* ---- memory ---- */

_Noreturn void sl_oom(L *l) { longjmp(l->in_report ? l->side_oom : l->oom, 1); }

void *sl_alloc(L *l, size_t size)
{
    size = (size + sizeof(max_align_t) - 1) / sizeof(max_align_t) * sizeof(max_align_t);
    if (size == 0)
        size = sizeof(max_align_t);
    Block *b = l->ld->blocks;
    if (!b || b->cap - b->used < size) {
        size_t cap = size > 60000 ? size : 60000;
        b = malloc(sizeof(Block) + cap);
        if (!b)
            sl_oom(l);
        b->next = l->ld->blocks;
        b->used = 0;
        b->cap = cap;
        l->ld->blocks = b;
    }
    void *p = (char *)b->data + b->used;
    b->used += size;
    memset(p, 0, size);
    return p;
}

void *sl_array(L *l, size_t n, size_t size)
{
    if (n && size > SIZE_MAX / n)
        sl_oom(l);
    return sl_alloc(l, n * size);
}

char *sl_strdup(L *l, const char *s)
{
    size_t n = strlen(s);
    char *d = sl_alloc(l, n + 1);
    memcpy(d, s, n + 1);
    return d;
}

/* A seed per process (from where the stack is, which ASLR moves), so a file cannot be built to
 * make every id collide. */
static uint32_t hash_seed(void)
{
    static uint32_t seed;
    if (!seed) {
        int local;
        uintptr_t a = (uintptr_t)&local;
        seed = ((uint32_t)a ^ (uint32_t)(a >> 32)) * 2654435761u | 1u;
    }
    return seed;
}

static uint32_t str_hash(const char *s)
{
    uint32_t h = 2166136261u ^ hash_seed();
    for (; *s; s++) {
        h ^= (unsigned char)*s;
        h *= 16777619u;
    }
    return h;
}

void sl_map_init(L *l, StrMap *m, int expected)
{
    size_t cap = 16;
    while (cap < (size_t)expected * 2 + 2)
        cap *= 2;
    m->keys = calloc(cap, sizeof *m->keys);
    m->vals = calloc(cap, sizeof *m->vals);
    if (!m->keys || !m->vals)
        sl_oom(l);
    m->mask = cap - 1;
    m->count = 0;
}

void sl_map_free(StrMap *m)
{
    free(m->keys);
    free(m->vals);
    memset(m, 0, sizeof *m);
}

int sl_map_get(const StrMap *m, const char *key)
{
    if (!m->keys || !key)
        return -1;
    for (size_t s = str_hash(key) & m->mask; m->keys[s]; s = (s + 1) & m->mask)
        if (!strcmp(m->keys[s], key))
            return m->vals[s];
    return -1;
}

/* Adds key -> val unless present; returns the existing value, or -1 when added. The key must
 * outlive the map. The map grows as needed. */
int sl_map_put(L *l, StrMap *m, const char *key, int val)
{
    int old = sl_map_get(m, key);
    if (old >= 0)
        return old;
    if ((size_t)(m->count + 1) * 2 > m->mask + 1) {
        StrMap g;
        sl_map_init(l, &g, (int)(m->mask + 1));
        for (size_t i = 0; i <= m->mask; i++)
            if (m->keys[i]) {
                size_t s = str_hash(m->keys[i]) & g.mask;
                while (g.keys[s])
                    s = (s + 1) & g.mask;
                g.keys[s] = m->keys[i];
                g.vals[s] = m->vals[i];
            }
        g.count = m->count;
        sl_map_free(m);
        *m = g;
    }
    size_t s = str_hash(key) & m->mask;
    while (m->keys[s])
        s = (s + 1) & m->mask;
    m->keys[s] = key;
    m->vals[s] = val;
    m->count++;
    return -1;
}

/* ---- the current JSON pointer ---- */

void sl_path_reserve(L *l, size_t extra)
{
    if (l->path_len + extra + 1 <= l->path_cap)
        return;
    size_t cap = l->path_cap ? l->path_cap : 256;
    while (cap < l->path_len + extra + 1)
        cap *= 2;
    char *p = realloc(l->path, cap);
    if (!p)
        sl_oom(l);
    l->path = p;
    l->path_cap = cap;
}

/* Appends "/key" (escaped per RFC 6901); returns the mark to restore with path_pop. */
size_t sl_path_push(L *l, const char *key)
{
    size_t mark = l->path_len;
    size_t n = strlen(key);
    sl_path_reserve(l, 2 * n + 1);
    l->path[l->path_len++] = '/';
    for (size_t i = 0; i < n; i++) {
        if (key[i] == '~' || key[i] == '/') {
            l->path[l->path_len++] = '~';
            l->path[l->path_len++] = key[i] == '~' ? '0' : '1';
        } else {
            l->path[l->path_len++] = key[i];
        }
    }
    l->path[l->path_len] = 0;
    return mark;
}

size_t sl_path_push_index(L *l, int i)
{
    char buf[16];
    snprintf(buf, sizeof buf, "%d", i);
    return sl_path_push(l, buf);
}

void sl_path_pop(L *l, size_t mark)
{
    l->path_len = mark;
    l->path[mark] = 0;
}
