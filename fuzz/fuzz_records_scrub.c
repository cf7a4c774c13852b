/* libFuzzer target: the scrubber every PostgreSQL message goes through before anyone sees it
 * (libpq's and the server's words, which may quote the connection string). The bytes are a
 * password, a NUL, and a message; or a message alone. Whatever they are: no crash, and the
 * password (3 bytes or more) and any "password=VALUE" value are gone from the result. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "records_internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *buf = malloc(size + 1);
    if (!buf)
        return 0;
    memcpy(buf, data, size);
    buf[size] = 0;
    const char *password = NULL;
    char *msg = buf;
    size_t plen = strlen(buf);
    if (plen < size) { /* a NUL inside: password first */
        password = buf;
        msg = buf + plen + 1;
    }
    char *copy = strdup(msg);
    if (!copy) {
        free(buf);
        return 0;
    }
    size_t before = strlen(copy);
    records_pg_scrub(copy, password);
    if (strlen(copy) > before)
        abort(); /* it only ever shrinks */
    if (password && strlen(password) >= 3 && !strchr(password, '*') && strstr(copy, password))
        abort();
    for (char *p = copy; *p; p++)
        if (*p == '\n')
            abort();
    free(copy);
    free(buf);
    return 0;
}
