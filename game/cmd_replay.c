/* Placeholder until sparring replay is built: it says so and fails, never pretends. */
#include <stdio.h>

#include "cli.h"

int cmd_replay(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fprintf(stderr, "sparring replay: not built yet\n");
    return EXIT_INVALID;
}
