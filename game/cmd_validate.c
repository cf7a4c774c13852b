/* Placeholder until sparring validate is built: it says so and fails, never pretends. */
#include <stdio.h>

#include "cli.h"

int cmd_validate(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fprintf(stderr, "sparring validate: not built yet\n");
    return EXIT_INVALID;
}
