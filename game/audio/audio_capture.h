/* The microphone: mono float frames collected from the default input device.
 *
 * The main thread calls every function below except audio_capture_feed; none blocks. A
 * backend (PortAudio, or null for tests) delivers frames from its own thread through
 * audio_capture_feed() into a buffer allocated at audio_capture_start: no locks, no
 * allocation on that thread. See docs/sound.md ("The microphone"). */
#ifndef SPARRING_AUDIO_CAPTURE_H
#define SPARRING_AUDIO_CAPTURE_H

#include <stdbool.h>
#include <stddef.h>

typedef struct AudioCapture AudioCapture;

/* The longest take audio_capture_start accepts (seconds). */
#define AUDIO_CAPTURE_MAX_SECONDS 600.0

/* Opens the default input device at `rate` Hz (else its own rate, else 44.1 kHz; see
 * audio_capture_rate), mono, not yet recording. NULL with a one-line reason in err when there
 * is no input device, when it refuses the stream, or when SPARRING_AUDIO=none: never blocks,
 * and none of PortAudio's, ALSA's or JACK's own messages reach stderr. Free with
 * audio_capture_close. */
AudioCapture *audio_capture_open(int rate, char *err, size_t errsize);
/* The same with a backend named: "portaudio", "null" (no device: frames come only from
 * audio_capture_feed, which a test calls) or NULL (as audio_capture_open). */
AudioCapture *audio_capture_open_backend(const char *backend, int rate, char *err, size_t errsize);
/* Starts a take of at most max_seconds (0 < s <= AUDIO_CAPTURE_MAX_SECONDS): clears the
 * level and the clipping flag and collects frames until audio_capture_stop; frames past the
 * limit are dropped (audio_capture_full says so). 0, or -1 with a reason (already recording,
 * bad length, out of memory, the device refused to start). */
int audio_capture_start(AudioCapture *c, double max_seconds, char *err, size_t errsize);
/* Ends the take: the mono frames collected since audio_capture_start, in *pcm (malloc'd,
 * the caller frees; NULL when none or not recording). Returns their number. */
size_t audio_capture_stop(AudioCapture *c, float **pcm);
/* Monitoring: with on, the device runs between takes too and its level is measured, but no
 * sample is kept (a trainer sees the meter move before the first take); a take started meanwhile
 * collects as usual and monitoring goes on after it. Off stops the device when no take runs.
 * 0, or -1 with a reason (the device refused to start; monitoring is then off). */
int audio_capture_monitor(AudioCapture *c, bool on, char *err, size_t errsize);
/* Peak absolute value (0..1) of the last ~50 ms collected (between takes, while monitoring, of the
 * last ~50-100 ms heard); 0 when neither recording nor monitoring. */
float audio_capture_level(const AudioCapture *c);
/* 1 when a sample of this take reached full scale (|x| >= 0.99), else 0. */
int audio_capture_clipped(const AudioCapture *c);
/* Frames collected so far in this take, and whether it reached its max_seconds. */
size_t audio_capture_frames(const AudioCapture *c);
bool audio_capture_full(const AudioCapture *c);
bool audio_capture_recording(const AudioCapture *c);
/* The rate the device opened at (Hz). */
int audio_capture_rate(const AudioCapture *c);
/* "portaudio" or "null". */
const char *audio_capture_backend_name(const AudioCapture *c);
/* The input latency the backend reports (seconds; 0 for null). */
double audio_capture_latency(const AudioCapture *c);
/* Stops (dropping a take in progress) and frees; NULL is allowed. */
void audio_capture_close(AudioCapture *c);

/* The backend thread's function: appends mono frames to the take in progress (when not
 * recording only their level is kept, for monitoring; past the limit they are dropped). No locks, no allocation. With the null
 * backend a test calls it. Frames go in whole calls: the main thread never sees half a
 * call's frames. */
void audio_capture_feed(AudioCapture *c, const float *frames, size_t n);
/* The backend thread notes that the device lost input (an overflow: the program was too slow
 * to take it); audio_capture_overflows counts them since open, for the benchmark and
 * troubleshooting. */
void audio_capture_note_overflow(AudioCapture *c);
unsigned long audio_capture_overflows(const AudioCapture *c);

/* A capture backend, chosen at open. open() opens the device (not recording) and returns its
 * private state, or NULL with a reason; *rate is the rate wanted on entry and opened on
 * return; *latency the input latency. start() makes it feed frames through
 * audio_capture_feed(c, ...); stop() stops feeding (it returns only when no callback runs);
 * close() frees. Only audio_capture.c and the backend files use this. */
typedef struct {
    const char *name;
    void *(*open)(AudioCapture *c, int *rate, double *latency, char *err, size_t errsize);
    int (*start)(void *state, char *err, size_t errsize);
    void (*stop)(void *state);
    void (*close)(void *state);
} AudioCaptureBackend;

extern const AudioCaptureBackend audio_capture_portaudio; /* audio_portaudio.c */

#endif
