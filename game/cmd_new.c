/* Placeholder until sparring new is built: it says so and fails, never pretends. */
#include <stdio.h>

#include "cli.h"

int cmd_new(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fprintf(stderr, "sparring new: not built yet\n");
    return EXIT_INVALID;
}
