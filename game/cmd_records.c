/* Placeholder until sparring records is built: it says so and fails, never pretends. */
#include <stdio.h>

#include "cli.h"

int cmd_records(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fprintf(stderr, "sparring records: not built yet\n");
    return EXIT_INVALID;
}
