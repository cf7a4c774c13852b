/* Placeholder until sparring graph is built: it says so and fails, never pretends. */
#include <stdio.h>

#include "cli.h"

int cmd_graph(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fprintf(stderr, "sparring graph: not built yet\n");
    return EXIT_INVALID;
}
