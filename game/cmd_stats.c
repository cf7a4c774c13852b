/* Placeholder until sparring stats is built: it says so and fails, never pretends. */
#include <stdio.h>

#include "cli.h"

int cmd_stats(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fprintf(stderr, "sparring stats: not built yet\n");
    return EXIT_INVALID;
}
