/* libFuzzer target: the trainer window's settings file parser (game/ui/ui_settings.c, which has
 * no SDL in it, compiled in here since fuzz targets link the engine only). Any bytes must give
 * settings within their ranges and ids and names that are UTF-8 text, never a crash. */
#include <assert.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "../game/ui/ui_settings.c"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    UiSettings s;
    ui_settings_defaults(&s);
    ui_settings_parse(&s, (const char *)data, size);
    assert(s.text_zoom >= 0.5 && s.text_zoom <= 2.0);
    assert(s.volume >= 0.0 && s.volume <= 1.0);
    assert(memchr(s.trainee_id, 0, sizeof s.trainee_id) && memchr(s.trainee_name, 0, sizeof s.trainee_name));
    assert(!strcmp(s.locale, "zh") || !strcmp(s.locale, "en"));
    /* What goes into the records is text: UTF-8, no control character, never a cut character. */
    assert(text_utf8_valid(s.trainee_id, strlen(s.trainee_id)) && !text_has_control(s.trainee_id));
    assert(text_utf8_valid(s.trainee_name, strlen(s.trainee_name)) &&
           !text_has_control(s.trainee_name));
    return 0;
}
