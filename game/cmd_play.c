/* Placeholder until the trainer window is built: it says so and fails, never pretends. */
#include <stdio.h>

#include "cli.h"

int cmd_play(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fprintf(stderr, "sparring play: not built yet\n");
    return EXIT_INVALID;
}
