/* graph: a scenario's graph as text for Graphviz (dot) or Mermaid (`sparring graph`).
 * Nodes carry their id and text (shortened), endings their outcome (shape and colour), edges
 * the choice, its points, its effects and its condition; random branches their weights;
 * timeouts and mentor events their targets. The engine prints nothing: the text is returned. */
#ifndef SPARRING_GRAPH_H
#define SPARRING_GRAPH_H

#include "scenario.h"

typedef enum { GRAPH_DOT, GRAPH_MERMAID } GraphFormat;

/* Texts in a node label are cut to this many columns (a CJK character is two), with an
 * ellipsis; choice texts on edges to GRAPH_EDGE_COLUMNS. */
#define GRAPH_NODE_COLUMNS 72
#define GRAPH_EDGE_COLUMNS 40
/* Lines inside a label are wrapped at this many columns. */
#define GRAPH_WRAP_COLUMNS 28

/* Returns the graph of `sc` with texts in locale `locale` (an index as for scenario_locale;
 * out of range means the default, 0) as a NUL-terminated string the caller frees with free().
 * Returns NULL only when out of memory. */
char *graph_render(const Scenario *sc, GraphFormat format, int locale);

/* "dot" or "mermaid" -> its format in *out; returns 0, or -1 for any other name. */
int graph_format_from_name(const char *name, GraphFormat *out);

#endif
