/* libFuzzer target: the JSON writer of the exports (engine/records_json.c) against cJSON, whose
 * bytes it must reproduce. The input is a stored JSON text (a decision's points, meters, shown
 * or techniques column, which a hand-edited database may fill with anything): rj_stored must
 * give exactly what cJSON_PrintUnformatted(cJSON_Parse(text)) gives, or "null" when that does
 * not parse. The same bytes as a string value (rj_str) and, when they hold 8, as a double
 * (rj_num) must print as cJSON prints them too. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "records_json.h"

static void same(TextBuf *b, char *want)
{
    if (!b->failed && want && strcmp(b->s ? b->s : "", want))
        abort();
    cJSON_free(want);
    free(b->s);
    memset(b, 0, sizeof *b);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = malloc(size + 1);
    if (!text)
        return 0;
    memcpy(text, data, size);
    text[size] = 0;
    TextBuf b = {0};

    rj_stored(&b, text);
    cJSON *v = cJSON_Parse(text);
    char *want = v ? cJSON_PrintUnformatted(v) : NULL;
    cJSON_Delete(v);
    same(&b, want ? want : strcpy(cJSON_malloc(5), "null"));

    rj_str(&b, text);
    cJSON *s = cJSON_CreateString(text);
    same(&b, s ? cJSON_PrintUnformatted(s) : NULL);
    cJSON_Delete(s);

    if (size >= sizeof(double)) {
        double d;
        memcpy(&d, data, sizeof d);
        rj_num(&b, d);
        cJSON *n = cJSON_CreateNumber(d);
        same(&b, n ? cJSON_PrintUnformatted(n) : NULL);
        cJSON_Delete(n);
        int64_t k;
        memcpy(&k, data, sizeof k);
        rj_int(&b, k);
        n = cJSON_CreateNumber((double)k);
        same(&b, n ? cJSON_PrintUnformatted(n) : NULL);
        cJSON_Delete(n);
    }
    free(text);
    return 0;
}
