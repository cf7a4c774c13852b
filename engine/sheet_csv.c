/* sheet_csv: reading and writing CSV cells (RFC 4180), as Excel and WPS write them. */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scenario.h"
#include "sheet.h"
#include "sheet_internal.h"

void sheet_buf_cell(TextBuf *b, const char *s, bool guard)
{
    if (!s)
        s = "";
    bool quote = strpbrk(s, ",\"\r\n;\t") != NULL;
    if (quote)
        textbuf_add(b, "\"", 1);
    if (guard && s[0] && strchr("=+-@\t\r", s[0]))
        textbuf_add(b, "'", 1);
    for (const char *p = s; *p; p++) {
        if (*p == '"')
            textbuf_add(b, "\"", 1);
        textbuf_add(b, p, 1);
    }
    if (quote)
        textbuf_add(b, "\"", 1);
}

/* ---- parsing ---- */

typedef struct {
    const char *t;
    size_t len, i;
    char sep;
    const char *name;
    DiagList *diags;
    SheetTable *out;
    TextBuf cell;
    SheetRow row;
    int cap_cells, cap_rows;
    bool oom;
} Csv;

static int csv_error(Csv *c, int col, const char *fmt, const char *arg)
{
    diag_add(c->diags, DIAG_ERROR, c->name, c->out->nrows + 1, col, "", fmt, arg);
    return -1;
}

/* The length of the valid UTF-8 sequence at s (n bytes left), or 0 when it is not one. */
static size_t utf8_len(const unsigned char *s, size_t n)
{
    if (s[0] < 0x80)
        return 1;
    size_t k = s[0] >= 0xf0 && s[0] <= 0xf4 ? 4 : s[0] >= 0xe0 ? 3 : s[0] >= 0xc2 && s[0] < 0xe0 ? 2 : 0;
    if (!k || k > n)
        return 0;
    for (size_t j = 1; j < k; j++)
        if ((s[j] & 0xc0) != 0x80)
            return 0;
    uint32_t cp = k == 2 ? (s[0] & 0x1fu) : k == 3 ? (s[0] & 0x0fu) : (s[0] & 0x07u);
    for (size_t j = 1; j < k; j++)
        cp = (cp << 6) | (s[j] & 0x3fu);
    if ((k == 3 && cp < 0x800) || (k == 4 && (cp < 0x10000 || cp > 0x10ffff)) || (cp >= 0xd800 && cp <= 0xdfff))
        return 0;
    return k;
}

static int check_cell(Csv *c, int col)
{
    const unsigned char *s = (const unsigned char *)c->cell.s;
    for (size_t i = 0; i < c->cell.len;) {
        if (s[i] == 0)
            return csv_error(c, col, "this cell holds a NUL byte; a sheet is text%s", "");
        size_t k = utf8_len(s + i, c->cell.len - i);
        if (!k)
            return csv_error(c, col,
                             "this cell is not UTF-8 text. Save the sheet as \"CSV UTF-8\" (Excel: File > Save As > "
                             "CSV UTF-8 (Comma delimited); WPS: CSV, encoding UTF-8)%s; plain \"CSV\" on a Chinese "
                             "Windows saves GBK",
                             "");
        i += k;
    }
    return 0;
}

static int end_cell(Csv *c)
{
    if (c->row.ncells >= SHEET_MAX_COLUMNS)
        return csv_error(c, c->row.ncells + 1, "more than %s columns in one row", "512");
    if (check_cell(c, c->row.ncells + 1) < 0)
        return -1;
    if (c->row.ncells == c->cap_cells) {
        int cap = c->cap_cells ? c->cap_cells * 2 : 16;
        char **p = realloc(c->row.cells, (size_t)cap * sizeof *p);
        if (!p)
            return c->oom = true, -1;
        c->row.cells = p;
        c->cap_cells = cap;
    }
    char *s = strdup(c->cell.s ? c->cell.s : "");
    if (!s || c->cell.failed)
        return free(s), c->oom = true, -1;
    c->row.cells[c->row.ncells++] = s;
    c->cell.len = 0;
    if (c->cell.s)
        c->cell.s[0] = '\0';
    return 0;
}

static int end_row(Csv *c)
{
    if (c->out->nrows >= SHEET_MAX_ROWS)
        return csv_error(c, 1, "more than %s rows", "200000");
    if (c->out->nrows == c->cap_rows) {
        int cap = c->cap_rows ? c->cap_rows * 2 : 64;
        SheetRow *p = realloc(c->out->rows, (size_t)cap * sizeof *p);
        if (!p)
            return c->oom = true, -1;
        c->out->rows = p;
        c->cap_rows = cap;
    }
    c->out->rows[c->out->nrows++] = c->row;
    c->row = (SheetRow){0};
    c->cap_cells = 0;
    return 0;
}

/* The separator: ',' unless the first line has none and has ';' or a tab (Excel in locales
 * whose decimal mark is a comma saves with ';'). */
static char guess_separator(const char *t, size_t len)
{
    bool quoted = false, semi = false, tab = false;
    for (size_t i = 0; i < len; i++) {
        if (t[i] == '"')
            quoted = !quoted;
        else if (!quoted && (t[i] == '\n' || t[i] == '\r'))
            break;
        else if (!quoted && t[i] == ',')
            return ',';
        else if (!quoted)
            semi |= t[i] == ';', tab |= t[i] == '\t';
    }
    return semi ? ';' : tab ? '\t' : ',';
}

/* A quoted cell from the opening quote at c->i; leaves c->i after the closing quote. */
static int quoted_cell(Csv *c)
{
    c->i++;
    for (;;) {
        if (c->i >= c->len)
            return csv_error(c, c->row.ncells + 1,
                             "this cell opens with a quote (\") that is never closed%s; close it, or double the "
                             "quotes inside the cell (\"\")",
                             "");
        char ch = c->t[c->i++];
        if (ch == '"') {
            if (c->i < c->len && c->t[c->i] == '"') {
                textbuf_add(&c->cell, "\"", 1);
                c->i++;
                continue;
            }
            break;
        }
        textbuf_add(&c->cell, &ch, 1);
    }
    if (c->i < c->len && c->t[c->i] != c->sep && c->t[c->i] != '\r' && c->t[c->i] != '\n')
        return csv_error(c, c->row.ncells + 1,
                         "text follows the closing quote of this cell%s; inside a quoted cell, write a quote "
                         "as two (\"\")",
                         "");
    return 0;
}

static int parse(Csv *c)
{
    bool row_open = false;
    while (c->i < c->len) {
        char ch = c->t[c->i];
        if (ch == '"' && c->cell.len == 0) {
            if (quoted_cell(c) < 0)
                return -1;
            row_open = true;
            continue;
        }
        if (ch == c->sep) {
            if (end_cell(c) < 0)
                return -1;
            c->i++;
            row_open = true;
        } else if (ch == '\r' || ch == '\n') {
            if (end_cell(c) < 0 || end_row(c) < 0)
                return -1;
            c->i += ch == '\r' && c->i + 1 < c->len && c->t[c->i + 1] == '\n' ? 2 : 1;
            row_open = false;
        } else {
            textbuf_add(&c->cell, &ch, 1);
            c->i++;
            row_open = true;
        }
        if (c->cell.failed)
            return c->oom = true, -1;
    }
    if (row_open && (end_cell(c) < 0 || end_row(c) < 0))
        return -1;
    return 0;
}

void sheet_table_free(SheetTable *t)
{
    for (int r = 0; r < t->nrows; r++) {
        for (int k = 0; k < t->rows[r].ncells; k++)
            free(t->rows[r].cells[k]);
        free(t->rows[r].cells);
    }
    free(t->rows);
    memset(t, 0, sizeof *t);
}

int sheet_csv_parse(const char *text, size_t len, const char *name, SheetTable *out, DiagList *diags)
{
    memset(out, 0, sizeof *out);
    if (len > SC_MAX_FILE_BYTES) {
        diag_add(diags, DIAG_ERROR, name, 0, 0, "", "the sheet is %zu bytes; the limit is 16 MiB", len);
        return -1;
    }
    if (len >= 3 && !memcmp(text, "\xef\xbb\xbf", 3))
        text += 3, len -= 3;
    Csv c = {.t = text, .len = len, .name = name, .diags = diags, .out = out};
    c.sep = guess_separator(text, len);
    int rc = parse(&c);
    for (int k = 0; k < c.row.ncells; k++)
        free(c.row.cells[k]);
    free(c.row.cells);
    free(c.cell.s);
    if (rc < 0)
        sheet_table_free(out);
    return rc;
}
