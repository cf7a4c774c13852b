/* graph: a scenario as Graphviz dot or Mermaid flowchart text. */
#include "graph.h"
#include "textbuf.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- texts: UTF-8 decoded for display width, shortened and wrapped ---- */

/* Decodes one code point at s (n bytes left); returns its length, 1 for an invalid byte
 * (then *cp is U+FFFD), so malformed text never stops the walk. */
static int utf8_next(const unsigned char *s, size_t n, unsigned *cp)
{
    unsigned c = s[0];
    int len;
    unsigned min;
    if (c < 0x80) {
        *cp = c;
        return 1;
    } else if ((c & 0xE0) == 0xC0) {
        len = 2, min = 0x80, c &= 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
        len = 3, min = 0x800, c &= 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
        len = 4, min = 0x10000, c &= 0x07;
    } else {
        *cp = 0xFFFD;
        return 1;
    }
    if ((size_t)len > n) {
        *cp = 0xFFFD;
        return 1;
    }
    for (int i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80) {
            *cp = 0xFFFD;
            return 1;
        }
        c = (c << 6) | (s[i] & 0x3F);
    }
    if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) {
        *cp = 0xFFFD;
        return 1;
    }
    *cp = c;
    return len;
}

/* Columns a code point takes on screen: 2 for East Asian wide characters, else 1. */
static int cp_width(unsigned c)
{
    if ((c >= 0x1100 && c <= 0x115F) || (c >= 0x2E80 && c <= 0xA4CF) ||
        (c >= 0xAC00 && c <= 0xD7A3) || (c >= 0xF900 && c <= 0xFAFF) ||
        (c >= 0xFE30 && c <= 0xFE4F) || (c >= 0xFF00 && c <= 0xFF60) ||
        (c >= 0xFFE0 && c <= 0xFFE6) || (c >= 0x1F300 && c <= 0x1FAFF) ||
        (c >= 0x20000 && c <= 0x3FFFD))
        return 2;
    return 1;
}

static void put_cp(TextBuf *b, unsigned c)
{
    char u[4];
    size_t n;
    if (c < 0x80) {
        u[0] = (char)c, n = 1;
    } else if (c < 0x800) {
        u[0] = (char)(0xC0 | (c >> 6)), u[1] = (char)(0x80 | (c & 0x3F)), n = 2;
    } else if (c < 0x10000) {
        u[0] = (char)(0xE0 | (c >> 12)), u[1] = (char)(0x80 | ((c >> 6) & 0x3F));
        u[2] = (char)(0x80 | (c & 0x3F)), n = 3;
    } else {
        u[0] = (char)(0xF0 | (c >> 18)), u[1] = (char)(0x80 | ((c >> 12) & 0x3F));
        u[2] = (char)(0x80 | ((c >> 6) & 0x3F)), u[3] = (char)(0x80 | (c & 0x3F)), n = 4;
    }
    textbuf_add(b, u, n);
}

/* Punctuation that never starts a line (it closes what comes before: 。，、；：？！）」』”’》】 and
 * their ASCII forms): it hangs at the end of the line instead. */
static bool no_line_start(unsigned c)
{
    static const unsigned closing[] = {0x3002, 0xFF0C, 0x3001, 0xFF1B, 0xFF1A, 0xFF1F, 0xFF01, 0xFF09, 0x300D,
                                       0x300F, 0x201D, 0x2019, 0x300B, 0x3011, 0x2026, ',', '.', ';', ':', '!',
                                       '?', ')'};
    for (size_t i = 0; i < sizeof closing / sizeof closing[0]; i++)
        if (c == closing[i])
            return true;
    return false;
}

/* Appends `s` to b shortened to max_cols columns (an ellipsis marks the cut) and wrapped into
 * lines of wrap_cols columns with '\n', breaking at a space where there is one. Control
 * characters and runs of white space become one space. */
static void put_shortened(TextBuf *b, const char *s, int max_cols, int wrap_cols)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t n = strlen(s);
    int total = 0, line = 0;
    size_t last_space = (size_t)-1; /* a space in the current line we may break at */
    bool pending_space = false;
    while (n > 0) {
        unsigned c;
        int len = utf8_next(p, n, &c);
        p += len, n -= (size_t)len;
        if (c < 0x20 || c == 0x7F || c == ' ' || c == 0x3000) {
            pending_space = total > 0;
            continue;
        }
        int w = cp_width(c) + (pending_space ? 1 : 0);
        /* Stop early enough that the ellipsis still fits. */
        bool more = n > 0;
        if (total + w > max_cols - (more ? 1 : 0)) {
            textbuf_str(b, "\xE2\x80\xA6"); /* U+2026 */
            return;
        }
        if (line + w > wrap_cols && line > 0 && !(no_line_start(c) && !pending_space)) {
            if (!pending_space && last_space != (size_t)-1 && !b->failed) {
                /* Break at the last space: what followed it starts the new line. */
                b->s[last_space] = '\n';
                int tail = 0;
                const unsigned char *q = (const unsigned char *)b->s + last_space + 1;
                size_t qn = b->len - (last_space + 1);
                while (qn > 0) {
                    unsigned qc;
                    int ql = utf8_next(q, qn, &qc);
                    tail += cp_width(qc);
                    q += ql, qn -= (size_t)ql;
                }
                line = tail;
            } else {
                textbuf_str(b, "\n");
                line = 0;
                if (pending_space)
                    w--;
                pending_space = false;
            }
            last_space = (size_t)-1;
        }
        if (pending_space) {
            last_space = b->len;
            textbuf_str(b, " ");
            line++;
            pending_space = false;
        }
        put_cp(b, c);
        total += w;
        line += cp_width(c);
    }
}

/* Appends the plain text `s` escaped for a quoted label of the format. */
static void put_escaped(TextBuf *b, GraphFormat f, const char *s)
{
    for (; *s; s++) {
        char c = *s;
        if (f == GRAPH_DOT) {
            if (c == '"')
                textbuf_str(b, "\\\"");
            else if (c == '\\')
                textbuf_str(b, "\\\\");
            else if (c == '\n')
                textbuf_str(b, "\\n");
            else
                textbuf_add(b, s, 1);
        } else {
            switch (c) {
            case '"': textbuf_str(b, "#quot;"); break;
            case '#': textbuf_str(b, "#35;"); break;
            case '<': textbuf_str(b, "#lt;"); break;
            case '>': textbuf_str(b, "#gt;"); break;
            case '&': textbuf_str(b, "#amp;"); break;
            case '|': textbuf_str(b, "#124;"); break;
            case ';': textbuf_str(b, "#59;"); break;
            case '`': textbuf_str(b, "#96;"); break;
            case '%': textbuf_str(b, "#37;"); break; /* "%%" would start a comment */
            case '\n': textbuf_str(b, "<br/>"); break;
            default: textbuf_add(b, s, 1);
            }
        }
    }
}

/* ---- labels, built as plain text then escaped ---- */

typedef struct {
    const Scenario *sc;
    GraphFormat f;
    int locale;
    TextBuf out;
    TextBuf label; /* scratch for one plain label */
} Graph;

static void plain_points(TextBuf *t, const Graph *g, const ScChoice *c)
{
    bool first = true;
    for (int i = 0; i < c->nscore; i++) {
        const ScCompetency *comp = scenario_competency(g->sc, c->score[i].competency);
        textbuf_printf(t, "%s%s %+d", first ? "" : ", ", comp ? comp->id : "?", c->score[i].points);
        first = false;
    }
}

static void plain_effects(TextBuf *t, const Graph *g, const ScEffects *e)
{
    bool first = true;
    for (int i = 0; i < e->nmeters; i++) {
        const ScMeter *m = scenario_meter(g->sc, e->meters[i].meter);
        textbuf_printf(t, "%s%s %+d", first ? "" : ", ", m ? m->id : "?", e->meters[i].delta);
        first = false;
    }
    for (int i = 0; i < e->nset; i++) {
        const char *fl = scenario_flag(g->sc, e->set[i]);
        textbuf_printf(t, "%sset %s", first ? "" : ", ", fl ? fl : "?");
        first = false;
    }
    for (int i = 0; i < e->nclear; i++) {
        const char *fl = scenario_flag(g->sc, e->clear[i]);
        textbuf_printf(t, "%sclear %s", first ? "" : ", ", fl ? fl : "?");
        first = false;
    }
}

/* The label of a choice or timeout edge: what is said, points, effects, condition. */
static void plain_choice_label(TextBuf *t, const Graph *g, const ScNode *n, const ScChoice *c,
                               bool is_timeout)
{
    if (is_timeout) {
        textbuf_printf(t, "timeout (%g s)", n->time_limit);
    } else {
        textbuf_printf(t, "%s: ", c->id);
        put_shortened(t, scenario_text(&c->text, g->locale), GRAPH_EDGE_COLUMNS,
                      GRAPH_WRAP_COLUMNS);
    }
    if (c->nscore > 0) {
        textbuf_str(t, "\n");
        plain_points(t, g, c);
    }
    if (c->effects.nmeters + c->effects.nset + c->effects.nclear > 0) {
        textbuf_str(t, "\n[");
        plain_effects(t, g, &c->effects);
        textbuf_str(t, "]");
    }
    if (!is_timeout && c->requires_src) {
        textbuf_str(t, "\nif ");
        put_shortened(t, c->requires_src, GRAPH_EDGE_COLUMNS, GRAPH_EDGE_COLUMNS);
    }
}

static const char *outcome_word(ScOutcome o)
{
    switch (o) {
    case SC_OUTCOME_PASS: return "PASS";
    case SC_OUTCOME_FAIL: return "FAIL";
    case SC_OUTCOME_NEUTRAL: return "NEUTRAL";
    default: return "";
    }
}

static void plain_node_label(TextBuf *t, const Graph *g, const ScNode *n)
{
    if (n->kind == SC_NODE_END)
        textbuf_printf(t, "%s: ", outcome_word(n->outcome));
    textbuf_str(t, n->id);
    if (n->speaker == SC_SPEAKER_NARRATOR)
        textbuf_str(t, " (narrator)");
    else if (n->speaker == SC_SPEAKER_COACH)
        textbuf_str(t, " (coach)");
    if (n->kind == SC_NODE_CHOICES && n->time_limit > 0)
        textbuf_printf(t, " (timer %g s)", n->time_limit);
    textbuf_str(t, "\n");
    put_shortened(t, scenario_text(&n->text, g->locale), GRAPH_NODE_COLUMNS, GRAPH_WRAP_COLUMNS);
    if (n->effects.nmeters + n->effects.nset + n->effects.nclear > 0) {
        textbuf_str(t, "\n[");
        plain_effects(t, g, &n->effects);
        textbuf_str(t, "]");
    }
}

/* Appends a plain label escaped for the output format. */
static void put_label_text(Graph *g, const char *plain)
{
    put_escaped(&g->out, g->f, plain);
}

/* ---- edges ---- */

typedef enum { EDGE_CHOICE, EDGE_TIMEOUT, EDGE_EVENT, EDGE_BRANCH, EDGE_CONTINUE } EdgeKind;

static void put_edge(Graph *g, const char *from, const char *to, EdgeKind kind, const char *plain)
{
    TextBuf *o = &g->out;
    if (g->f == GRAPH_DOT) {
        textbuf_printf(o, "  %s -> %s", from, to);
        bool has_label = plain && *plain;
        const char *style = kind == EDGE_TIMEOUT ? "dashed" : kind == EDGE_EVENT ? "dotted" : NULL;
        const char *color = kind == EDGE_TIMEOUT ? "#b45309" : kind == EDGE_EVENT ? "#6d28d9" : NULL;
        if (has_label || style) {
            textbuf_str(o, " [");
            bool first = true;
            if (has_label) {
                textbuf_str(o, "label=\"");
                put_label_text(g, plain);
                textbuf_str(o, "\"");
                first = false;
            }
            if (style) {
                textbuf_printf(o, "%sstyle=%s, color=\"%s\", fontcolor=\"%s\"", first ? "" : ", ", style,
                           color, color);
            }
            textbuf_str(o, "]");
        }
        textbuf_str(o, ";\n");
    } else {
        const char *arrow = (kind == EDGE_TIMEOUT || kind == EDGE_EVENT) ? "-.->" : "-->";
        textbuf_printf(o, "  %s %s", from, arrow);
        if (plain && *plain) {
            textbuf_str(o, "|\"");
            put_label_text(g, plain);
            textbuf_str(o, "\"|");
        }
        textbuf_printf(o, " %s\n", to);
    }
}

/* A goto from `from`: straight to a node, or through a diamond to each weighted branch.
 * `rid` names the diamond. */
static void put_goto(Graph *g, const char *from, const ScGoto *go, EdgeKind kind,
                     const char *plain, const char *rid)
{
    char to[96];
    if (go->node >= 0 || go->nbranches <= 0) {
        const ScNode *target = scenario_node(g->sc, go->node >= 0 ? go->node : 0);
        snprintf(to, sizeof to, "n_%s", target ? target->id : "?");
        put_edge(g, from, to, kind, plain);
        return;
    }
    TextBuf *o = &g->out;
    if (g->f == GRAPH_DOT)
        textbuf_printf(o, "  %s [shape=diamond, style=filled, fillcolor=\"#fef3c7\", label=\"random\", "
                      "fontsize=9, width=0.3, height=0.3];\n", rid);
    else
        textbuf_printf(o, "  %s{\"random\"}\n  class %s random\n", rid, rid);
    put_edge(g, from, rid, kind, plain);
    double sum = 0;
    for (int i = 0; i < go->nbranches; i++)
        sum += go->branches[i].weight;
    for (int i = 0; i < go->nbranches; i++) {
        const ScNode *target = scenario_node(g->sc, go->branches[i].node);
        snprintf(to, sizeof to, "n_%s", target ? target->id : "?");
        char w[96];
        snprintf(w, sizeof w, "weight %g (%.0f%%)", go->branches[i].weight,
                 sum > 0 ? 100.0 * go->branches[i].weight / sum : 0.0);
        put_edge(g, rid, to, EDGE_BRANCH, w);
    }
}

/* ---- nodes ---- */

static void put_node(Graph *g, const ScNode *n, const char *plain)
{
    TextBuf *o = &g->out;
    if (g->f == GRAPH_DOT) {
        textbuf_printf(o, "  n_%s [label=\"", n->id);
        put_label_text(g, plain);
        textbuf_str(o, "\"");
        if (n->kind == SC_NODE_END) {
            const char *fill = n->outcome == SC_OUTCOME_PASS   ? "#bbf7d0"
                               : n->outcome == SC_OUTCOME_FAIL ? "#fecaca"
                                                               : "#e5e7eb";
            const char *line = n->outcome == SC_OUTCOME_PASS   ? "#15803d"
                               : n->outcome == SC_OUTCOME_FAIL ? "#b91c1c"
                                                               : "#4b5563";
            const char *shape = n->outcome == SC_OUTCOME_PASS   ? "doubleoctagon"
                                : n->outcome == SC_OUTCOME_FAIL ? "octagon"
                                                                : "box";
            textbuf_printf(o, ", shape=%s, style=\"filled,bold\", fillcolor=\"%s\", color=\"%s\", "
                          "peripheries=2", shape, fill, line);
        } else if (n->speaker != SC_SPEAKER_CUSTOMER) {
            textbuf_str(o, ", style=\"rounded,filled,dashed\", fillcolor=\"#f1f5f9\"");
        }
        textbuf_str(o, "];\n");
    } else {
        const char *open = "[\"", *close = "\"]";
        /* Endings by shape as well as colour: pass a stadium, fail a hexagon, neutral round. */
        if (n->kind == SC_NODE_END && n->outcome == SC_OUTCOME_PASS)
            open = "([\"", close = "\"])";
        else if (n->kind == SC_NODE_END && n->outcome == SC_OUTCOME_FAIL)
            open = "{{\"", close = "\"}}";
        else if (n->kind == SC_NODE_END)
            open = "(\"", close = "\")";
        textbuf_printf(o, "  n_%s%s", n->id, open);
        put_label_text(g, plain);
        textbuf_printf(o, "%s\n", close);
        if (n->kind == SC_NODE_END)
            textbuf_printf(o, "  class n_%s %s\n", n->id,
                       n->outcome == SC_OUTCOME_PASS   ? "pass"
                       : n->outcome == SC_OUTCOME_FAIL ? "fail"
                                                       : "neutral");
        else if (n->speaker != SC_SPEAKER_CUSTOMER)
            textbuf_printf(o, "  class n_%s aside\n", n->id);
    }
}

int graph_format_from_name(const char *name, GraphFormat *out)
{
    if (!strcmp(name, "dot"))
        *out = GRAPH_DOT;
    else if (!strcmp(name, "mermaid"))
        *out = GRAPH_MERMAID;
    else
        return -1;
    return 0;
}

/* Empties the scratch label, ready for the next. */
static TextBuf *new_label(Graph *g)
{
    g->label.len = 0;
    if (g->label.s)
        g->label.s[0] = 0;
    return &g->label;
}

static const char *label_text(const Graph *g) { return g->label.s ? g->label.s : ""; }

/* The graph's opening: its title and default styles, and the start marker. */
static void put_header(Graph *g)
{
    TextBuf *o = &g->out;
    if (g->f == GRAPH_DOT) {
        textbuf_str(o, "digraph scenario {\n  label=\"");
        textbuf_printf(new_label(g), "%s (%s %s)", scenario_text(scenario_title(g->sc), g->locale),
                       scenario_id(g->sc), scenario_version(g->sc));
        put_label_text(g, label_text(g));
        textbuf_str(o, "\";\n  labelloc=t;\n  fontname=\"sans-serif\";\n  rankdir=TB;\n"
                    "  node [shape=box, style=\"rounded,filled\", fillcolor=\"#ffffff\", "
                    "fontname=\"sans-serif\", fontsize=11];\n"
                    "  edge [fontname=\"sans-serif\", fontsize=9];\n"
                    "  s_start [shape=circle, style=filled, fillcolor=\"#1f2937\", "
                    "fontcolor=\"#ffffff\", label=\"start\", fontsize=9];\n");
    } else {
        textbuf_str(o, "flowchart TD\n  s_start((\"start\"))\n");
    }
}

/* The edges out of node i: its `next`, or each choice and the timeout. */
static void put_node_edges(Graph *g, int i)
{
    const ScNode *n = scenario_node(g->sc, i);
    char from[96], rid[128];
    snprintf(from, sizeof from, "n_%s", n->id);
    if (n->kind == SC_NODE_NEXT) {
        snprintf(rid, sizeof rid, "r_%d_next", i);
        put_goto(g, from, &n->next, EDGE_CONTINUE, NULL, rid);
    } else if (n->kind == SC_NODE_CHOICES) {
        for (int c = 0; c < n->nchoices; c++) {
            plain_choice_label(new_label(g), g, n, &n->choices[c], false);
            snprintf(rid, sizeof rid, "r_%d_%d", i, c);
            put_goto(g, from, &n->choices[c].next, EDGE_CHOICE, label_text(g), rid);
        }
        if (n->time_limit > 0 && n->timeout) {
            plain_choice_label(new_label(g), g, n, n->timeout, true);
            snprintf(rid, sizeof rid, "r_%d_timeout", i);
            put_goto(g, from, &n->timeout->next, EDGE_TIMEOUT, label_text(g), rid);
        }
    }
}

/* A mentor's event i: its note and where it leads. */
static void put_event(Graph *g, int i)
{
    TextBuf *o = &g->out;
    const ScEvent *e = scenario_event(g->sc, i);
    TextBuf *t = new_label(g);
    textbuf_printf(t, "event %s\n", e->id);
    put_shortened(t, scenario_text(&e->label, g->locale), GRAPH_EDGE_COLUMNS, GRAPH_WRAP_COLUMNS);
    char from[96], rid[128];
    snprintf(from, sizeof from, "e_%s", e->id);
    if (g->f == GRAPH_DOT) {
        textbuf_printf(o, "  %s [shape=note, style=\"filled,dashed\", fillcolor=\"#ede9fe\", label=\"", from);
        put_label_text(g, label_text(g));
        textbuf_str(o, "\"];\n");
    } else {
        textbuf_printf(o, "  %s>\"", from);
        put_label_text(g, label_text(g));
        textbuf_printf(o, "\"]\n  class %s event\n", from);
    }
    snprintf(rid, sizeof rid, "r_event_%d", i);
    put_goto(g, from, &e->next, EDGE_EVENT, NULL, rid);
}

/* The graph's close: endings side by side (dot), or the classes of the styles (mermaid). */
static void put_footer(Graph *g)
{
    TextBuf *o = &g->out;
    if (g->f == GRAPH_DOT) {
        /* Every ending on the bottom row, so the outcomes read side by side. */
        bool any = false;
        for (int i = 0; i < scenario_node_count(g->sc); i++) {
            const ScNode *n = scenario_node(g->sc, i);
            if (n->kind != SC_NODE_END)
                continue;
            textbuf_printf(o, "%s n_%s;", any ? "" : "  { rank=sink;", n->id);
            any = true;
        }
        if (any)
            textbuf_str(o, " }\n");
        textbuf_str(o, "}\n");
    } else {
        textbuf_str(o, "  classDef pass fill:#bbf7d0,stroke:#15803d,stroke-width:3px\n"
                    "  classDef fail fill:#fecaca,stroke:#b91c1c,stroke-width:3px\n"
                    "  classDef neutral fill:#e5e7eb,stroke:#4b5563,stroke-width:3px\n"
                    "  classDef aside fill:#f1f5f9,stroke-dasharray:4 3\n"
                    "  classDef random fill:#fef3c7\n"
                    "  classDef event fill:#ede9fe,stroke:#6d28d9\n");
    }
}

char *graph_render(const Scenario *sc, GraphFormat format, int locale)
{
    Graph g = {.sc = sc, .f = format, .locale = locale};
    if (locale < 0 || locale >= scenario_locale_count(sc))
        g.locale = 0;
    put_header(&g);
    for (int i = 0; i < scenario_node_count(sc); i++) {
        const ScNode *n = scenario_node(sc, i);
        plain_node_label(new_label(&g), &g, n);
        put_node(&g, n, label_text(&g));
    }
    const ScNode *start = scenario_node(sc, scenario_start(sc));
    if (start) {
        char from[96];
        snprintf(from, sizeof from, "n_%s", start->id);
        put_edge(&g, "s_start", from, EDGE_CONTINUE, NULL);
    }
    for (int i = 0; i < scenario_node_count(sc); i++)
        put_node_edges(&g, i);
    for (int i = 0; i < scenario_event_count(sc); i++)
        put_event(&g, i);
    put_footer(&g);

    bool oom = g.out.failed || g.label.failed;
    free(g.label.s);
    if (oom) {
        free(g.out.s);
        return NULL;
    }
    return g.out.s;
}
