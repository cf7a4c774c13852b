/* sparring new ID [--out FILE]: writes a valid bilingual starter scenario to edit. */
#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"

static void usage(FILE *f)
{
    fprintf(f,
            "usage: sparring new ID [--out FILE]\n"
            "\n"
            "Writes a starter scenario to edit: Chinese and English texts, a narrator's\n"
            "opening, two decisions under a 30-second timer with a timeout outcome, a meter\n"
            "(patience), a flag, two competencies, feedback on every choice, and pass, neutral\n"
            "and fail endings. It is valid as written: `sparring validate FILE` says so.\n"
            "\n"
            "ID is the scenario's stable id: lowercase letters, digits and '-', starting with a\n"
            "letter or digit, at most 64 characters (e.g. budget-cut-50).\n"
            "\n"
            "  --out FILE   where to write (default ID.json in the current folder)\n"
            "\n"
            "An existing file is never overwritten. \"$schema\" points at the JSON Schema so\n"
            "editors complete keys and flag mistakes (docs/authoring.md).\n"
            "Exit codes: 0 written, 1 the file exists or cannot be written, 2 usage.\n");
}

static bool valid_id(const char *id)
{
    size_t n = strlen(id);
    if (n == 0 || n > 64)
        return false;
    for (size_t i = 0; i < n; i++) {
        char c = id[i];
        bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (i > 0 && c == '-');
        if (!ok)
            return false;
    }
    return true;
}

/* The file, with @ID@ and @SCHEMA@ to fill in. Its maximum is 8 (empathy 3, discovery 5), its
 * minimum -2; 12 playthroughs; only asking about needs and then telling a customer's story passes
 * (8/8), so random play passes one time in twelve (1/4 x 1/3). */
static const char starter[] =
    "{\n"
    "  \"$schema\": \"@SCHEMA@\",\n"
    "  \"format\": 1,\n"
    "  \"id\": \"@ID@\",\n"
    "  \"version\": \"0.1.0\",\n"
    "  \"title\": {\"zh\": \"客户嫌报价太高\", \"en\": \"The customer says the price is too high\"},\n"
    "  \"summary\": {\n"
    "    \"zh\": \"李女士是一家连锁零售企业的 IT 采购经理。她手上有三家报价，我们比最便宜的一家贵两成。这通电话的目标：弄清她真正在意什么，并约到下一次会议。\",\n"
    "    \"en\": \"Ms Li buys IT for a retail chain. She has three quotes and ours is 20% above the cheapest. Your goal on this call: find out what she really cares about and book the next meeting.\"\n"
    "  },\n"
    "  \"level\": \"new_hire\",\n"
    "  \"tags\": [\"phone\", \"objection-handling\"],\n"
    "  \"locales\": [\"zh\", \"en\"],\n"
    "  \"competencies\": {\n"
    "    \"empathy\": {\"name\": {\"zh\": \"情绪安抚\", \"en\": \"Empathy\"}},\n"
    "    \"discovery\": {\"name\": {\"zh\": \"需求挖掘\", \"en\": \"Needs discovery\"}}\n"
    "  },\n"
    "  \"meters\": {\n"
    "    \"patience\": {\"name\": {\"zh\": \"耐心\", \"en\": \"Patience\"}, \"min\": 0, \"max\": 100, \"start\": 50}\n"
    "  },\n"
    "  \"pass_percent\": 80,\n"
    "  \"time_limit\": 30,\n"
    "  \"timeout\": {\n"
    "    \"next\": \"hung_up\",\n"
    "    \"effects\": {\"patience\": -20},\n"
    "    \"feedback\": {\n"
    "      \"zh\": \"电话里的沉默会被理解为没有准备。哪怕先说一句“这个问题问得好”，也比不说话强。\",\n"
    "      \"en\": \"On the phone, silence sounds like you have no answer. Even \\\"That's a fair question\\\" buys you time.\"\n"
    "    }\n"
    "  },\n"
    "  \"start\": \"dialing\",\n"
    "  \"nodes\": {\n"
    "    \"dialing\": {\n"
    "      \"speaker\": \"narrator\",\n"
    "      \"sound\": \"ring\",\n"
    "      \"text\": {\"zh\": \"你拨通了李女士的电话。她上周收到了我们的报价。\", \"en\": \"You call Ms Li. She received our quote last week.\"},\n"
    "      \"next\": \"opening\"\n"
    "    },\n"
    "    \"opening\": {\n"
    "      \"mood\": \"skeptical\",\n"
    "      \"sound\": \"pickup\",\n"
    "      \"text\": {\"zh\": \"你们的报价比别家贵了两成，我凭什么选你们？\", \"en\": \"Your quote is 20% higher than the others. Why should I pick you?\"},\n"
    "      \"choices\": [\n"
    "        {\n"
    "          \"id\": \"ask_needs\",\n"
    "          \"text\": {\"zh\": \"您问得很直接，我也直接回答。不过先请教一下：这次采购，您最看重的是什么？\", \"en\": \"Fair question, and I'll answer it. First, may I ask what matters most to you in this purchase?\"},\n"
    "          \"score\": {\"empathy\": 1, \"discovery\": 3},\n"
    "          \"effects\": {\"patience\": 10, \"set\": [\"asked_needs\"]},\n"
    "          \"feedback\": {\"zh\": \"先问清楚客户在意什么，再谈价格，价格才有比较的基准。\", \"en\": \"Ask what she values before you defend the price: then the price has something to be measured against.\"},\n"
    "          \"next\": \"needs\"\n"
    "        },\n"
    "        {\n"
    "          \"id\": \"discount\",\n"
    "          \"text\": {\"zh\": \"如果您今天定下来，我可以申请九折。\", \"en\": \"If you sign today, I can get you 10% off.\"},\n"
    "          \"score\": {\"discovery\": -1},\n"
    "          \"effects\": {\"patience\": -10},\n"
    "          \"feedback\": {\"zh\": \"还不知道客户要什么就先降价，等于告诉她价格还能再压。\", \"en\": \"A discount before you know what she needs tells her the price can fall further.\"},\n"
    "          \"next\": \"needs\"\n"
    "        },\n"
    "        {\n"
    "          \"id\": \"argue\",\n"
    "          \"text\": {\"zh\": \"我们的产品就是比他们好，一分钱一分货。\", \"en\": \"Our product is simply better. You get what you pay for.\"},\n"
    "          \"score\": {\"empathy\": -2},\n"
    "          \"effects\": {\"patience\": -30},\n"
    "          \"feedback\": {\"zh\": \"空泛地说“我们更好”没有说服力，还显得不尊重客户的比较。\", \"en\": \"\\\"We're better\\\" with nothing behind it persuades no one and dismisses her comparison.\"},\n"
    "          \"next\": \"hung_up\"\n"
    "        },\n"
    "        {\n"
    "          \"id\": \"features\",\n"
    "          \"text\": {\"zh\": \"我先给您介绍一下我们的几大功能：多门店统一管理、实时报表，还有……\", \"en\": \"Let me walk you through our main features: multi-store management, real-time reports, and...\"},\n"
    "          \"score\": {\"discovery\": -1},\n"
    "          \"effects\": {\"patience\": -10},\n"
    "          \"feedback\": {\"zh\": \"客户问的是“凭什么”，你却背起了功能清单。先弄清她的衡量标准，功能才有意义。\", \"en\": \"She asked why you, and you recited a feature list. Features mean something only once you know what she measures you by.\"},\n"
    "          \"next\": \"needs\"\n"
    "        }\n"
    "      ]\n"
    "    },\n"
    "    \"needs\": {\n"
    "      \"mood\": \"calm\",\n"
    "      \"text\": {\"zh\": \"最怕系统不稳定。去年双十一，我们原来的供应商宕机了两个小时。\", \"en\": \"Reliability, above all. Last Double 11 our old supplier was down for two hours.\"},\n"
    "      \"choices\": [\n"
    "        {\n"
    "          \"id\": \"story\",\n"
    "          \"requires\": \"asked_needs and patience >= 50\",\n"
    "          \"text\": {\"zh\": \"有一家和您规模相近的连锁品牌，也是因为同样的问题换到我们这边，今年大促零故障。我把他们的案例发给您，再约您和 IT 负责人周四聊半小时，可以吗？\", \"en\": \"A chain your size switched to us after the same problem, and had no outage in this year's big sale. May I send you their story and book half an hour on Thursday with your IT lead?\"},\n"
    "          \"score\": {\"empathy\": 2, \"discovery\": 2},\n"
    "          \"feedback\": {\"zh\": \"用同类客户的真实故事回应她的担忧，比任何参数都有说服力；最后约定了具体的下一步。\", \"en\": \"A similar customer's story answers her fear better than any specification, and you closed on a concrete next step.\"},\n"
    "          \"next\": \"meeting\"\n"
    "        },\n"
    "        {\n"
    "          \"id\": \"specs\",\n"
    "          \"text\": {\"zh\": \"我们的可用性是 99.95%，有三个数据中心做容灾。\", \"en\": \"Our uptime is 99.95%, with three data centres for failover.\"},\n"
    "          \"score\": {\"discovery\": 1},\n"
    "          \"effects\": {\"patience\": -10},\n"
    "          \"feedback\": {\"zh\": \"参数回答的是她没问的问题。她担心的是大促当天出事，讲一个客户的故事更好。\", \"en\": \"Specifications answer a question she did not ask. She fears a crash on sale day: a customer's story would land better.\"},\n"
    "          \"next\": \"send_info\"\n"
    "        },\n"
    "        {\n"
    "          \"id\": \"price_cut\",\n"
    "          \"text\": {\"zh\": \"明白。那价格上我再给您让一点，九折怎么样？\", \"en\": \"Understood. Let me sweeten the price: how about 10% off?\"},\n"
    "          \"score\": {\"empathy\": -1},\n"
    "          \"effects\": {\"patience\": -10},\n"
    "          \"feedback\": {\"zh\": \"她刚说完最怕宕机，你却又回到价格上，听起来像没听见她的话。\", \"en\": \"She just told you her fear is downtime and you went back to price: it sounds as if you did not hear her.\"},\n"
    "          \"next\": \"send_info\"\n"
    "        }\n"
    "      ]\n"
    "    },\n"
    "    \"meeting\": {\n"
    "      \"mood\": \"pleased\",\n"
    "      \"sound\": \"chime\",\n"
    "      \"text\": {\"zh\": \"好，发过来吧。周四下午三点，我叫上 IT 的王经理。\", \"en\": \"All right, send it over. Thursday at three; I'll bring Mr Wang from IT.\"},\n"
    "      \"end\": {\"outcome\": \"pass\", \"text\": {\"zh\": \"你先问需求，再用客户故事回应，约到了决策人参加的会议。\", \"en\": \"You asked before you answered, met her fear with a customer's story, and booked a meeting with the decision-maker.\"}}\n"
    "    },\n"
    "    \"send_info\": {\n"
    "      \"mood\": \"annoyed\",\n"
    "      \"text\": {\"zh\": \"行吧，你发个资料到我邮箱，我看看再说。\", \"en\": \"Fine. Email me something and I'll have a look.\"},\n"
    "      \"end\": {\"outcome\": \"neutral\", \"text\": {\"zh\": \"电话没断，但也没有下一步。\", \"en\": \"The line is still open, but there is no next step.\"}}\n"
    "    },\n"
    "    \"hung_up\": {\n"
    "      \"mood\": \"angry\",\n"
    "      \"sound\": \"hangup\",\n"
    "      \"text\": {\"zh\": \"我很忙，先这样吧。（挂断）\", \"en\": \"I'm busy. Goodbye. (click)\"},\n"
    "      \"end\": {\"outcome\": \"fail\", \"text\": {\"zh\": \"客户挂断了电话。\", \"en\": \"The customer hung up.\"}}\n"
    "    }\n"
    "  }\n"
    "}\n";

/* Appends s to out as the inside of a JSON string. */
static void json_escape_into(char *out, size_t size, const char *s)
{
    size_t n = strlen(out);
    for (; *s && n + 7 < size; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\')
            n += (size_t)snprintf(out + n, size - n, "\\%c", c);
        else if (c < 0x20)
            n += (size_t)snprintf(out + n, size - n, "\\u%04x", c);
        else
            out[n++] = (char)c, out[n] = 0;
    }
}

static bool file_exists(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0;
}

/* The schema's path relative to the folder of `out`, so editors find it; else its absolute
 * path; else the path the bundled scenarios use. */
static void schema_ref(const char *out, char *buf, size_t size)
{
    const char *candidates[] = {SPARRING_SOURCE_DIR "/schema/scenario.schema.json",
                                "/usr/share/sparring/schema/scenario.schema.json"};
    char schema[PATH_MAX] = "";
    for (size_t i = 0; i < sizeof candidates / sizeof candidates[0]; i++)
        if (realpath(candidates[i], schema))
            break;
        else
            schema[0] = 0;
    snprintf(buf, size, "../schema/scenario.schema.json");
    if (!schema[0])
        return;

    char dir[PATH_MAX], folder[PATH_MAX];
    snprintf(dir, sizeof dir, "%s", out);
    char *slash = strrchr(dir, '/');
    if (slash == dir)
        dir[1] = 0;
    else if (slash)
        *slash = 0;
    else
        snprintf(dir, sizeof dir, ".");
    if (!realpath(dir, folder)) {
        snprintf(buf, size, "%s", schema);
        return;
    }
    /* The common leading folders, then one ".." per folder of `folder` left over. */
    size_t i = 0, last = 0;
    while (folder[i] && schema[i] && folder[i] == schema[i]) {
        if (folder[i] == '/')
            last = i + 1;
        i++;
    }
    if (!folder[i] && schema[i] == '/')
        last = i + 1;
    if (last <= 1) {
        /* Only the root in common: the absolute path reads better than ../../.. */
        snprintf(buf, size, "%s", schema);
        return;
    }
    size_t n = 0;
    buf[0] = 0;
    const char *rest = folder + last;
    if (*rest) {
        n += (size_t)snprintf(buf + n, size - n, "../");
        for (const char *p = rest; *p && n + 4 < size; p++)
            if (*p == '/')
                n += (size_t)snprintf(buf + n, size - n, "../");
    }
    snprintf(buf + n, size - n, "%s", schema + last);
}

int cmd_new(int argc, char **argv)
{
    const char *id = NULL, *out = NULL;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            usage(stdout);
            return EXIT_OK;
        } else if (!strcmp(a, "--out")) {
            if (i + 1 >= argc) {
                fprintf(stderr, "sparring new: --out needs a file name\n");
                return EXIT_USAGE;
            }
            out = argv[++i];
        } else if (!strncmp(a, "--out=", 6)) {
            out = a + 6;
        } else if (a[0] == '-' && a[1]) {
            fprintf(stderr, "sparring new: unknown option '%s'\n", a);
            usage(stderr);
            return EXIT_USAGE;
        } else if (id) {
            fprintf(stderr, "sparring new: one ID at a time ('%s' and '%s')\n", id, a);
            return EXIT_USAGE;
        } else {
            id = a;
        }
    }
    if (!id) {
        fprintf(stderr, "sparring new: which id? (sparring new ID [--out FILE])\n");
        usage(stderr);
        return EXIT_USAGE;
    }
    if (!valid_id(id)) {
        fprintf(stderr,
                "sparring new: '%s' is not a valid scenario id: use lowercase letters, digits and "
                "'-', starting with a letter or digit, at most 64 characters (e.g. budget-cut-50)\n",
                id);
        return EXIT_USAGE;
    }
    char defpath[80];
    if (!out || !*out) {
        snprintf(defpath, sizeof defpath, "%s.json", id);
        out = defpath;
    }
    if (file_exists(out)) {
        fprintf(stderr, "sparring new: %s already exists; nothing written (choose another --out)\n",
                out);
        return EXIT_INVALID;
    }

    char ref[PATH_MAX], ref_json[2 * PATH_MAX] = "";
    schema_ref(out, ref, sizeof ref);
    json_escape_into(ref_json, sizeof ref_json, ref);

    /* "wx": created here or not at all, so a file that appeared meanwhile is never clobbered. */
    FILE *f = fopen(out, "wx");
    if (!f) {
        fprintf(stderr, "sparring new: cannot create %s: %s\n", out,
                errno == EEXIST ? "it already exists; nothing written" : strerror(errno));
        return EXIT_INVALID;
    }
    int failed = 0;
    for (const char *p = starter; *p;) {
        const char *at = strchr(p, '@');
        if (!at) {
            failed |= fputs(p, f) == EOF;
            break;
        }
        failed |= fwrite(p, 1, (size_t)(at - p), f) != (size_t)(at - p);
        if (!strncmp(at, "@ID@", 4)) {
            failed |= fputs(id, f) == EOF;
            p = at + 4;
        } else if (!strncmp(at, "@SCHEMA@", 8)) {
            failed |= fputs(ref_json, f) == EOF;
            p = at + 8;
        } else {
            failed |= fputc('@', f) == EOF;
            p = at + 1;
        }
    }
    failed |= fclose(f) != 0;
    if (failed) {
        fprintf(stderr, "sparring new: writing %s failed: %s\n", out, strerror(errno));
        remove(out);
        return EXIT_INVALID;
    }
    printf("wrote %s\n", out);
    fprintf(stderr, "next: edit it, then run `sparring validate %s` and `sparring stats %s`\n", out,
            out);
    return EXIT_OK;
}
