/* records report --format html: the training manager's page (one self-contained HTML file). */
#ifndef SPARRING_REPORT_HTML_H
#define SPARRING_REPORT_HTML_H

#include <stdint.h>
#include <stdio.h>

#include "dashboard.h"

typedef struct {
    const char *locale;      /* "zh" or "en" */
    const char *team;        /* NULL: every team */
    int64_t since_unix_ms;   /* INT64_MIN: all records */
    int64_t now_unix_ms;     /* the page's date and the end of "this week" */
    int amber_margin;        /* as the dashboard used it (said in the page) */
    const char *db;          /* the store, in the case review's commands; NULL: the default */
} ReportHtmlOptions;

/* Writes the page. 0, or -1 when the output could not be written. */
int report_html_write(FILE *out, const Dashboard *dash, const DashboardData *data,
                      const ReportHtmlOptions *opt);

/* Where the time of report_html_make went (bench_dashboard): seconds of wall clock and of this
 * thread's CPU per phase. The stream is records_each_attempt's own time (reading and joining the
 * rows), the gathering is the dashboard's (inside the stream's callback, and dashboard_data). */
enum { REPORT_LIBRARY, REPORT_STREAM, REPORT_GATHER, REPORT_WRITE, REPORT_PHASES };
typedef struct {
    double wall[REPORT_PHASES], cpu[REPORT_PHASES];
} ReportHtmlTimes;

/* What `records report --format html` asks for. */
typedef struct {
    const char *locale, *team, *scenarios_dir;
    int64_t since_unix_ms;   /* INT64_MIN: all records */
    int amber_margin;
    ReportHtmlTimes *times;  /* NULL, or filled in by report_html_make */
    const char *db;          /* the store as the commands in the page should name it; NULL: the
                              * default (none named) */
} ReportHtmlRequest;

/* The details the page reads of each attempt (records_each_attempt): its steps (replayed for the
 * best answers and the items), competencies and mentor events; never the decision rows. */
#define REPORT_HTML_DETAILS (RECORDS_EACH_COMPETENCIES | RECORDS_EACH_MENTOR | RECORDS_EACH_STEPS)

/* Gathers the records of db and the scenario library, and writes the page to out. 0, or -1
 * (err set). */
int report_html_make(Records *db, const ReportHtmlRequest *rq, FILE *out, char *err,
                     size_t errsize);

#endif
