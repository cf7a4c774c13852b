/* The scenario and the helpers shared by tests/test_records.c and bench/bench_records.c: the
 * shape of the bundled hung-up call, small and fixed here so that neither the tests nor the
 * figures depend on how the library's files are edited. 8 decisions on the best path; max 24
 * (empathy 9, discovery 11, closing 4); `timeout` at any timed node leads to a fail ending.
 * A header of static definitions: each includer gets its own copy (both link game_core only). */
#ifndef SPARRING_RECORDS_FIXTURE_H
#define SPARRING_RECORDS_FIXTURE_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "play.h"
#include "scenario.h"

static const char SCENARIO_JSON[] =
    "{\n"
    "  \"format\": 1,\n"
    "  \"id\": \"records-call\",\n"
    "  \"version\": \"2.1.0\",\n"
    "  \"title\": {\"zh\": \"客户挂了电话(记录测试)\", \"en\": \"The customer hung up (records test)\"},\n"
    "  \"level\": \"new_hire\",\n"
    "  \"locales\": [\"zh\", \"en\"],\n"
    "  \"competencies\": {\n"
    "    \"empathy\": {\"name\": {\"zh\": \"情绪安抚\", \"en\": \"Empathy\"}},\n"
    "    \"discovery\": {\"name\": {\"zh\": \"需求挖掘\", \"en\": \"Discovery\"}},\n"
    "    \"closing\": {\"name\": {\"zh\": \"促成交易\", \"en\": \"Closing\"}}\n"
    "  },\n"
    "  \"meters\": {\n"
    "    \"patience\": {\"name\": {\"zh\": \"耐心\", \"en\": \"Patience\"}, \"min\": 0, \"max\": 100, \"start\": 20},\n"
    "    \"trust\": {\"name\": {\"zh\": \"信任\", \"en\": \"Trust\"}, \"min\": 0, \"max\": 100, \"start\": 10}\n"
    "  },\n"
    "  \"pass_percent\": 80,\n"
    "  \"time_limit\": 25,\n"
    "  \"timeout\": {\"next\": \"silence\", \"score\": {\"empathy\": -1}},\n"
    "  \"start\": \"prep\",\n"
    "  \"nodes\": {\n"
    "    \"prep\": {\"speaker\": \"narrator\", \"time_limit\": 0, \"text\": {\"zh\": \"忙音。\", \"en\": \"Dial tone.\"},\n"
    "      \"choices\": [\n"
    "        {\"id\": \"review_first\", \"text\": {\"zh\": \"先看记录。\", \"en\": \"Read the notes first.\"}, \"score\": {\"discovery\": 2}, \"next\": \"dialing\"},\n"
    "        {\"id\": \"wechat\", \"text\": {\"zh\": \"发微信。\", \"en\": \"Send a message.\"}, \"next\": \"no_reply\"}]},\n"
    "    \"dialing\": {\"speaker\": \"narrator\", \"text\": {\"zh\": \"接通了。\", \"en\": \"He picks up.\"}, \"next\": \"opening\"},\n"
    "    \"opening\": {\"text\": {\"zh\": \"又是你?\", \"en\": \"You again?\"},\n"
    "      \"choices\": [\n"
    "        {\"id\": \"own_ticket\", \"text\": {\"zh\": \"是我们的问题。\", \"en\": \"That was our fault.\"}, \"score\": {\"empathy\": 3, \"discovery\": 1}, \"effects\": {\"patience\": 25, \"trust\": 10}, \"next\": \"vent\"},\n"
    "        {\"id\": \"ask_why\", \"text\": {\"zh\": \"怎么了?\", \"en\": \"What happened?\"}, \"score\": {\"discovery\": 1}, \"next\": \"vent\"}]},\n"
    "    \"vent\": {\"text\": {\"zh\": \"宕机两小时!\", \"en\": \"Two hours down!\"},\n"
    "      \"choices\": [{\"id\": \"acknowledge\", \"text\": {\"zh\": \"换谁都火大。\", \"en\": \"Anyone would be angry.\"}, \"score\": {\"empathy\": 3}, \"effects\": {\"patience\": 15}, \"next\": \"demand\"}]},\n"
    "    \"demand\": {\"text\": {\"zh\": \"道歉有什么用?\", \"en\": \"Sorry fixes nothing.\"},\n"
    "      \"choices\": [{\"id\": \"commit\", \"text\": {\"zh\": \"五点前回电。\", \"en\": \"A call by five.\"}, \"score\": {\"empathy\": 2}, \"effects\": {\"trust\": 20}, \"next\": \"open_up\"}]},\n"
    "    \"open_up\": {\"text\": {\"zh\": \"还有事吗?\", \"en\": \"Anything else?\"},\n"
    "      \"choices\": [{\"id\": \"ask_pain\", \"text\": {\"zh\": \"最头疼什么?\", \"en\": \"What hurts most?\"}, \"score\": {\"discovery\": 3}, \"next\": \"needs\"}]},\n"
    "    \"needs\": {\"text\": {\"zh\": \"排队。\", \"en\": \"Queues.\"},\n"
    "      \"choices\": [{\"id\": \"quantify\", \"text\": {\"zh\": \"多久?\", \"en\": \"How long?\"}, \"score\": {\"discovery\": 3}, \"next\": \"impact\"}]},\n"
    "    \"impact\": {\"text\": {\"zh\": \"一分多钟。\", \"en\": \"A minute or more.\"},\n"
    "      \"choices\": [{\"id\": \"summarize\", \"text\": {\"zh\": \"我确认一下。\", \"en\": \"Let me sum up.\"}, \"score\": {\"discovery\": 2, \"empathy\": 1}, \"next\": \"priority\"}]},\n"
    "    \"priority\": {\"text\": {\"zh\": \"稳定第一。\", \"en\": \"Stability first.\"},\n"
    "      \"choices\": [\n"
    "        {\"id\": \"two_step_close\", \"text\": {\"zh\": \"周四演示?\", \"en\": \"A demo on Thursday?\"}, \"score\": {\"closing\": 4}, \"next\": \"won\"},\n"
    "        {\"id\": \"hard_sell\", \"text\": {\"zh\": \"今天签!\", \"en\": \"Sign today!\"}, \"next\": \"brushed_off\"}]},\n"
    "    \"silence\": {\"speaker\": \"narrator\", \"text\": {\"zh\": \"沉默。\", \"en\": \"Silence.\"}, \"next\": \"hung_up\"},\n"
    "    \"hung_up\": {\"speaker\": \"narrator\", \"text\": {\"zh\": \"又挂了。\", \"en\": \"He hangs up again.\"}, \"end\": {\"outcome\": \"fail\"}},\n"
    "    \"no_reply\": {\"speaker\": \"narrator\", \"text\": {\"zh\": \"没回。\", \"en\": \"No reply.\"}, \"end\": {\"outcome\": \"neutral\"}},\n"
    "    \"brushed_off\": {\"text\": {\"zh\": \"再说吧。\", \"en\": \"Maybe later.\"}, \"end\": {\"outcome\": \"fail\"}},\n"
    "    \"won\": {\"text\": {\"zh\": \"周四见。\", \"en\": \"See you Thursday.\"}, \"end\": {\"outcome\": \"pass\"}}\n"
    "  }\n"
    "}\n";

static const char *const BEST[] = {"review_first", "own_ticket", "acknowledge", "commit",
                                   "ask_pain", "quantify", "summarize", "two_step_close"};

static int choice_index(const Play *p, const char *id)
{
    const ScNode *n = scenario_node(play_scenario(p), play_node(p));
    for (int i = 0; i < n->nchoices; i++)
        if (!strcmp(n->choices[i].id, id))
            return i;
    fprintf(stderr, "  no choice \"%s\" at node \"%s\"\n", id, n->id);
    abort();
}

/* Moves through `next` nodes, then takes choice id (or the timeout) at now_ms. */
static void take(Play *p, const char *id, int64_t now_ms)
{
    while (play_status(p) == PLAY_WAITING)
        play_continue(p, now_ms);
    if (!strcmp(id, "timeout"))
        play_timeout(p, now_ms);
    else
        play_choose(p, choice_index(p, id), now_ms);
    while (play_status(p) == PLAY_WAITING)
        play_continue(p, now_ms);
}

#endif
