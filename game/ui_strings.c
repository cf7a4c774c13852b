/* ui_strings: the window's words. Format strings take the arguments named in comments. */
#include <stddef.h>
#include <string.h>

#include "ui_strings.h"

static const UiStrings en = {
    .app_title = "Sparring - sales call trainer",
    .signin_title = "Sign in",
    .signin_intro = "Practise real customer calls. Choose your answer before the timer runs out; "
                    "the coach comments in practice mode, and an assessment is scored at the end.",
    .trainee_id = "Employee ID",
    .trainee_name = "Name",
    .language = "Language",
    .mode = "Mode",
    .practice = "Practice",
    .assessment = "Assessment",
    .sandbox = "Sandbox",
    .mode_practice_hint = "Coach feedback after every answer. Does not count toward certification.",
    .mode_assessment_hint = "Timed, no feedback until the end. Counts toward certification.",
    .continue_btn = "Continue",
    .settings = "Settings (F2)",
    .help_btn = "Keys (F1)",
    .need_id = "Enter your employee ID to continue.",
    .picker_title = "Choose a scenario",
    .tier_new_hire = "New hire (0-6 months)",
    .tier_experienced = "Experienced (1-3 years)",
    .tier_manager = "Manager (3+ years)",
    .not_loaded = "Cannot be loaded",
    .best = "best %d%%",          /* percent */
    .latest = "latest %d%%",      /* percent */
    .passed_assessment = "assessment passed",
    .no_attempts = "not attempted yet",
    .no_scenarios = "No scenario files found in %s", /* folder */
    .signed_in_as = "%s (%s) - %s",                    /* name, id, mode */
    .sign_out = "Change trainee",
    .interrupted_title = "An attempt was interrupted",
    .interrupted_info = "%s · %s · %d decisions taken. Nothing was lost: you can go on where it stopped.", /* title, mode, n */
    .interrupted_resume = "Resume it",
    .interrupted_close = "Close it as interrupted",
    .briefing = "Briefing",
    .situation = "The situation",
    .scored_on = "What is scored",
    .time_limit = "Time limit",
    .per_decision = "%g s per decision", /* seconds */
    .per_decision_varies = "%g s for the first decision, %g to %g s in all", /* first, min, max */
    .point_one = "%+d point",
    .partial = "Partial: this call started at node \"%s\" (--from), so only part of it was scored",
    .no_time_limit = "none",
    .timers_off = "timers off in practice (Settings)",
    .pass_mark = "Pass mark",
    .start_call = "Start the call",
    .back = "Back",
    .customer = "Customer",
    .narrator = "Narrator",
    .coach = "Coach",
    .you = "You",
    .decision_n = "Decision %d",        /* number */
    .seconds_left = "%d s",             /* seconds */
    .mentor_paused = "Timer paused by your mentor",
    .paused = "Paused",
    .paused_hint = "The call is hidden while paused. Esc or Enter resumes.",
    .resume = "Resume",
    .leave_call = "Leave the call",
    .continue_hint = "Continue (Enter)",
    .feedback_title = "Coach",
    .points = "%+d points", /* points */
    .no_feedback = "No comment on this answer.",
    .time_up = "Time is up.",
    .no_answer = "(no answer: time ran out)",
    .call_ended = "The call has ended.",
    .dead_end = "The call stopped here: no answer is possible at this point.",
    .to_debrief = "See the debrief (Enter)",
    .earlier = "Earlier in the call",
    .debrief = "Debrief",
    .passed = "Passed",
    .not_passed = "Not passed",
    .pass_mark_was = "pass mark %d%%", /* percent */
    .competencies = "Competencies",
    .decisions = "Decisions",
    .your_choice = "Your answer",
    .best_choice = "Best answer on offer",
    .was_best = "the best answer",
    .same_as_yours = "Your answer: the best one on offer.",
    .coach_says = "Coach: ",
    .try_again = "Try again",
    .back_to_list = "Back to scenarios",
    .outcome_pass = "Ending: a good outcome",
    .outcome_fail = "Ending: the call failed",
    .outcome_neutral = "Ending: neutral",
    .na = "n/a",
    .timeout_taken = "(time ran out)",
    .not_recorded = "Attempts are not being recorded: %s", /* reason */
    .settings_title = "Settings",
    .practice_timers = "Timers in practice",
    .high_contrast = "High contrast",
    .volume = "Volume",
    .mute = "Sound",
    .text_size = "Text size",
    .on = "on",
    .off = "off",
    .close = "Close",
    .help_title = "Keys",
    .help_body = "1-9: choose an answer\n"
                 "Up/Down, Tab/Shift+Tab: move between buttons\n"
                 "Enter or Space: press the highlighted button; continue\n"
                 "PageUp/PageDown, mouse wheel: scroll the transcript and lists\n"
                 "Esc: pause the call (or go back)\n"
                 "H: your history of the highlighted scenario (in the list)\n"
                 "F5: after a failed reload, restart on the edited file (practice)\n"
                 "F1: this help    F2: settings    F11: full screen\n"
                 "Ctrl + / Ctrl -: larger or smaller text (Ctrl 0: reset)\n"
                 "Ctrl Q: quit (an unfinished call is kept as abandoned)\n"
                 "Everything can also be clicked with the mouse.",
    .mood_calm = "calm",
    .mood_annoyed = "annoyed",
    .mood_angry = "angry",
    .mood_skeptical = "skeptical",
    .mood_pleased = "pleased",
    .mood_worried = "worried",
    .mood_neutral = "neutral",
};

static const UiStrings zh = {
    .app_title = "Sparring 销售实战陪练",
    .signin_title = "登录",
    .signin_intro = "模拟真实的客户电话。请在倒计时结束前选择你的回应；练习模式下导师会即时点评，"
                    "考核模式在结束后统一评分。",
    .trainee_id = "工号",
    .trainee_name = "姓名",
    .language = "语言",
    .mode = "模式",
    .practice = "练习",
    .assessment = "考核",
    .sandbox = "沙盘",
    .mode_practice_hint = "每次回答后有导师点评，不计入上岗认证。",
    .mode_assessment_hint = "限时作答，结束前没有点评，计入上岗认证。",
    .continue_btn = "继续",
    .settings = "设置 (F2)",
    .help_btn = "按键 (F1)",
    .need_id = "请输入工号后继续。",
    .picker_title = "选择场景",
    .tier_new_hire = "新人层（0-6 个月）",
    .tier_experienced = "成熟层（1-3 年）",
    .tier_manager = "管理层（3 年以上）",
    .not_loaded = "无法加载",
    .best = "最高 %d%%",
    .latest = "最近 %d%%",
    .passed_assessment = "考核已通过",
    .no_attempts = "尚未练习",
    .no_scenarios = "%s 中没有场景文件",
    .signed_in_as = "%s(%s)· %s",
    .sign_out = "切换学员",
    .interrupted_title = "有一次练习被意外中断",
    .interrupted_info = "%s · %s · 已完成 %d 次决策。记录没有丢失，可以从中断处继续。",
    .interrupted_resume = "从中断处继续",
    .interrupted_close = "按中断结束",
    .briefing = "任务简报",
    .situation = "情境",
    .scored_on = "评分维度",
    .time_limit = "时间限制",
    .per_decision = "每次决策 %g 秒",
    .per_decision_varies = "第一次决策 %g 秒，全程 %g 至 %g 秒",
    .point_one = "%+d 分",
    .partial = "部分试玩：通话从节点“%s”开始（--from），只计了其中一部分",
    .no_time_limit = "无",
    .timers_off = "练习模式已关闭计时（见设置）",
    .pass_mark = "及格线",
    .start_call = "开始通话",
    .back = "返回",
    .customer = "客户",
    .narrator = "旁白",
    .coach = "导师",
    .you = "你",
    .decision_n = "第 %d 次决策",
    .seconds_left = "%d 秒",
    .mentor_paused = "导师暂停了计时",
    .paused = "已暂停",
    .paused_hint = "暂停期间通话内容已隐藏。按 Esc 或回车继续。",
    .resume = "继续通话",
    .leave_call = "退出通话",
    .continue_hint = "继续（回车）",
    .feedback_title = "导师点评",
    .points = "%+d 分",
    .no_feedback = "这个回答没有点评。",
    .time_up = "时间到。",
    .no_answer = "（未作答：时间已到）",
    .call_ended = "通话已结束。",
    .dead_end = "通话在此中止：此时没有可选的回答。",
    .to_debrief = "查看复盘（回车）",
    .earlier = "通话记录",
    .debrief = "复盘",
    .passed = "通过",
    .not_passed = "未通过",
    .pass_mark_was = "及格线 %d%%",
    .competencies = "能力维度",
    .decisions = "逐项决策",
    .your_choice = "你的回答",
    .best_choice = "当时最佳回答",
    .was_best = "最佳回答",
    .same_as_yours = "就是你的回答：当时可选的最佳回答。",
    .coach_says = "导师：",
    .try_again = "再练一次",
    .back_to_list = "返回场景列表",
    .outcome_pass = "结局：成功",
    .outcome_fail = "结局：失败",
    .outcome_neutral = "结局：中性",
    .na = "不适用",
    .timeout_taken = "（超时未答）",
    .not_recorded = "本次练习不会被记录：%s",
    .settings_title = "设置",
    .practice_timers = "练习模式计时",
    .high_contrast = "高对比度",
    .volume = "音量",
    .mute = "声音",
    .text_size = "字号",
    .on = "开",
    .off = "关",
    .close = "关闭",
    .help_title = "按键说明",
    .help_body = "1-9：选择回答\n"
                 "上/下方向键、Tab/Shift+Tab：在按钮之间移动\n"
                 "回车或空格：按下高亮的按钮；继续\n"
                 "PageUp/PageDown、鼠标滚轮：滚动通话记录和列表\n"
                 "Esc：暂停通话（或返回）\n"
                 "H：查看所选场景的历史记录（在场景列表中）\n"
                 "F5：重新加载失败后（练习时）按修改后的文件重新开始\n"
                 "F1：本帮助    F2：设置    F11：全屏\n"
                 "Ctrl + / Ctrl -：放大或缩小文字（Ctrl 0：还原）\n"
                 "Ctrl Q：退出（未完成的通话记为放弃）\n"
                 "所有操作也都可以用鼠标点击完成。",
    .mood_calm = "平静",
    .mood_annoyed = "不耐烦",
    .mood_angry = "愤怒",
    .mood_skeptical = "怀疑",
    .mood_pleased = "满意",
    .mood_worried = "担忧",
    .mood_neutral = "一般",
};

const UiStrings *ui_strings(const char *locale)
{
    return (locale && locale[0] == 'z' && locale[1] == 'h') ? &zh : &en;
}

const char *ui_strings_mood(const UiStrings *s, const char *mood)
{
    static const struct {
        const char *id;
        size_t off;
    } map[] = {
        {"calm", offsetof(UiStrings, mood_calm)},       {"annoyed", offsetof(UiStrings, mood_annoyed)},
        {"angry", offsetof(UiStrings, mood_angry)},     {"skeptical", offsetof(UiStrings, mood_skeptical)},
        {"pleased", offsetof(UiStrings, mood_pleased)}, {"worried", offsetof(UiStrings, mood_worried)},
        {"neutral", offsetof(UiStrings, mood_neutral)},
    };
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
        if (!strcmp(mood, map[i].id))
            return *(const char *const *)((const char *)s + map[i].off);
    return mood;
}
