/* Placeholder until sparring run is built: it says so and fails, never pretends. */
#include <stdio.h>

#include "cli.h"

int cmd_run(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fprintf(stderr, "sparring run: not built yet\n");
    return EXIT_INVALID;
}
