/* app_rec: the record of the window's attempt while a shared records server comes and goes.
 *
 * Every step is stored the moment it is taken (app_rec_sync). When the server is out of reach
 * the steps stay in the Play, the banner says they are kept, and they are stored at the next
 * step or try (every few seconds, app_rec_tick), reconnecting; the banner then says the server
 * is back. An attempt that ends while the server is away is held, with its Play, and closed
 * when the server answers (or at the window's close, a last try). A call begun while the
 * server is away is recorded in the station's own file; its attempts join the shared store
 * when a later call finds the server again (docs/records.md, "When the server is away"). */
#ifndef SPARRING_APP_REC_H
#define SPARRING_APP_REC_H

#include "app_state.h"

/* Begins recording a->play (a->rec, a->attempt_id; a message on the banner when it cannot). */
void app_rec_begin(UiApp *a, const AttemptMeta *meta);
/* Stores every step of a->play not yet stored. */
void app_sync_attempt(UiApp *a);
/* Closes a->rec (completed, or abandoned when the play is not over): held, taking a->play,
 * when the server is away. */
void app_rec_end(UiApp *a);
/* From the loop: renews the lease, retries what waits for the server when due. */
void app_rec_tick(UiApp *a);
/* Scenario sc is about to be freed (a hot reload): a held attempt of it gets its last try. */
void app_rec_scenario_gone(UiApp *a, const Scenario *sc);
/* At the window's close: a last try for a held attempt; the station's own file closed. */
void app_rec_free(UiApp *a);

#endif
