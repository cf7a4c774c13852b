/* The scenario key "say_aloud" (an extension of format 1): absent is false, true and false load
 * as written, anything else is an error that names the key, through the loader (what `sparring
 * validate` runs) and through `sparring validate` itself. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "scenario.h"

static char *scenario_with(const char *say)
{
    static char buf[2048];
    snprintf(buf, sizeof buf,
             "{\"format\":1,\"id\":\"say-key\",\"version\":\"1.0.0\"%s%s,"
             "\"title\":{\"en\":\"Say key\"},\"level\":\"new_hire\",\"locales\":[\"en\"],"
             "\"competencies\":{\"empathy\":{\"name\":{\"en\":\"Empathy\"}}},"
             "\"start\":\"open\",\"nodes\":{"
             "\"open\":{\"text\":{\"en\":\"Too expensive.\"},\"choices\":["
             "{\"text\":{\"en\":\"Compared with what?\"},\"score\":{\"empathy\":1},\"next\":\"end\"}]},"
             "\"end\":{\"text\":{\"en\":\"Fine.\"},\"end\":{\"outcome\":\"pass\"}}}}",
             say ? ",\"say_aloud\":" : "", say ? say : "");
    return buf;
}

static Scenario *load(const char *say, DiagList *d)
{
    const char *json = scenario_with(say);
    return scenario_load_buffer(json, strlen(json), "t.json", NULL, d);
}

static void say_aloud_loads_as_written(void)
{
    const char *vals[] = {NULL, "true", "false"};
    const bool want[] = {false, true, false};
    for (int i = 0; i < 3; i++) {
        DiagList d = {0};
        Scenario *sc = load(vals[i], &d);
        CHECK_MSG(sc != NULL && d.count == 0, "say_aloud %s: %d diagnostics", vals[i] ? vals[i] : "(absent)",
                  d.count);
        if (sc)
            CHECK(scenario_say_aloud(sc) == want[i]);
        scenario_free(sc);
        diag_list_free(&d);
    }
}

static void anything_else_is_an_error(void)
{
    const char *bad[] = {"\"yes\"", "1", "null", "{}", "[true]"};
    for (int i = 0; i < 5; i++) {
        DiagList d = {0};
        Scenario *sc = load(bad[i], &d);
        char msg[512];
        diag_first_error(&d, msg, sizeof msg, "");
        CHECK_MSG(sc == NULL && strstr(msg, "say_aloud") != NULL, "say_aloud %s: %s", bad[i], msg);
        scenario_free(sc);
        diag_list_free(&d);
    }
}

static void validate_reports_it(void)
{
    const char *bin = getenv("SPARRING_BIN");
    char path[] = "/tmp/sparring-say-key-XXXXXX.json";
    int fd = mkstemps(path, 5);
    CHECK(fd >= 0);
    if (fd < 0)
        return;
    FILE *f = fdopen(fd, "w");
    fputs(scenario_with("\"yes\""), f);
    fclose(f);
    char cmd[1024], *out = NULL;
    snprintf(cmd, sizeof cmd, "'%s' validate '%s' 2>&1", bin ? bin : "build/sparring", path);
    int rc = check_run_cmd(cmd, &out);
    CHECK_MSG(rc != 0 && out && strstr(out, "\"say_aloud\" must be true or false"), "rc %d: %s", rc,
              out ? out : "");
    free(out);
    f = fopen(path, "w");
    fputs(scenario_with("true"), f);
    fclose(f);
    rc = check_run_cmd(cmd, &out);
    CHECK_MSG(rc == 0, "rc %d: %s", rc, out ? out : "");
    free(out);
    remove(path);
}

int main(void)
{
    RUN(say_aloud_loads_as_written);
    RUN(anything_else_is_an_error);
    RUN(validate_reports_it);
    return check_summary();
}
