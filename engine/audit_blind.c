/* audit_blind: what the surface of the answers gives away. The surface statistics of the
 * decisions met, the classifier (logistic regression on surface features, trained on every
 * other file of the folder in the same locale: leave one out) and the blind strategies, each
 * played over the seeds in every locale. Among equals a strategy takes the answer shown first in
 * assessment's shuffled order. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "audit_internal.h"

#define TRAIN_ROUNDS 300
#define TRAIN_RATE 0.5
#define TRAIN_L2 0.001

typedef struct {
    int n;
    int choice[SC_MAX_CHOICES];
    AuditSurface s[SC_MAX_CHOICES];
    double x[SC_MAX_CHOICES][AUDIT_NFEAT];
} Offer;

/* The surface and features of the answers offered (mask) at node, in locale loc. */
static void read_offer(const AuditFile *f, int loc, int node, uint32_t mask, Offer *o)
{
    const ScNode *n = scenario_node(f->sc, node);
    const AuditSurface *surf = f->work->surfaces[loc] + f->work->first_choice[node];
    o->n = 0;
    double mean = 0;
    for (int c = 0; c < n->nchoices; c++) {
        if (!(mask & (1u << c)))
            continue;
        o->choice[o->n] = c;
        o->s[o->n] = surf[c];
        mean += o->s[o->n].length;
        o->n++;
    }
    mean = o->n ? mean / o->n : 1;
    for (int i = 0; i < o->n; i++) {
        int longer = 0, shorter = 0;
        for (int j = 0; j < o->n; j++) {
            longer += o->s[j].length > o->s[i].length;
            shorter += o->s[j].length < o->s[i].length;
        }
        double rel = mean > 0 ? o->s[i].length / mean - 1 : 0;
        double *x = o->x[i];
        x[0] = 1;
        x[1] = longer == 0;
        x[2] = o->n >= 3 && longer == 1;
        x[3] = shorter == 0;
        x[4] = rel > 3 ? 3 : rel;
        x[5] = o->s[i].ack;
        x[6] = o->s[i].question;
        x[7] = o->s[i].trap;
        x[8] = o->s[i].exclaim;
    }
}

static void count_decision(AuditLocale *L, const Offer *o, int best)
{
    if (o->n < 2)
        return;
    L->decisions++;
    L->decisions3 += o->n >= 3;
    for (int i = 0; i < o->n; i++) {
        const double *x = o->x[i];
        if (o->choice[i] == best) {
            L->best_longest += x[1] > 0;
            L->best_second += x[2] > 0;
            L->best_shortest += x[3] > 0;
            L->best_ack += o->s[i].ack;
            L->best_question += o->s[i].question;
            L->best_trap += o->s[i].trap;
        } else {
            L->others++;
            L->others_ack += o->s[i].ack;
            L->others_question += o->s[i].question;
            L->others_trap += o->s[i].trap;
        }
    }
}

/* The surface of every answer of the file, once (plays read them again and again). */
static int read_surfaces(AuditFile *f)
{
    AuditWork *wk = f->work;
    int nn = scenario_node_count(f->sc), total = 0;
    wk->first_choice = malloc((size_t)nn * sizeof *wk->first_choice);
    if (!wk->first_choice)
        return -1;
    for (int i = 0; i < nn; i++) {
        wk->first_choice[i] = total;
        total += scenario_node(f->sc, i)->nchoices;
    }
    for (int loc = 0; loc < f->nlocales; loc++) {
        AuditSurface *s = wk->surfaces[loc] = malloc((size_t)(total ? total : 1) * sizeof *s);
        if (!s)
            return -1;
        for (int i = 0; i < nn; i++) {
            const ScNode *n = scenario_node(f->sc, i);
            for (int c = 0; c < n->nchoices; c++)
                audit_surface(wk->words[loc], scenario_text(&n->choices[c].text, loc), &s[wk->first_choice[i] + c]);
        }
    }
    return 0;
}

int audit_surface_stats(AuditFile *f)
{
    AuditWork *wk = f->work;
    if (read_surfaces(f) < 0)
        return -1;
    for (int loc = 0; loc < f->nlocales; loc++) {
        AuditRows *R = &wk->rows[loc];
        int total = 0;
        for (int d = 0; d < wk->ndecisions; d++)
            total += __builtin_popcount(wk->decisions[d].offered);
        R->x = malloc((size_t)(total ? total : 1) * sizeof *R->x);
        R->y = malloc((size_t)(total ? total : 1));
        if (!R->x || !R->y)
            return -1;
        for (int d = 0; d < wk->ndecisions; d++) {
            const AuditDecision *dc = &wk->decisions[d];
            Offer o;
            read_offer(f, loc, dc->node, dc->offered, &o);
            count_decision(&f->locales[loc], &o, dc->best);
            if (o.n < 2)
                continue; /* nothing to choose: nothing to learn */
            for (int i = 0; i < o.n; i++) {
                memcpy(R->x[R->nrows], o.x[i], sizeof o.x[i]);
                R->y[R->nrows++] = o.choice[i] == dc->best;
            }
        }
    }
    return 0;
}

static double dot(const double *w, const double *x)
{
    double s = 0;
    for (int k = 0; k < AUDIT_NFEAT; k++)
        s += w[k] * x[k];
    return s;
}

/* Full-batch gradient descent on the log loss (with a little L2) over the given row sets. */
static void train(const AuditRows *const *sets, int nsets, double *w)
{
    long n = 0;
    for (int s = 0; s < nsets; s++)
        n += sets[s]->nrows;
    memset(w, 0, AUDIT_NFEAT * sizeof *w);
    if (!n)
        return;
    for (int round = 0; round < TRAIN_ROUNDS; round++) {
        double g[AUDIT_NFEAT] = {0};
        for (int s = 0; s < nsets; s++) {
            for (int r = 0; r < sets[s]->nrows; r++) {
                const double *x = sets[s]->x[r];
                double err = 1.0 / (1.0 + exp(-dot(w, x))) - sets[s]->y[r];
                for (int k = 0; k < AUDIT_NFEAT; k++)
                    g[k] += err * x[k];
            }
        }
        for (int k = 0; k < AUDIT_NFEAT; k++)
            w[k] -= TRAIN_RATE * (g[k] / (double)n + TRAIN_L2 * w[k]);
    }
}

void audit_train_file(AuditReport *r, int file)
{
    AuditFile *f = &r->files[file];
    if (!f->work)
        return;
    const AuditRows **sets = malloc((size_t)r->nfiles * sizeof *sets);
    if (!sets)
        return;
    for (int loc = 0; loc < f->nlocales; loc++) {
        int nsets = 0;
        for (int j = 0; j < r->nfiles; j++) {
            const AuditFile *o = &r->files[j];
            if (j == file || !o->work)
                continue;
            for (int l = 0; l < o->nlocales; l++)
                if (!strcmp(o->locales[l].code, f->locales[loc].code) && o->work->rows[l].nrows)
                    sets[nsets++] = &o->work->rows[l];
        }
        f->work->trained[loc] = nsets > 0;
        if (nsets)
            train(sets, nsets, f->work->weights[loc]);
    }
    free(sets);
}

/* The answer a strategy takes among those offered now: the best by its score, the first shown
 * among equals (the order shown is assessment's shuffle, from the seed). */
static int pick(const AuditFile *f, int loc, AuditStrategy st, const Play *p)
{
    Offer o;
    int shown[SC_MAX_CHOICES], k = play_shown(p, shown);
    int place[SC_MAX_CHOICES] = {0}; /* choice -> its place in the order shown */
    uint32_t mask = 0;
    for (int i = 0; i < k; i++) {
        mask |= 1u << shown[i];
        place[shown[i]] = i;
    }
    read_offer(f, loc, play_node(p), mask, &o);
    double score[SC_MAX_CHOICES];
    int order[SC_MAX_CHOICES]; /* insertion sort: highest score first, then first shown */
    for (int i = 0; i < o.n; i++) {
        const double *x = o.x[i];
        switch (st) {
        case AUDIT_SHORTEST: score[i] = -o.s[i].length; break;
        case AUDIT_RULE: score[i] = x[5] + x[6] - 2 * x[7]; break;
        case AUDIT_CLASSIFIER: score[i] = dot(f->work->weights[loc], x); break;
        default: score[i] = o.s[i].length; break;
        }
        int j = i;
        while (j > 0 && (score[order[j - 1]] < score[i] ||
                         (score[order[j - 1]] == score[i] && place[o.choice[order[j - 1]]] > place[o.choice[i]]))) {
            order[j] = order[j - 1];
            j--;
        }
        order[j] = i;
    }
    int at = st == AUDIT_SECOND_LONGEST && o.n >= 2 ? 1 : 0;
    return o.choice[order[at]];
}

/* One blind play; returns whether it passed (*choices: its answers, when asked for). */
static bool play_blind(const AuditFile *f, int loc, AuditStrategy st, uint64_t seed, char **choices)
{
    PlayOptions opts = {.timers = true, .time_multiplier = 1.0, .shuffle = true}; /* as assessed */
    Play *p = play_new(f->sc, seed, opts);
    if (!p)
        return false;
    for (int steps = 0; steps < AUDIT_MAX_STEPS; steps++) {
        PlayStatus s = play_status(p);
        if (s == PLAY_WAITING)
            play_continue(p, 0);
        else if (s == PLAY_CHOOSING)
            play_choose(p, pick(f, loc, st, p), 0);
        else
            break;
    }
    bool pass = audit_passes(p);
    if (pass && choices)
        *choices = audit_choices(p);
    play_free(p);
    return pass;
}

int audit_play_blind(AuditFile *f, const AuditOptions *o)
{
    for (int loc = 0; loc < f->nlocales; loc++) {
        AuditLocale *L = &f->locales[loc];
        for (int st = 0; st < AUDIT_NSTRATEGIES; st++) {
            if (st == AUDIT_CLASSIFIER && !f->work->trained[loc])
                continue;
            for (int s = 1; s <= o->seeds; s++) {
                char **ex = L->passes[st] ? NULL : &L->pass_choices[st];
                L->plays[st]++;
                if (play_blind(f, loc, (AuditStrategy)st, (uint64_t)s, ex)) {
                    if (!L->passes[st]++)
                        L->pass_seed[st] = (uint64_t)s;
                }
            }
        }
    }
    return 0;
}
