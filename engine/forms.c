/* forms: which parallel form an assessment draws (forms.h). */
#include "forms.h"

#include "play.h"

int forms_draw(int nforms, const int *practised, int last, uint64_t seed)
{
    if (nforms < 1)
        return -1;
    if (nforms == 1)
        return 0;
    int least = -1, ties = 0;
    for (int i = 0; i < nforms; i++) {
        if (i == last)
            continue;
        if (least < 0 || practised[i] < practised[least]) {
            least = i;
            ties = 1;
        } else if (practised[i] == practised[least]) {
            ties++;
        }
    }
    uint64_t state = seed;
    double u = (double)(play_splitmix64(&state) >> 11) * 0x1.0p-53;
    int k = (int)(u * ties); /* 0 .. ties - 1 */
    if (k >= ties)
        k = ties - 1;
    for (int i = 0; i < nforms; i++) {
        if (i == last || practised[i] != practised[least])
            continue;
        if (k-- == 0)
            return i;
    }
    return least; /* not reached */
}
