/* Audio files through libsndfile: decode (file or memory) to a mono float clip, encode a clip
 * to memory or to a file. See audio_file.h. */
#include "audio_file.h"

#include <math.h>
#include <stdint.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <sndfile.h>

static void say(char *err, size_t n, const char *fmt, ...)
{
    if (!err || n == 0)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, n, fmt, ap);
    va_end(ap);
}

/* ---- bytes in memory as a libsndfile virtual file ------------------------------------- */

typedef struct {
    unsigned char *data; /* writable buffer when writing; the caller's bytes when reading */
    sf_count_t len;      /* bytes in the file */
    sf_count_t cap;      /* allocated (writing only) */
    sf_count_t pos;
    int writable;
    int oom;
} MemFile;

static sf_count_t mem_len(void *user)
{
    return ((MemFile *)user)->len;
}

static sf_count_t mem_seek(sf_count_t offset, int whence, void *user)
{
    MemFile *m = user;
    sf_count_t base = whence == SEEK_SET ? 0 : whence == SEEK_CUR ? m->pos : m->len;
    if (offset > 0 && base > INT64_MAX - offset)
        return -1;
    sf_count_t to = base + offset;
    if (to < 0)
        return -1;
    m->pos = to;
    return to;
}

static sf_count_t mem_read(void *ptr, sf_count_t count, void *user)
{
    MemFile *m = user;
    if (count <= 0 || m->pos >= m->len)
        return 0;
    sf_count_t avail = m->len - m->pos;
    if (count > avail)
        count = avail;
    memcpy(ptr, m->data + m->pos, (size_t)count);
    m->pos += count;
    return count;
}

static sf_count_t mem_write(const void *ptr, sf_count_t count, void *user)
{
    MemFile *m = user;
    if (!m->writable || count < 0 || m->oom)
        return 0;
    sf_count_t end = m->pos + count;
    if (end > m->cap) {
        sf_count_t cap = m->cap ? m->cap : 65536;
        while (cap < end)
            cap *= 2;
        unsigned char *p = realloc(m->data, (size_t)cap);
        if (!p) {
            m->oom = 1;
            return 0;
        }
        m->data = p;
        m->cap = cap;
    }
    if (m->pos > m->len) /* a seek past the end leaves zeros */
        memset(m->data + m->len, 0, (size_t)(m->pos - m->len));
    memcpy(m->data + m->pos, ptr, (size_t)count);
    m->pos = end;
    if (end > m->len)
        m->len = end;
    return count;
}

static sf_count_t mem_tell(void *user)
{
    return ((MemFile *)user)->pos;
}

static SF_VIRTUAL_IO mem_io = {mem_len, mem_seek, mem_read, mem_write, mem_tell};

/* ---- decoding -------------------------------------------------------------------------- */

/* Reads every frame of an open file, mixing its channels down to one. */
static int read_all(SNDFILE *sf, const SF_INFO *info, AudioClip *out, char *err, size_t n)
{
    if (info->channels <= 0 || info->channels > 64 || info->samplerate <= 0 ||
        info->samplerate > 384000) {
        say(err, n, "unsupported audio: %d channels at %d Hz", info->channels, info->samplerate);
        return -1;
    }
    enum { CHUNK = 4096 };
    size_t ch = (size_t)info->channels;
    float *buf = malloc(CHUNK * ch * sizeof *buf);
    size_t cap = 0, frames = 0;
    float *pcm = NULL;
    if (!buf) {
        say(err, n, "out of memory");
        return -1;
    }
    for (;;) {
        sf_count_t got = sf_readf_float(sf, buf, CHUNK);
        if (got <= 0)
            break;
        if (frames + (size_t)got > AUDIO_CLIP_MAX_FRAMES) {
            say(err, n, "audio too long (over %zu frames)", AUDIO_CLIP_MAX_FRAMES);
            goto fail;
        }
        if (frames + (size_t)got > cap) {
            size_t ncap = cap ? cap * 2 : 65536;
            while (ncap < frames + (size_t)got)
                ncap *= 2;
            float *p = realloc(pcm, ncap * sizeof *p);
            if (!p) {
                say(err, n, "out of memory");
                goto fail;
            }
            pcm = p;
            cap = ncap;
        }
        for (sf_count_t i = 0; i < got; i++) {
            double sum = 0;
            for (size_t c = 0; c < ch; c++)
                sum += buf[(size_t)i * ch + c];
            float v = (float)(sum / (double)ch);
            if (!(v == v)) /* NaN in a float file */
                v = 0;
            pcm[frames + (size_t)i] = v > 1.0f ? 1.0f : v < -1.0f ? -1.0f : v;
        }
        frames += (size_t)got;
    }
    if (sf_error(sf) != SF_ERR_NO_ERROR && frames == 0) {
        say(err, n, "cannot decode audio: %s", sf_strerror(sf));
        goto fail;
    }
    free(buf);
    out->pcm = pcm;
    out->frames = frames;
    out->rate = info->samplerate;
    return 0;
fail:
    free(buf);
    free(pcm);
    return -1;
}

int audio_clip_load(const char *path, AudioClip *out, char *err, size_t errsize)
{
    memset(out, 0, sizeof *out);
    SF_INFO info;
    memset(&info, 0, sizeof info);
    SNDFILE *sf = sf_open(path, SFM_READ, &info);
    if (!sf) {
        say(err, errsize, "%s: %s", path, sf_strerror(NULL));
        return -1;
    }
    char why[200] = "";
    int rc = read_all(sf, &info, out, why, sizeof why);
    sf_close(sf);
    if (rc != 0)
        say(err, errsize, "%s: %s", path, why);
    return rc;
}

int audio_clip_decode(const void *bytes, size_t size, AudioClip *out, char *err, size_t errsize)
{
    memset(out, 0, sizeof *out);
    if (!bytes || size == 0) {
        say(err, errsize, "no audio data");
        return -1;
    }
    MemFile m = {(unsigned char *)bytes, (sf_count_t)size, 0, 0, 0, 0};
    SF_INFO info;
    memset(&info, 0, sizeof info);
    SNDFILE *sf = sf_open_virtual(&mem_io, SFM_READ, &info, &m);
    if (!sf) {
        say(err, errsize, "not audio that can be read (%s)", sf_strerror(NULL));
        return -1;
    }
    int rc = read_all(sf, &info, out, err, errsize);
    sf_close(sf);
    return rc;
}

/* ---- encoding -------------------------------------------------------------------------- */

/* libsndfile's format for a name ("flac", "wav", "ogg", "opus"), or 0. */
static int format_of(const char *name)
{
    if (!name)
        return 0;
    if (!strcasecmp(name, "flac"))
        return SF_FORMAT_FLAC | SF_FORMAT_PCM_16;
    if (!strcasecmp(name, "wav"))
        return SF_FORMAT_WAV | SF_FORMAT_PCM_16;
    if (!strcasecmp(name, "ogg") || !strcasecmp(name, "vorbis"))
        return SF_FORMAT_OGG | SF_FORMAT_VORBIS;
#ifdef SF_FORMAT_OPUS
    if (!strcasecmp(name, "opus"))
        return SF_FORMAT_OGG | SF_FORMAT_OPUS;
#endif
    return 0;
}

static int open_for_writing(const AudioClip *c, const char *format, SF_INFO *info, char *err,
                            size_t n)
{
    memset(info, 0, sizeof *info);
    info->format = format_of(format);
    info->channels = 1;
    info->samplerate = c->rate;
    if (!info->format) {
        say(err, n, "unknown audio format \"%s\" (flac, wav, ogg, opus)", format ? format : "");
        return -1;
    }
    if (c->rate <= 0 || (c->frames > 0 && !c->pcm)) {
        say(err, n, "no audio to write");
        return -1;
    }
    if (!sf_format_check(info)) {
        say(err, n, "this libsndfile cannot write %s at %d Hz", format, c->rate);
        return -1;
    }
    return 0;
}

/* Writes every sample, then closes. */
static int write_all(SNDFILE *sf, const AudioClip *c, char *err, size_t n)
{
    /* clip rather than wrap when a float sample is out of range */
    sf_command(sf, SFC_SET_CLIPPING, NULL, SF_TRUE);
    sf_count_t wrote = c->frames ? sf_writef_float(sf, c->pcm, (sf_count_t)c->frames) : 0;
    int bad = wrote != (sf_count_t)c->frames;
    if (bad)
        say(err, n, "cannot encode audio: %s", sf_strerror(sf));
    if (sf_close(sf) != 0 && !bad) {
        say(err, n, "cannot finish the audio file");
        bad = 1;
    }
    return bad ? -1 : 0;
}

int audio_clip_encode(const AudioClip *c, const char *format, unsigned char **bytes,
                      size_t *size, char *err, size_t errsize)
{
    *bytes = NULL;
    *size = 0;
    SF_INFO info;
    if (open_for_writing(c, format, &info, err, errsize) != 0)
        return -1;
    MemFile m = {NULL, 0, 0, 0, 1, 0};
    SNDFILE *sf = sf_open_virtual(&mem_io, SFM_WRITE, &info, &m);
    if (!sf) {
        say(err, errsize, "cannot encode %s: %s", format, sf_strerror(NULL));
        free(m.data);
        return -1;
    }
    if (write_all(sf, c, err, errsize) != 0 || m.oom) {
        if (m.oom)
            say(err, errsize, "out of memory");
        free(m.data);
        return -1;
    }
    *bytes = m.data;
    *size = (size_t)m.len;
    return 0;
}

int audio_clip_save(const AudioClip *c, const char *path, char *err, size_t errsize)
{
    const char *dot = strrchr(path, '.');
    const char *slash = strrchr(path, '/');
    if (!dot || (slash && dot < slash) || !format_of(dot + 1)) {
        say(err, errsize, "%s: the name must end in .wav, .flac, .ogg or .opus", path);
        return -1;
    }
    SF_INFO info;
    char why[200] = "";
    if (open_for_writing(c, dot + 1, &info, why, sizeof why) != 0) {
        say(err, errsize, "%s: %s", path, why);
        return -1;
    }
    size_t len = strlen(path);
    char *tmp = malloc(len + 16);
    if (!tmp) {
        say(err, errsize, "out of memory");
        return -1;
    }
    snprintf(tmp, len + 16, "%s.tmp%ld", path, (long)getpid());
    SNDFILE *sf = sf_open(tmp, SFM_WRITE, &info);
    if (!sf) {
        say(err, errsize, "%s: %s", path, sf_strerror(NULL));
        free(tmp);
        return -1;
    }
    int rc = write_all(sf, c, why, sizeof why);
    if (rc == 0 && rename(tmp, path) != 0) {
        snprintf(why, sizeof why, "cannot rename the finished file into place");
        rc = -1;
    }
    if (rc != 0) {
        say(err, errsize, "%s: %s", path, why);
        unlink(tmp);
    }
    free(tmp);
    return rc;
}

void audio_clip_free(AudioClip *c)
{
    if (!c)
        return;
    free(c->pcm);
    memset(c, 0, sizeof *c);
}

double audio_clip_seconds(const AudioClip *c)
{
    return c && c->rate > 0 ? (double)c->frames / c->rate : 0.0;
}

double audio_clip_level_dbfs(const AudioClip *c)
{
    if (!c || !c->pcm || c->frames == 0)
        return -120.0;
    double sum = 0;
    for (size_t i = 0; i < c->frames; i++)
        sum += (double)c->pcm[i] * c->pcm[i];
    double rms = sqrt(sum / (double)c->frames);
    double db = rms > 0 ? 20.0 * log10(rms) : -120.0;
    return db < -120.0 ? -120.0 : db;
}
