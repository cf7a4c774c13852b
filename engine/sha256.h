/* sha256: SHA-256 (FIPS 180-4) of a byte buffer, for the scenario fingerprint recorded with
 * every attempt. Internal to the engine. */
#ifndef SPARRING_SHA256_H
#define SPARRING_SHA256_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct {
    uint32_t h[8];
    uint64_t bytes;
    unsigned char buf[64];
    size_t nbuf;
} Sha256;

void sha256_init(Sha256 *c);
void sha256_update(Sha256 *c, const void *data, size_t len);
void sha256_final(Sha256 *c, unsigned char out[32]);
/* Tests set this to use the portable code even where the CPU has SHA instructions. */
extern bool sha256_portable_only;

/* The digest of data as 64 lowercase hex digits and a NUL. */
void sha256_hex(const void *data, size_t len, char out[65]);

#endif
