/* ui_strings: the window's words. Format strings take the arguments named in comments. */
#include <stddef.h>
#include <string.h>

#include "ui_strings.h"

static const UiHistoryWords history_en = {
    .history = "History",
    .status_short = {"No status yet", "Red · keep going", "Amber · close", "Green · passed"},
    .status_long = {"No status yet: no attempts.",
                    "Red: your best is more than 20 points below the pass mark.",
                    "Amber: your best is within 20 points of the pass mark, or above it, but no "
                    "assessment is passed yet.",
                    "Green: you have passed an assessment of this scenario."},
    .no_attempts = "No attempts yet",
    .none_finished = "No finished attempts yet",
    .no_attempts_hint = "Completed practice and assessment attempts are charted here. Go back, "
                        "open the scenario and play it: your result appears on this page.",
    .best_latest = "Best %d%%   ·   Latest %d%%",
    .latest_was = "Latest: %s, %s",
    .passed = "passed",
    .not_passed = "not passed",
    .mode_sep = " ",
    .counts = "%d attempts: %d practice, %d assessment",
    .pass_mark = "pass mark %d%%",
    .pass_mark_alone = "Pass mark: %d%%",
    .axis_all = "Attempt number (%s to %s)",
    .axis_part = "Attempts %d-%d of %d (%s to %s)",
    .practice = "Practice",
    .assessment = "Assessment",
    .no_records = "Attempts are not being recorded on this computer, so there is no history to show.",
    .cannot_read = "The history cannot be read: %s",
};

static const UiHistoryWords history_zh = {
    .history = "历史记录",
    .status_short = {"暂无状态", "红 · 继续努力", "黄 · 接近及格", "绿 · 已通过"},
    .status_long = {"暂无状态：还没有练习记录。",
                    "红：最好成绩比及格线低 20 分以上。",
                    "黄：最好成绩距及格线 20 分以内（或已超过），但还没有通过考核。",
                    "绿：已通过本场景的考核。"},
    .no_attempts = "还没有练习记录",
    .none_finished = "还没有完成的练习",
    .no_attempts_hint = "已完成的练习和考核会在这里画成曲线。返回列表，打开这个场景练一次，成绩就会出现在这一页。",
    .best_latest = "最高 %d%%   ·   最近 %d%%",
    .latest_was = "最近一次：%s，%s",
    .passed = "通过",
    .not_passed = "未通过",
    .mode_sep = "",
    .counts = "共 %d 次：练习 %d 次，考核 %d 次",
    .pass_mark = "及格线 %d%%",
    .pass_mark_alone = "及格线：%d%%",
    .axis_all = "第几次练习（%s 至 %s）",
    .axis_part = "第 %d-%d 次，共 %d 次（%s 至 %s）",
    .practice = "练习",
    .assessment = "考核",
    .no_records = "这台电脑没有记录练习结果，因此没有历史可显示。",
    .cannot_read = "无法读取历史记录：%s",
};

static const UiReloadWords reload_en = {
    .reloaded = "Reloaded %s: %d decision%s replayed.",
    .reloaded_plain = "Reloaded %s.",
    .invalid = "%s has %d error%s: still playing the last good version. Save a fixed file to reload.",
    .assessment = "The scenario file changed on disk. This assessment goes on with the version it started "
                  "with (its record keeps that file's fingerprint); the new version loads after the call.",
    .debrief = "The scenario file changed on disk: the new version loads when you leave this debrief.",
    .replay_failed = "The new version of %s cannot replay this call: %s. Still playing the old version; "
                     "press F5 or the button to restart on the new file.",
    .restart = "Restart on the new file (F5)",
    .restarted = "Restarted on the new version of %s.",
    .fixed_same = "%s is valid again (unchanged from the version playing).",
    .gone = "%s is no longer on disk: still playing the version loaded. Save it again to reload.",
};

static const UiReloadWords reload_zh = {
    .reloaded = "已重新加载 %s：重放了 %d 个决定%s。",
    .reloaded_plain = "已重新加载 %s。",
    .invalid = "%s 有 %d 个错误%s：仍在使用上一个有效版本。保存修正后的文件即可重新加载。",
    .assessment = "剧本文件在磁盘上已更改。本次考核继续使用开始时的版本（记录保留该文件的指纹）；通话结束后加载新版本。",
    .debrief = "剧本文件在磁盘上已更改：离开本复盘页面时加载新版本。",
    .replay_failed = "%s 的新版本无法重放本次通话：%s。仍在使用旧版本；按 F5 或按钮可在新文件上重新开始。",
    .restart = "在新文件上重新开始（F5）",
    .restarted = "已在 %s 的新版本上重新开始。",
    .fixed_same = "%s 又有效了（与正在使用的版本相同）。",
    .gone = "磁盘上已找不到 %s：仍在使用已加载的版本。重新保存即可重新加载。",
};

static const UiConsoleWords console_en = {
    .title = "Mentor console",
    .waiting = "Waiting for the trainee to start a call: in the trainee's window, sign in, pick a scenario "
               "and press Start.",
    .over = "The call is over; the trainee sees the debrief. Attempt %s",
    .comment_saved = "Comment saved at %s (after %d decisions).",
    .open_review = "Open the review",
    .outline = "Outline",
    .path = "Path so far",
    .no_path = "No decision yet.",
    .now = "Now",
    .key = "Answer key (never on the trainee's screen)",
    .not_offered = "not offered",
    .timeout = "Timeout",
    .waiting_continue = "The trainee is reading; the call goes on when they continue.",
    .ended = "Ended",
    .dead_end = "Dead end: nothing is offered here.",
    .meters = "Meters",
    .hidden = "hidden from the trainee",
    .events = "Events (inject)",
    .no_events = "This scenario has no events.",
    .pause = "Pause timer",
    .resume = "Resume timer",
    .paused = "PAUSED",
    .time_left = "%d s left",
    .no_timer = "no timer",
    .comment_ph = "Comment for the record (F6, Enter to save)",
    .add_comment = "Add comment",
    .comments = "Comments",
    .rewind = "Rewind here",
    .decision = "%d decisions taken",
    .at_decision = "decision %d",
    .points = "%+d points",
    .coach = "Coach",
    .keys = "F5 pause/resume · Up/Down meter, Left/Right -1/+1 (Shift: 10) · Ctrl+1..9 event · "
            "Ctrl+Z rewind one · F6 comment · Tab buttons",
    .not_recorded = "not recorded: %s",
    .not_sandbox = "the trainee's window is not in sandbox mode, so the console only watches",
};

static const UiConsoleWords console_zh = {
    .title = "导师控制台",
    .waiting = "等待学员开始通话：请在学员窗口登录、选择场景并点“开始”。",
    .over = "通话已结束，学员正在看复盘。记录编号 %s",
    .comment_saved = "点评已保存：%s，第 %d 个决定之后。",
    .open_review = "打开复盘",
    .outline = "流程",
    .path = "已走路径",
    .no_path = "还没有决定。",
    .now = "当前",
    .key = "答案（学员屏幕上不显示）",
    .not_offered = "未提供",
    .timeout = "超时",
    .waiting_continue = "学员正在阅读，继续后通话往下进行。",
    .ended = "已结束",
    .dead_end = "死路：这里没有可选的回答。",
    .meters = "指标",
    .hidden = "学员看不到",
    .events = "事件（插入）",
    .no_events = "这个场景没有事件。",
    .pause = "暂停计时",
    .resume = "继续计时",
    .paused = "已暂停",
    .time_left = "剩 %d 秒",
    .no_timer = "不计时",
    .comment_ph = "写点评（F6，回车保存）",
    .add_comment = "保存点评",
    .comments = "点评",
    .rewind = "退回这里",
    .decision = "已做 %d 个决定",
    .at_decision = "第 %d 个决定",
    .points = "%+d 分",
    .coach = "教练",
    .keys = "F5 暂停/继续 · 上/下选指标，左/右 -1/+1（Shift：10）· Ctrl+1..9 事件 · Ctrl+Z 退回一步 · "
            "F6 点评 · Tab 按钮",
    .not_recorded = "未记录：%s",
    .not_sandbox = "学员窗口不是沙盘模式，控制台只能旁观",
};

static const UiReviewWords review_en = {
    .title = "Case review",
    .prev = "< Previous",
    .next = "Next >",
    .fork = "Practise from here",
    .decision_of = "Decision %d of %d · at %s",
    .the_end = "The end · %s",
    .now = "The customer",
    .offered = "On offer",
    .taken = "[taken]",
    .timeout_taken = "Timeout: the trainee did not answer in time",
    .took = "took %.1f s",
    .meters = "Meters",
    .mentor = "The mentor at this moment",
    .comments = "Comments",
    .no_comments = "No comments.",
    .path = "Path",
    .keys = "Left/Right previous/next · Home/End first/last · P practise from here · Esc close",
    .coach = "Coach",
    .points = "%+d points",
    .not_offered = "not offered",
    .comment_at = "[%s · %s] %s",
    .before_decision = "before decision %d",
    .after_call = "after the call",
    .taken_back = "Taken back by a rewind: %s (%+d)",
    .spoken = "Spoken answer · %.1f s",
    .listen = "Play (A)",
    .listen_comment_ph = "A comment on this answer (Enter saves it)",
    .listen_comment = "Comment",
    .listen_saved = "Comment saved at decision %d.",
    .listen_not_saved = "Not saved: %s",
    .listen_cannot = "Cannot play the recording: %s",
};

static const UiReviewWords review_zh = {
    .title = "案例复盘",
    .prev = "< 上一步",
    .next = "下一步 >",
    .fork = "从这里练习",
    .decision_of = "第 %d 个决定，共 %d 个 · %s",
    .the_end = "结束 · %s",
    .now = "客户",
    .offered = "可选回答",
    .taken = "【学员选择】",
    .timeout_taken = "超时：学员没有及时回答",
    .took = "用时 %.1f 秒",
    .meters = "指标",
    .mentor = "导师此刻的操作",
    .comments = "点评",
    .no_comments = "没有点评。",
    .path = "路径",
    .keys = "左/右 上一步/下一步 · Home/End 第一步/最后 · P 从这里练习 · Esc 关闭",
    .coach = "教练",
    .points = "%+d 分",
    .not_offered = "未提供",
    .comment_at = "[%s · %s] %s",
    .before_decision = "第 %d 个决定之前",
    .after_call = "通话结束后",
    .taken_back = "被退回的回答：%s（%+d）",
    .spoken = "口头回答 · %.1f 秒",
    .listen = "播放（A）",
    .listen_comment_ph = "对这段回答的点评（回车保存）",
    .listen_comment = "点评",
    .listen_saved = "点评已保存在第 %d 个决定。",
    .listen_not_saved = "未保存：%s",
    .listen_cannot = "无法播放录音：%s",
};

static const UiStrings en = {
    .lang = "en", .history = &history_en, .reload = &reload_en, .console = &console_en, .review = &review_en,
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
    .mode_practice_hint = "a coach tip after every answer; does not count toward certification.",
    .practise_btn = "Practise",
    .assess_btn = "Take the assessment",
    .mode_sandbox_hint = "Sandbox with your mentor: the mentor's console follows the call and may pause, rewind or change it.",
    .colon = ": ",
    .sep = " · ",
    .comma = ", ",
    .lparen = " (",
    .rparen = ")",
    .mode_assessment_hint = "timed, no tips until the end, counts toward certification.",
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
    .signed_in_as = "%s (%s)%s",                    /* name, id, " · Sandbox" or "" */
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
    .leave_title = "Leave this call?",
    .leave_info = "It stays at the top of your list: resume it where you stopped, or discard it there. "
                  "An assessment you leave is recorded as left.",
    .leave_quit_info = "The window closes and the call is recorded as abandoned. To keep it for later, "
                       "use Leave the call instead and resume it from the list.",
    .leave_stay = "Stay in the call",
    .leave_close = "Leave and close the window",
    .parked_title = "You left a call",
    .parked_info = "%s · %s · %d decisions taken. Resume it where you stopped (the clock shows the time you "
                   "had), or discard it.", /* title, mode, n */
    .parked_resume = "Resume the call",
    .parked_discard = "Discard it",
    .continue_hint = "Continue (Enter)",
    .feedback_title = "Coach tip",
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
    .coach_says = "Coach tip: ",
    .try_again = "Try again",
    .back_to_list = "Back to scenarios",
    .outcome_pass = "Ending: a good outcome",
    .outcome_fail = "Ending: the call failed",
    .outcome_neutral = "Ending: neutral",
    .na = "n/a",
    .timeout_taken = "(time ran out)",
    .not_recorded = "Attempts are not being recorded: %s", /* reason */
    .server_away = "Recording on this station until the records server is back (%s)",
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
    .critical_failed = "Not passed: critical error",
    .critical_mark = "Critical error",
    .why_best = "Why: ",
    .techniques = "Techniques: ",
    .lesson = "The lesson of this ending",
    .meters_course = "The customer over the call",
    .meters_later = "In an assessment the meters are shown in the debrief.",
    .may_differ = "The assessed call may differ from the one you practised: another form of it, "
                  "the answers in another order.",
    .practise_next = "Practise next",
    .practise_next_why = "Your weakest skill over your last %d attempts: %s, %d%% of its points. "
                         "The scenario that trains it most:",
    .practise_next_open = "Practise it",
    .mentor_comments = "Your mentor's comments",
    .mentor_before = "before the first decision",
    .mentor_after_decision = "after decision %d",
    .mentor_after_call = "after the call",
    .open_review = "Open the case review",
    .past_debrief = "Debrief of %s",
    .back_to_history = "Back to history",
    .history_attempts = "Your attempts",
    .history_open_hint = "Click a point or an attempt (or Enter on it) to open its debrief.",
    .review_failed = "The case review cannot be opened: %s",
    .practise_next_why_one = "Your weakest skill in your last attempt: %s, %d%% of its points. "
                             "The scenario that trains it most:",
};

static const UiStrings zh = {
    .lang = "zh", .history = &history_zh, .reload = &reload_zh, .console = &console_zh, .review = &review_zh,
    .app_title = "Sparring 销售实战陪练",
    .signin_title = "登录",
    .signin_intro = "模拟真实的客户电话。请在倒计时结束前选择你的回应；练习模式下教练会即时提示，"
                    "考核模式在结束后统一评分。",
    .trainee_id = "工号",
    .trainee_name = "姓名",
    .language = "语言",
    .mode = "模式",
    .practice = "练习",
    .assessment = "考核",
    .sandbox = "沙盘",
    .mode_practice_hint = "每次回答后有教练提示，不计入上岗认证。",
    .practise_btn = "练习",
    .assess_btn = "参加考核",
    .mode_sandbox_hint = "与导师一起的沙盘练习：导师控制台跟随通话，可以暂停、退回或调整。",
    .colon = "：",
    .sep = " · ",
    .comma = "，",
    .lparen = "（",
    .rparen = "）",
    .mode_assessment_hint = "限时作答，结束前没有提示，计入上岗认证。",
    .continue_btn = "继续",
    .settings = "设置（F2）",
    .help_btn = "按键（F1）",
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
    .signed_in_as = "%s（%s）%s",
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
    .coach = "教练",
    .you = "你",
    .decision_n = "第 %d 次决策",
    .seconds_left = "%d 秒",
    .mentor_paused = "导师暂停了计时",
    .paused = "已暂停",
    .paused_hint = "暂停期间通话内容已隐藏。按 Esc 或回车继续。",
    .resume = "继续通话",
    .leave_call = "退出通话",
    .leave_title = "要退出这次通话吗？",
    .leave_info = "通话会保留在列表最上方：可以从退出处继续，也可以在那里放弃。退出的考核会被记录为“中途退出”。",
    .leave_quit_info = "窗口将关闭，这次通话记录为“放弃”。若想稍后继续，请改用“退出通话”，再从列表中继续。",
    .leave_stay = "留在通话中",
    .leave_close = "退出并关闭窗口",
    .parked_title = "你退出了一次通话",
    .parked_info = "%s · %s · 已完成 %d 次决策。可以从退出处继续（计时保持退出时的剩余时间），也可以放弃。",
    .parked_resume = "继续通话",
    .parked_discard = "放弃",
    .continue_hint = "继续（回车）",
    .feedback_title = "教练提示",
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
    .coach_says = "教练提示：",
    .try_again = "再练一次",
    .back_to_list = "返回场景列表",
    .outcome_pass = "结局：成功",
    .outcome_fail = "结局：失败",
    .outcome_neutral = "结局：中性",
    .na = "不适用",
    .timeout_taken = "（超时未答）",
    .not_recorded = "本次练习不会被记录：%s",
    .server_away = "记录服务器暂时无法连接，先记录在本机；服务器恢复后，下次启动时并入（%s）",
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
    .critical_failed = "未通过：严重错误",
    .critical_mark = "严重错误",
    .why_best = "理由：",
    .techniques = "技巧：",
    .lesson = "这个结局的要点",
    .meters_course = "通话中客户的变化",
    .meters_later = "考核中，指标在复盘时显示。",
    .may_differ = "考核的通话可能与练习的不同：可能是另一版本，回答的顺序也会不同。",
    .practise_next = "下一步练习",
    .practise_next_why = "你最近 %d 次尝试中最弱的能力：%s，得分率 %d%%。最能练这项能力的情景：",
    .practise_next_open = "去练习",
    .mentor_comments = "导师点评",
    .mentor_before = "第一个决策之前",
    .mentor_after_decision = "第 %d 个决策之后",
    .mentor_after_call = "通话结束后",
    .open_review = "打开案例回顾",
    .past_debrief = "%s 的复盘",
    .back_to_history = "返回历史记录",
    .history_attempts = "你的各次尝试",
    .history_open_hint = "点击图上的点或下面的某次尝试（或在其上按回车），打开那次的复盘。",
    .review_failed = "无法打开案例回顾：%s",
    .practise_next_why_one = "你上一次尝试中最弱的能力：%s，得分率 %d%%。最能练这项能力的情景：",
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
    return ui_strings_word(s, UI_WORD_MOOD, mood);
}

/* ---- words a scenario uses as ids: more moods, tags, techniques ----
 * Each row: the id as scenario files write it, then Chinese, then English (NULL: the id itself
 * reads as English). An id not listed here is shown as written. */

typedef struct {
    const char *id, *zh, *en;
} UiWord;

static const UiWord MOODS[] = {
    {"hung_up", "已挂断", "hung up"},   {"cold", "冷淡", NULL},          {"disappointed", "失望", NULL},
    {"interested", "感兴趣", NULL},     {"impatient", "不耐烦", NULL},   {"furious", "暴怒", NULL},
    {"doubtful", "怀疑", NULL},         {"anxious", "焦虑", NULL},       {"sad", "难过", NULL},
    {"confused", "困惑", NULL},         {"happy", "高兴", NULL},
};

static const UiWord TAGS[] = {
    {"angry-customer", "愤怒客户", NULL},     {"blameless", "不追责复盘", NULL},     {"budget", "预算", NULL},
    {"callback", "回电", NULL},               {"case-review", "案例复盘", NULL},     {"catering", "餐饮", NULL},
    {"champion", "内部支持者", NULL},         {"closing", "促成", NULL},             {"coaching", "辅导", NULL},
    {"cold-call", "陌生电话", NULL},          {"competition", "竞争", NULL},         {"competitor", "竞争对手", NULL},
    {"compliance", "合规", NULL},             {"customer-story", "客户案例", NULL},  {"delivery", "交付", NULL},
    {"double-11", "双11", NULL},              {"e-commerce", "电商", NULL},          {"education", "教育", NULL},
    {"empathy", "同理心", NULL},              {"escalation", "升级处理", NULL},      {"finance", "财务", NULL},
    {"fitness", "健身", NULL},                {"funnel", "销售漏斗", NULL},          {"furniture", "家具", NULL},
    {"give-get", "有给有取", NULL},           {"goal-setting", "目标设定", NULL},    {"healthcare", "医疗", NULL},
    {"inbound", "客户来电", NULL},            {"incentive", "激励", NULL},           {"industrial", "工业", NULL},
    {"industry-insight", "行业洞察", NULL},   {"key-account", "大客户", NULL},       {"land-and-expand", "先落地再扩展", NULL},
    {"leadership", "领导力", NULL},           {"legitimate-urgency", "真实的紧迫感", NULL},
    {"logistics", "物流", NULL},              {"manager", "管理者", NULL},           {"manufacturing", "制造业", NULL},
    {"meeting", "会议", NULL},                {"motivation", "动力", NULL},          {"needs-discovery", "需求挖掘", NULL},
    {"negotiation", "谈判", NULL},            {"new-market", "新市场", NULL},        {"objection-handling", "异议处理", NULL},
    {"one-to-one", "一对一面谈", NULL},       {"payment-collection", "回款", NULL},  {"pharmacy", "药店", NULL},
    {"phasing", "分期实施", NULL},            {"phone", "电话", NULL},               {"pipeline", "商机管道", NULL},
    {"policy", "政策", NULL},                 {"price", "价格", NULL},               {"privacy", "隐私", NULL},
    {"public-procurement", "公共采购", NULL}, {"restaurants", "餐厅", NULL},         {"retail", "零售", NULL},
    {"retention", "客户留存", NULL},          {"stakeholders", "利益相关方", NULL},  {"strategy", "战略", NULL},
    {"team", "团队", NULL},                   {"team-meeting", "团队会议", NULL},    {"upsell", "追加销售", NULL},
    {"value-pitch", "价值陈述", NULL},        {"video-call", "视频通话", NULL},
};

static const UiWord TECHNIQUES[] = {
    {"GROW:goal", "GROW：目标", NULL},            {"GROW:options", "GROW：方案", NULL},
    {"GROW:reality", "GROW：现状", NULL},         {"GROW:will", "GROW：行动", NULL},
    {"LAER:acknowledge", "LAER：确认", NULL},     {"LAER:explore", "LAER：探询", NULL},
    {"LAER:listen", "LAER：倾听", NULL},          {"LAER:respond", "LAER：回应", NULL},
    {"SPIN:implication", "SPIN：暗示问题", NULL}, {"SPIN:need-payoff", "SPIN：需求效益问题", NULL},
    {"SPIN:problem", "SPIN：难点问题", NULL},     {"SPIN:situation", "SPIN：背景问题", NULL},
    {"agenda-setting", "设定议程", NULL},         {"argue", "与客户争辩", NULL},
    {"blame-review", "追责式复盘", NULL},         {"blame-shift", "推卸责任", NULL},
    {"blameless-review", "不追责复盘", NULL},     {"bribe", "贿赂", NULL},
    {"bypass-champion", "绕过支持者", NULL},      {"concrete-commitment", "具体承诺", NULL},
    {"consent-first", "先征得同意", NULL},        {"customer-story", "客户案例", NULL},
    {"data-misuse", "滥用数据", NULL},            {"discount-first", "先给折扣", NULL},
    {"disparage", "贬低对手", NULL},              {"escalate-properly", "按规定升级", NULL},
    {"false-promise", "虚假承诺", NULL},          {"false-urgency", "虚假的紧迫感", NULL},
    {"feature-dump", "堆砌功能", NULL},           {"feel-felt-found", "感受—同感—发现", NULL},
    {"give-get", "有给有取", NULL},               {"give-up", "轻易放弃", NULL},
    {"honest-gap", "坦承差距", NULL},             {"incentive-design", "激励设计", NULL},
    {"land-and-expand", "先落地再扩展", NULL},    {"lecture", "说教", NULL},
    {"legitimate-urgency", "真实的紧迫感", NULL}, {"lie", "说谎", NULL},
    {"next-step-close", "约定下一步", NULL},      {"own-it", "承担责任", NULL},
    {"passive-close", "被动收尾", NULL},          {"premature-pitch", "过早推销", NULL},
    {"pressure-close", "施压成交", NULL},         {"reframe", "换个角度", NULL},
    {"rescue", "替对方解决", NULL},               {"rule-breach", "违反规定", NULL},
    {"strategy-decoding", "战略解码", NULL},      {"success-criteria", "成功标准", NULL},
    {"summarise-confirm", "总结确认", NULL},      {"unverified-claim", "未经证实的说法", NULL},
    {"vague-promise", "含糊承诺", NULL},          {"value-quantify", "量化价值", NULL},
    {"vanity-metric", "虚荣指标", NULL},
};

const char *ui_strings_word(const UiStrings *s, UiWordKind kind, const char *id)
{
    static const struct {
        const UiWord *rows;
        size_t n;
    } lists[] = {
        [UI_WORD_MOOD] = {MOODS, sizeof MOODS / sizeof MOODS[0]},
        [UI_WORD_TAG] = {TAGS, sizeof TAGS / sizeof TAGS[0]},
        [UI_WORD_TECHNIQUE] = {TECHNIQUES, sizeof TECHNIQUES / sizeof TECHNIQUES[0]},
    };
    if (!id)
        return "";
    for (size_t i = 0; i < lists[kind].n; i++) {
        const UiWord *w = &lists[kind].rows[i];
        if (!strcmp(w->id, id))
            return !strcmp(s->lang, "zh") ? w->zh : w->en ? w->en : w->id;
    }
    return id;
}
