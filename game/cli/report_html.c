/* records report --format html: the manager's page, drawn from the dashboard's figures.
 * One self-contained file: inline styles, charts as inline SVG, no script, no request. */
#include "report_html.h"

#include "records_items.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

/* ---- words ------------------------------------------------------------------------------------ */

typedef enum {
    W_TITLE, W_TEAM_ALL, W_PERIOD, W_SINCE_ALL, W_MADE, W_GLANCE, W_GLANCE_NOTE, W_LIGHT,
    W_TRAINEE, W_TEAM, W_TIER, W_GROUPS, W_LAST_PRACTICE, W_LAST_ASSESS, W_RECENT, W_NEVER,
    W_RED, W_AMBER, W_GREEN, W_COMPETENCIES, W_HEAT_NOTE, W_NOT_ASSESSED, W_TECHNIQUES,
    W_TECH_NOTE, W_TECHNIQUE, W_MISSED, W_OF, W_PROGRESS, W_PROGRESS_NOTE, W_WEEK, W_ATTEMPTS,
    W_PASSING, W_ITEMS, W_ITEMS_NOTE, W_SCENARIO, W_NODE, W_REACHED, W_BEST, W_P, W_DISC,
    W_FLAGS, W_CASES, W_CASES_NOTE, W_WHY, W_WHEN, W_PERCENT, W_OPEN, W_CRITICAL,
    W_FAIL_AFTER_PASS, W_MENTOR, W_GAIN, W_NONE, W_COUNTS, W_TIER0, W_TIER1, W_TIER2,
    W_NO_TIER, W_PRACTICE, W_ASSESSMENT, W_FLAG_UNUSED, W_FLAG_EASY, W_FLAG_NEGATIVE, W_FEW,
    W_COUNT
} Word;

static const char *const words[W_COUNT][2] = {
    [W_TITLE] = {"Team training dashboard", "团队训练看板"},
    [W_TEAM_ALL] = {"All teams", "全部团队"},
    [W_PERIOD] = {"Period", "统计区间"},
    [W_SINCE_ALL] = {"all records", "全部记录"},
    [W_MADE] = {"Made", "生成于"},
    [W_GLANCE] = {"The team at a glance", "团队一览"},
    [W_GLANCE_NOTE] =
        {"Red first. Green: an assessment passed; amber: the best score is within %d points of "
         "the pass mark; red: further off.",
         "红灯在前。绿灯：已通过考核；黄灯：最好成绩距及格线不到 %d 分；红灯：差距更大。"},
    [W_LIGHT] = {"Light", "状态"},
    [W_TRAINEE] = {"Trainee", "学员"},
    [W_TEAM] = {"Team", "团队"},
    [W_TIER] = {"Tier", "层级"},
    [W_GROUPS] = {"Groups cleared", "已通过的考核组"},
    [W_LAST_PRACTICE] = {"Last practice", "最近练习"},
    [W_LAST_ASSESS] = {"Last assessment", "最近考核"},
    [W_RECENT] = {"Recent scores", "近期成绩"},
    [W_NEVER] = {"never", "从未"},
    [W_RED] = {"red", "红灯"},
    [W_AMBER] = {"amber", "黄灯"},
    [W_GREEN] = {"green", "绿灯"},
    [W_COMPETENCIES] = {"Competencies and techniques", "能力与技巧"},
    [W_HEAT_NOTE] = {"The latest assessed percent per competency.", "每项能力最近一次考核的得分率。"},
    [W_NOT_ASSESSED] = {"not assessed", "未考核"},
    [W_TECHNIQUES] = {"Techniques most often missed", "最常错过的技巧"},
    [W_TECH_NOTE] =
        {"Decisions where the best answer on offer used the technique and the trainee chose "
         "another answer.",
         "最佳回答使用了该技巧、而学员选了别的回答的决策次数。"},
    [W_TECHNIQUE] = {"Technique", "技巧"},
    [W_MISSED] = {"Missed", "错过"},
    [W_OF] = {"of", "共"},
    [W_PROGRESS] = {"Progress over time", "进度趋势"},
    [W_PROGRESS_NOTE] =
        {"Completed attempts per week (bars, Monday to Sunday) and the share that passed (line), "
         "from the first week with attempts (at most %d weeks).",
         "每周（周一至周日）完成的次数（柱）与通过率（线），从有记录的第一周起（最多 %d 周）。"},
    [W_WEEK] = {"Week of", "周（起）"},
    [W_ATTEMPTS] = {"Attempts", "次数"},
    [W_PASSING] = {"Passing", "通过率"},
    [W_ITEMS] = {"Items", "题目分析"},
    [W_ITEMS_NOTE] =
        {"Each decision of each scenario: how many reached it, the share that took the best "
         "answer (p) and how well it separates strong from weak attempts (discrimination).",
         "每个场景的每个决策点：到达人数、选中最佳回答的比例 (p)，以及区分强弱表现的程度（区分度）。"},
    [W_SCENARIO] = {"Scenario", "场景"},
    [W_NODE] = {"Decision", "决策点"},
    [W_REACHED] = {"Reached", "到达"},
    [W_BEST] = {"Best answer", "最佳回答"},
    [W_P] = {"p", "p"},
    [W_DISC] = {"Discrimination", "区分度"},
    [W_FLAGS] = {"To rewrite", "需修改"},
    [W_CASES] = {"This week's case review", "本周案例复盘"},
    [W_CASES_NOTE] = {"Attempts of the last seven days worth discussing; open each with the "
                      "command shown.",
                      "过去七天值得讨论的练习或考核；用右栏的命令打开。"},
    [W_WHY] = {"Why", "原因"},
    [W_WHEN] = {"When", "时间"},
    [W_PERCENT] = {"Score", "得分"},
    [W_OPEN] = {"To open", "打开方式"},
    [W_CRITICAL] = {"critical error", "严重错误"},
    [W_FAIL_AFTER_PASS] = {"failed after a pass", "通过后又失败"},
    [W_MENTOR] = {"mentor's comment", "导师点评"},
    [W_GAIN] = {"big gain", "进步明显"},
    [W_NONE] = {"Nothing to show yet.", "暂无数据。"},
    [W_COUNTS] = {"%s: %s red, %s amber, %s green; %s.",
                  "%s：红灯 %s，黄灯 %s，绿灯 %s；%s。"},
    [W_TIER0] = {"New hires", "新人层"},
    [W_TIER1] = {"Experienced", "成熟层"},
    [W_TIER2] = {"Managers", "管理层"},
    [W_NO_TIER] = {"-", "-"},
    [W_PRACTICE] = {"practice", "练习"},
    [W_ASSESSMENT] = {"assessment", "考核"},
    [W_FLAG_UNUSED] = {"nobody takes", "无人选择"},
    [W_FLAG_EASY] = {"too easy (p above 0.95)", "太容易（p 高于 0.95）"},
    [W_FLAG_NEGATIVE] = {"negative discrimination", "区分度为负"},
    [W_FEW] = {"(only %d attempts: not yet telling)", "（仅 %d 次，尚不足为据）"},
};

static int zh;

static const char *w(Word k)
{
    return words[k][zh];
}

static const char *tier_name(int tier)
{
    return tier == 0 ? w(W_TIER0) : tier == 1 ? w(W_TIER1) : tier == 2 ? w(W_TIER2) : w(W_NO_TIER);
}

static const char *light_word(RecordsRag r)
{
    return r == RECORDS_GREEN ? w(W_GREEN) : r == RECORDS_AMBER ? w(W_AMBER) : w(W_RED);
}

/* ---- writing ------------------------------------------------------------------------------------ */

static void esc(FILE *o, const char *s)
{
    for (; s && *s; s++) {
        switch (*s) {
        case '&': fputs("&amp;", o); break;
        case '<': fputs("&lt;", o); break;
        case '>': fputs("&gt;", o); break;
        case '"': fputs("&quot;", o); break;
        case '\'': fputs("&#39;", o); break;
        default:
            /* Control characters have no place in a page (a forged name cannot break lines). */
            if ((unsigned char)*s < 0x20 && *s != '\t')
                fputc(' ', o);
            else
                fputc(*s, o);
        }
    }
}

/* A date in the locale's usual form: 2 Dec 2026, 2026年12月2日. */
static void date(FILE *o, int64_t unix_ms)
{
    static const char *const mon[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                      "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    if (unix_ms < 0) {
        fputs(w(W_NEVER), o);
        return;
    }
    time_t t = (time_t)(unix_ms / 1000);
    struct tm tm;
    gmtime_r(&t, &tm);
    if (zh)
        fprintf(o, "%d年%d月%d日", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
    else
        fprintf(o, "%d %s %d", tm.tm_mday, mon[tm.tm_mon], tm.tm_year + 1900);
}

/* An integer with thousands separators (both locales write 12,345), into out (>= 32). */
static const char *number_text(long n, char *out)
{
    char buf[24];
    snprintf(buf, sizeof buf, "%ld", n < 0 ? -n : n);
    size_t len = strlen(buf), o = 0;
    if (n < 0)
        out[o++] = '-';
    for (size_t i = 0; i < len; i++) {
        if (i && (len - i) % 3 == 0)
            out[o++] = ',';
        out[o++] = buf[i];
    }
    out[o] = 0;
    return out;
}

static void number(FILE *o, long n)
{
    char buf[32];
    fputs(number_text(n, buf), o);
}

/* A count of things: "1 trainee", "1,744 attempts", "12 名学员", "共 1,744 次". */
static const char *count_text(long n, const char *en_one, const char *en_many, const char *zh_before,
                              const char *zh_after, char *out, size_t size)
{
    char num[32];
    number_text(n, num);
    if (zh)
        snprintf(out, size, "%s%s%s", zh_before, num, zh_after);
    else
        snprintf(out, size, "%s %s", num, n == 1 ? en_one : en_many);
    return out;
}

/* A command argument for a POSIX shell, HTML-escaped: as it is when it needs no quotes, else
 * in single quotes (a quote inside written '\''). */
static void shell_arg(FILE *o, const char *s)
{
    bool plain = *s != 0;
    for (const char *p = s; *p && plain; p++)
        plain = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
                strchr("_./:@%+=,-", *p) || (unsigned char)*p >= 0x80;
    if (plain) {
        esc(o, s);
        return;
    }
    fputc('\'', o);
    for (; *s; s++) {
        if (*s == '\'')
            fputs("&#39;\\&#39;&#39;", o);
        else {
            char c[2] = {*s, 0};
            esc(o, c);
        }
    }
    fputc('\'', o);
}

static const char style[] =
    "<style>\n"
    "body{font-family:'WenQuanYi Micro Hei','Noto Sans CJK SC','Microsoft YaHei',"
    "'PingFang SC',Arial,sans-serif;margin:24px;color:#1d2430;font-size:14px}\n"
    "h1{font-size:22px;margin:0 0 4px}h2{font-size:18px;margin:28px 0 6px;"
    "border-bottom:2px solid #d9dee7;padding-bottom:4px}\n"
    "p.note{color:#4a5568;margin:2px 0 8px}\n"
    "table{border-collapse:collapse;margin:4px 0 12px}\n"
    "th,td{border:1px solid #d9dee7;padding:3px 8px;text-align:left;vertical-align:middle}\n"
    "th{background:#eef1f6;font-weight:600}caption{text-align:left;font-weight:600;padding:4px 0}\n"
    "td.n{text-align:right;font-variant-numeric:tabular-nums}\n"
    ".light{display:inline-block;min-width:5.5em;font-weight:600}\n"
    ".dot{display:inline-block;width:11px;height:11px;border-radius:50%;margin-right:6px;"
    "vertical-align:-1px;border:1px solid #0003}\n"
    ".red .dot{background:#d62f2f}.amber .dot{background:#e9a100}.green .dot{background:#2e9a4b}\n"
    "tr.red td:first-child{border-left:4px solid #d62f2f}"
    "tr.amber td:first-child{border-left:4px solid #e9a100}"
    "tr.green td:first-child{border-left:4px solid #2e9a4b}\n"
    "td.heat{text-align:center;min-width:3.5em}\n"
    "code{font-family:'DejaVu Sans Mono',monospace;font-size:12px;background:#f4f6f9;"
    "padding:1px 4px}\n"
    ".charts{display:flex;flex-wrap:wrap;gap:18px}figure{margin:0}\n"
    /* A name or team of any length wraps inside its cell: the table keeps to the page. */
    ".nm{display:inline-block;max-width:22em;overflow-wrap:anywhere}\n"
    ".sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}\n"
    "@page{size:A4 landscape;margin:10mm}\n"
    "@media print{body{margin:0;font-size:10.5px}h2{break-after:avoid}code{font-size:9px}"
    "tr,svg{break-inside:avoid}section{break-inside:auto}.charts svg{width:330px;height:auto}}\n"
    "</style>\n";

/* ---- the team at a glance ------------------------------------------------------------------------ */

static const char *light_class(RecordsRag r)
{
    return r == RECORDS_GREEN ? "green" : r == RECORDS_AMBER ? "amber" : "red";
}

static void sparkline(FILE *o, const DashTrainee *t)
{
    if (t->npoints == 0) {
        fputs("&ndash;", o);
        return;
    }
    const int W = 110, H = 24;
    fprintf(o, "<svg width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" role=\"img\"><title>", W, H, W, H);
    fputs(w(W_RECENT), o);
    fputs(zh ? "：" : ": ", o);
    for (int i = 0; i < t->npoints; i++)
        fprintf(o, "%s%d%%", i ? (zh ? "、" : ", ") : "", t->points[i].percent);
    fprintf(o, "</title><line x1=\"0\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#c9ced8\" "
               "stroke-dasharray=\"2 2\"/><polyline fill=\"none\" stroke=\"#3a6ea5\" "
               "stroke-width=\"1.5\" points=\"",
            H - 2 - 80 * (H - 4) / 100, W, H - 2 - 80 * (H - 4) / 100);
    int step = t->npoints > 1 ? (W - 8) / (t->npoints - 1) : 0;
    for (int i = 0; i < t->npoints; i++)
        fprintf(o, "%s%d,%d", i ? " " : "", 4 + i * step, H - 2 - t->points[i].percent * (H - 4) / 100);
    fputs("\"/>", o);
    /* Assessments as filled dots, practice as rings. */
    for (int i = 0; i < t->npoints; i++)
        fprintf(o, "<circle cx=\"%d\" cy=\"%d\" r=\"2.5\" fill=\"%s\" stroke=\"#1d2430\"/>",
                4 + i * step, H - 2 - t->points[i].percent * (H - 4) / 100,
                t->points[i].assessment ? "#1d2430" : "#fff");
    fputs("</svg>", o);
}

static void glance(FILE *o, const DashboardData *d, const ReportHtmlOptions *opt)
{
    fprintf(o, "<section id=\"glance\"><h2>%s</h2><p class=\"note\">", w(W_GLANCE));
    fprintf(o, w(W_GLANCE_NOTE), opt->amber_margin);
    fputs("</p>\n", o);
    if (!d->ntrainees) {
        fprintf(o, "<p>%s</p></section>\n", w(W_NONE));
        return;
    }
    fprintf(o, "<table><caption class=\"sr\">%s</caption><thead><tr>", w(W_GLANCE));
    const Word cols[] = {W_LIGHT, W_TRAINEE, W_TEAM, W_TIER, W_GROUPS, W_LAST_PRACTICE,
                         W_LAST_ASSESS, W_RECENT};
    for (size_t i = 0; i < sizeof cols / sizeof cols[0]; i++)
        fprintf(o, "<th scope=\"col\">%s</th>", w(cols[i]));
    fputs("</tr></thead><tbody>\n", o);
    for (int i = 0; i < d->ntrainees; i++) {
        const DashTrainee *t = &d->trainees[i];
        fprintf(o, "<tr class=\"%s\" data-trainee=\"", light_class(t->light));
        esc(o, t->id);
        fprintf(o, "\"><td><span class=\"light %s\"><span class=\"dot\"></span>%s</span></td>"
                   "<th scope=\"row\"><span class=\"nm\">",
                light_class(t->light), light_word(t->light));
        esc(o, t->name[0] ? t->name : t->id);
        if (t->name[0] && strcmp(t->name, t->id)) {
            fputs(" <small>(", o);
            esc(o, t->id);
            fputs(")</small>", o);
        }
        fputs("</span></th><td><span class=\"nm\">", o);
        esc(o, t->team);
        fprintf(o, "</span></td><td>%s</td><td class=\"n\">%d / %d</td><td>", tier_name(t->tier),
                t->groups_cleared, t->groups_required);
        date(o, t->last_practice);
        fputs("</td><td>", o);
        date(o, t->last_assessment);
        fputs("</td><td>", o);
        sparkline(o, t);
        fputs("</td></tr>\n", o);
    }
    fputs("</tbody></table></section>\n", o);
}

/* ---- competencies and techniques ------------------------------------------------------------------ */

static const char *heat_colour(int percent)
{
    return percent >= 80 ? "#c5ebcf" : percent >= 60 ? "#fbe3a6" : "#f6c7c7";
}

static void heat_map(FILE *o, const Dashboard *dash, const DashboardData *d,
                     const ReportHtmlOptions *opt)
{
    fprintf(o, "<section id=\"competencies\"><h2>%s</h2><p class=\"note\">%s</p>\n",
            w(W_COMPETENCIES), w(W_HEAT_NOTE));
    if (!d->ncompetencies) {
        fprintf(o, "<p>%s</p>\n", w(W_NONE));
    } else {
        fprintf(o, "<table class=\"heat\"><thead><tr><th scope=\"col\">%s</th>", w(W_TRAINEE));
        for (int c = 0; c < d->ncompetencies; c++) {
            fputs("<th scope=\"col\">", o);
            esc(o, dashboard_competency_name(dash, d->competencies[c], opt->locale));
            fputs("</th>", o);
        }
        fputs("</tr></thead><tbody>\n", o);
        for (int i = 0; i < d->ntrainees; i++) {
            const DashTrainee *t = &d->trainees[i];
            fputs("<tr><th scope=\"row\"><span class=\"nm\">", o);
            esc(o, t->name[0] ? t->name : t->id);
            fputs("</span></th>", o);
            int j = 0;
            for (int c = 0; c < d->ncompetencies; c++) {
                while (j < t->ncompetencies && strcmp(t->competencies[j].id, d->competencies[c]) < 0)
                    j++;
                if (j < t->ncompetencies && !strcmp(t->competencies[j].id, d->competencies[c]))
                    fprintf(o, "<td class=\"heat\" style=\"background:%s\">%d%%</td>",
                            heat_colour(t->competencies[j].percent), t->competencies[j].percent);
                else
                    fprintf(o, "<td class=\"heat\" title=\"%s\">&ndash;</td>", w(W_NOT_ASSESSED));
            }
            fputs("</tr>\n", o);
        }
        fputs("</tbody></table>\n", o);
    }
    fprintf(o, "<h3>%s</h3><p class=\"note\">%s</p>\n", w(W_TECHNIQUES), w(W_TECH_NOTE));
    if (!d->ntechniques) {
        fprintf(o, "<p>%s</p>\n", w(W_NONE));
    } else {
        fprintf(o, "<table><thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
                   "<th scope=\"col\">%s</th></tr></thead><tbody>\n",
                w(W_TIER), w(W_TECHNIQUE), w(W_MISSED));
        int shown = 0, tier = -2;
        for (int i = 0; i < d->ntechniques; i++) {
            const DashTechnique *t = &d->techniques[i];
            shown = t->tier == tier ? shown + 1 : 0;
            tier = t->tier;
            if (shown >= 8 || t->missed == 0)
                continue;
            fprintf(o, "<tr><td>%s</td><td>", tier_name(t->tier));
            esc(o, t->technique);
            fprintf(o, "</td><td class=\"n\">%d %s %d (%d%%)</td></tr>\n", t->missed, w(W_OF),
                    t->offered, (100 * t->missed + t->offered / 2) / t->offered);
        }
        fputs("</tbody></table>\n", o);
    }
    fputs("</section>\n", o);
}

/* ---- progress over time ------------------------------------------------------------------------- */

/* A week's Monday on the chart: 6月8日, 8 Jun (a day and month in figures reads both ways). */
static void week_label(FILE *o, int64_t ms)
{
    static const char *const mon[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                      "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    time_t t = (time_t)(ms / 1000);
    struct tm tm;
    gmtime_r(&t, &tm);
    if (zh)
        fprintf(o, "%d月%d日", tm.tm_mon + 1, tm.tm_mday);
    else
        fprintf(o, "%d %s", tm.tm_mday, mon[tm.tm_mon]);
}

/* Attempts per week as bars, the share passing as a line, weeks first..nweeks-1. */
static void tier_chart(FILE *o, const DashboardData *d, int tier, int first)
{
    /* Left: the attempts' scale; right (R), beside the bars, never over them: the share's. */
    const int W = 440, H = 150, L = 34, R = 36, B = 22, T = 8;
    int max = 1, n = d->nweeks - first;
    for (int i = first; i < d->nweeks; i++)
        if (d->weeks[i].attempts[tier] > max)
            max = d->weeks[i].attempts[tier];
    fprintf(o, "<figure><svg width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" role=\"img\">"
               "<title>%s: %s</title>",
            W, H, W, H, w(W_PROGRESS), tier_name(tier));
    fprintf(o, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#8893a4\"/>", L, H - B,
            W - R, H - B);
    fprintf(o, "<text x=\"2\" y=\"%d\" font-size=\"10\">%d</text><text x=\"2\" y=\"%d\" "
               "font-size=\"10\">0</text><text x=\"%d\" y=\"%d\" font-size=\"10\" "
               "fill=\"#2e9a4b\">100%%</text><text x=\"%d\" y=\"%d\" font-size=\"10\" "
               "fill=\"#2e9a4b\">0%%</text>",
            T + 8, max, H - B, W - R + 4, T + 8, W - R + 4, H - B);
    double bw = (double)(W - L - R) / n;
    for (int i = 0; i < n; i++) {
        const DashWeek *k = &d->weeks[first + i];
        int hgt = k->attempts[tier] * (H - B - T) / max;
        fprintf(o, "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"#9db8d9\"/>",
                L + i * bw + 1, H - B - hgt, bw - 2, hgt);
        if (i % (n > 13 ? 4 : 2) == 0) {
            fprintf(o, "<text x=\"%.1f\" y=\"%d\" font-size=\"9\">", L + i * bw, H - 8);
            week_label(o, k->week_start_ms);
            fputs("</text>", o);
        }
    }
    fputs("<polyline fill=\"none\" stroke=\"#2e9a4b\" stroke-width=\"2\" points=\"", o);
    for (int i = 0; i < n; i++) {
        const DashWeek *k = &d->weeks[first + i];
        if (k->attempts[tier])
            fprintf(o, "%.1f,%d ", L + (i + 0.5) * bw,
                    H - B - k->passed[tier] * (H - B - T) / k->attempts[tier]);
    }
    fprintf(o, "\"/></svg><figcaption>%s</figcaption></figure>\n", tier_name(tier));
}

static void progress_table(FILE *o, const DashboardData *d)
{
    int weeks = 0;
    for (int i = 0; i < d->nweeks; i++)
        weeks += d->weeks[i].attempts[0] + d->weeks[i].attempts[1] + d->weeks[i].attempts[2] > 0;
    if (!weeks)
        return; /* the charts' place already says there is nothing */
    fprintf(o, "<table><caption>%s</caption><thead><tr><th scope=\"col\">%s</th>", w(W_PROGRESS),
            w(W_WEEK));
    for (int t = 0; t < DASH_TIERS; t++)
        fprintf(o, "<th scope=\"col\">%s: %s</th><th scope=\"col\">%s</th>", tier_name(t),
                w(W_ATTEMPTS), w(W_PASSING));
    fputs("</tr></thead><tbody>\n", o);
    for (int i = 0; i < d->nweeks; i++) {
        const DashWeek *k = &d->weeks[i];
        if (!k->attempts[0] && !k->attempts[1] && !k->attempts[2])
            continue;
        fputs("<tr><th scope=\"row\">", o);
        date(o, k->week_start_ms);
        fputs("</th>", o);
        for (int t = 0; t < DASH_TIERS; t++) {
            fputs("<td class=\"n\">", o);
            number(o, k->attempts[t]);
            if (k->attempts[t])
                fprintf(o, "</td><td class=\"n\">%d%%</td>",
                        (100 * k->passed[t] + k->attempts[t] / 2) / k->attempts[t]);
            else
                fputs("</td><td class=\"n\">&ndash;</td>", o);
        }
        fputs("</tr>\n", o);
    }
    fputs("</tbody></table>\n", o);
}

static void progress(FILE *o, const DashboardData *d)
{
    fprintf(o, "<section id=\"progress\"><h2>%s</h2><p class=\"note\">", w(W_PROGRESS));
    fprintf(o, w(W_PROGRESS_NOTE), d->nweeks);
    fputs("</p><div class=\"charts\">\n", o);
    /* From the first week with attempts, and at least the last eight weeks. */
    int first = d->nweeks - 8, drawn = 0;
    for (int i = 0; i < d->nweeks; i++)
        if (d->weeks[i].attempts[0] + d->weeks[i].attempts[1] + d->weeks[i].attempts[2]) {
            first = i < first ? i : first;
            break;
        }
    for (int t = 0; t < DASH_TIERS; t++) {
        int n = 0;
        for (int i = 0; i < d->nweeks; i++)
            n += d->weeks[i].attempts[t];
        if (n) {
            tier_chart(o, d, t, first);
            drawn++;
        }
    }
    if (!drawn)
        fprintf(o, "<p>%s</p>", w(W_NONE));
    fputs("</div>\n", o);
    progress_table(o, d);
    fputs("</section>\n", o);
}

/* ---- the case review ----------------------------------------------------------------------------- */

static const char *case_word(DashCaseKind k)
{
    switch (k) {
    case DASH_CASE_CRITICAL: return w(W_CRITICAL);
    case DASH_CASE_FAIL_AFTER_PASS: return w(W_FAIL_AFTER_PASS);
    case DASH_CASE_MENTOR: return w(W_MENTOR);
    default: return w(W_GAIN);
    }
}

/* A scenario's title in the page's language (else English, else its first). */
static const char *title_of(const Scenario *sc)
{
    int zl = scenario_locale_index(sc, "zh"), el = scenario_locale_index(sc, "en");
    return scenario_text(scenario_title(sc), zh && zl >= 0 ? zl : el >= 0 ? el : 0);
}

/* The attempt's scenario title in the page's language when the library has the scenario, else
 * as recorded (in the language it was played in). */
static const char *case_title(const Dashboard *dash, const DashCase *c)
{
    for (int i = 0; i < dashboard_scenario_count(dash); i++)
        if (!strcmp(scenario_id(dashboard_scenario(dash, i)), c->scenario_id))
            return title_of(dashboard_scenario(dash, i));
    return c->scenario_title;
}

/* The first 80 characters of s (whole UTF-8 characters), then "…" when it goes on. */
static void esc_first(FILE *o, const char *s)
{
    char head[4 * 80 + 1];
    size_t n = 0;
    for (int chars = 0; s[n] && chars < 80 && n + 4 < sizeof head; chars++) {
        n++;
        for (int k = 0; k < 3 && ((unsigned char)s[n] & 0xc0) == 0x80; k++)
            n++;
    }
    memcpy(head, s, n);
    head[n] = 0;
    esc(o, head);
    if (s[n])
        fputs("&hellip;", o);
}

static void cases(FILE *o, const Dashboard *dash, const DashboardData *d,
                  const ReportHtmlOptions *opt)
{
    fprintf(o, "<section id=\"cases\"><h2>%s</h2><p class=\"note\">%s</p>\n", w(W_CASES),
            w(W_CASES_NOTE));
    if (!d->ncases) {
        fprintf(o, "<p>%s</p></section>\n", w(W_NONE));
        return;
    }
    fputs("<table><thead><tr>", o);
    const Word cols[] = {W_WHY, W_TRAINEE, W_SCENARIO, W_WHEN, W_PERCENT, W_OPEN};
    for (size_t i = 0; i < sizeof cols / sizeof cols[0]; i++)
        fprintf(o, "<th scope=\"col\">%s</th>", w(cols[i]));
    fputs("</tr></thead><tbody>\n", o);
    for (int i = 0; i < d->ncases; i++) {
        const DashCase *c = &d->cases[i];
        fprintf(o, "<tr data-attempt=\"%s\"><td>%s", c->attempt_id, case_word(c->kind));
        if (c->kind == DASH_CASE_GAIN)
            fprintf(o, " (+%d)", c->gain);
        if (c->note[0]) {
            fputs(zh ? "：<span class=\"nm\">" : ": <span class=\"nm\">", o);
            esc_first(o, c->note);
            fputs("</span>", o);
        }
        fputs("</td><th scope=\"row\"><span class=\"nm\">", o);
        esc(o, c->trainee_name[0] ? c->trainee_name : c->trainee_id);
        fputs("</span></th><td>", o);
        esc(o, case_title(dash, c));
        fprintf(o, " <small>(%s)</small></td><td>",
                !strcmp(c->mode, "assessment") ? w(W_ASSESSMENT) : w(W_PRACTICE));
        date(o, c->unix_ms);
        fprintf(o, "</td><td class=\"n\">%d%%</td><td><code>sparring replay %s", c->percent,
                c->attempt_id);
        if (opt->db) { /* the store the page was made from, when it is not the default */
            fputs(" --db ", o);
            shell_arg(o, opt->db);
        }
        fputs("</code></td></tr>\n", o);
    }
    fputs("</tbody></table></section>\n", o);
}

/* ---- items ---------------------------------------------------------------------------------------- */

/* Below this many attempts a decision's flags are marked as not yet telling (docs/records.md:
 * "a few dozen attempts are needed before these numbers mean much"). */
#define ITEMS_FEW 20

/* A flag name of records_items in the page's words. */
static void flag_words(FILE *o, const char *flag)
{
    if (!strncmp(flag, "unused:", 7)) {
        fprintf(o, "%s ", w(W_FLAG_UNUSED));
        esc(o, flag + 7);
    } else if (!strncmp(flag, "p_above", 7)) {
        fputs(w(W_FLAG_EASY), o);
    } else if (!strcmp(flag, "negative_discrimination")) {
        fputs(w(W_FLAG_NEGATIVE), o);
    } else {
        esc(o, flag);
    }
}

static void item_row(FILE *o, const Scenario *sc, ItemsAnalysis *it, const ItemsNode *n)
{
    const ScNode *node = scenario_node(sc, n->node);
    fputs("<tr><td>", o);
    esc(o, title_of(sc));
    fputs(" <small>(", o);
    esc(o, scenario_id(sc));
    fputs(")</small></td><th scope=\"row\"><code>", o);
    esc(o, node->id);
    fprintf(o, "</code></th><td class=\"n\">%d</td><td>", n->reached);
    esc(o, n->best < 0 ? "" : n->best < n->nanswers ? node->choices[n->best].id : "timeout");
    fputs("</td><td class=\"n\">", o);
    if (n->has_p)
        fprintf(o, "%.2f", n->p);
    else
        fputs("&ndash;", o);
    fputs("</td><td class=\"n\">", o);
    if (n->has_discrimination)
        fprintf(o, "%.2f", n->discrimination);
    else
        fputs("&ndash;", o);
    fputs("</td><td>", o);
    const char *flags[64];
    int nf = items_flag_names(it, n, flags, 64);
    for (int i = 0; i < nf; i++) {
        if (i)
            fputs(zh ? "；" : "; ", o);
        flag_words(o, flags[i]);
    }
    if (nf && n->reached < ITEMS_FEW) {
        fputs(" <small>", o);
        fprintf(o, w(W_FEW), n->reached);
        fputs("</small>", o);
    }
    fputs("</td><td><code>sparring play ", o);
    esc(o, scenario_path(sc));
    fputs(" --from ", o);
    esc(o, node->id);
    fputs("</code></td></tr>\n", o);
}

/* Which rows an items pass writes: flagged decisions reached often enough to tell, then those
 * flagged on a few attempts, then the others; never a decision nobody reached. */
static bool items_pass(const ItemsNode *n, int pass)
{
    if (!n->reached)
        return false;
    if (pass == 2)
        return n->flags == 0;
    return n->flags != 0 && (n->reached < ITEMS_FEW) == (pass == 1);
}

/* Flagged decisions first (what to rewrite), then the others; only decisions reached. */
static void items(FILE *o, const Dashboard *dash)
{
    fprintf(o, "<section id=\"items\"><h2>%s</h2><p class=\"note\">%s</p>\n", w(W_ITEMS),
            w(W_ITEMS_NOTE));
    int rows = 0;
    for (int pass = 0; pass < 3; pass++) {
        for (int s = 0; s < dashboard_scenario_count(dash); s++) {
            ItemsAnalysis *it = dashboard_items(dash, s);
            int n = 0;
            const ItemsNode *nodes = items_nodes(it, &n);
            for (int i = 0; i < n; i++) {
                if (!items_pass(&nodes[i], pass))
                    continue;
                if (!rows++) {
                    fputs("<table><thead><tr>", o);
                    const Word cols[] = {W_SCENARIO, W_NODE, W_REACHED, W_BEST, W_P, W_DISC,
                                         W_FLAGS, W_OPEN};
                    for (size_t c = 0; c < sizeof cols / sizeof cols[0]; c++)
                        fprintf(o, "<th scope=\"col\">%s</th>", w(cols[c]));
                    fputs("</tr></thead><tbody>\n", o);
                }
                item_row(o, dashboard_scenario(dash, s), it, &nodes[i]);
            }
        }
    }
    fprintf(o, rows ? "</tbody></table></section>\n" : "<p>%s</p></section>\n", w(W_NONE));
}

/* ---- the page ------------------------------------------------------------------------------------- */

static void header(FILE *o, const DashboardData *d, const ReportHtmlOptions *opt)
{
    fprintf(o, "<!DOCTYPE html>\n<html lang=\"%s\"><head><meta charset=\"utf-8\">"
               "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
               "<title>%s</title>\n%s</head><body>\n<header><h1>%s</h1><p class=\"note\">",
            zh ? "zh-CN" : "en", w(W_TITLE), style, w(W_TITLE));
    esc(o, opt->team ? opt->team : w(W_TEAM_ALL));
    fprintf(o, " &middot; %s: ", w(W_PERIOD));
    if (opt->since_unix_ms == INT64_MIN)
        fputs(w(W_SINCE_ALL), o);
    else
        date(o, opt->since_unix_ms);
    fputs(" &ndash; ", o);
    date(o, opt->now_unix_ms);
    fprintf(o, " &middot; %s ", w(W_MADE));
    date(o, opt->now_unix_ms);
    fputs("</p><p>", o);
    int n[3] = {0};
    for (int i = 0; i < d->ntrainees; i++)
        n[d->trainees[i].light]++;
    char people[64], tries[64], r[32], a[32], g[32];
    fprintf(o, w(W_COUNTS),
            count_text(d->ntrainees, "trainee", "trainees", "", " 名学员", people, sizeof people),
            number_text(n[RECORDS_RED], r), number_text(n[RECORDS_AMBER], a),
            number_text(n[RECORDS_GREEN], g),
            count_text(d->attempts, "attempt", "attempts", "共 ", " 次", tries, sizeof tries));
    fputs("</p></header>\n", o);
}

int report_html_write(FILE *out, const Dashboard *dash, const DashboardData *d,
                      const ReportHtmlOptions *opt)
{
    zh = opt->locale && !strncmp(opt->locale, "zh", 2);
    header(out, d, opt);
    glance(out, d, opt);
    heat_map(out, dash, d, opt);
    progress(out, d);
    items(out, dash);
    cases(out, dash, d, opt);
    fputs("</body></html>\n", out);
    return fflush(out) == 0 && !ferror(out) ? 0 : -1;
}
