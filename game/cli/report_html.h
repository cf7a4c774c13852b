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
} ReportHtmlOptions;

/* Writes the page. 0, or -1 when the output could not be written. */
int report_html_write(FILE *out, const Dashboard *dash, const DashboardData *data,
                      const ReportHtmlOptions *opt);

/* What `records report --format html` asks for. */
typedef struct {
    const char *locale, *team, *scenarios_dir;
    int64_t since_unix_ms;   /* INT64_MIN: all records */
    int amber_margin;
} ReportHtmlRequest;

/* Gathers the records of db and the scenario library, and writes the page to out. 0, or -1
 * (err set). */
int report_html_make(Records *db, const ReportHtmlRequest *rq, FILE *out, char *err,
                     size_t errsize);

#endif
