// CPNGWrite: PNG encode/decode in memory through libpng, for screenshots (issue 8).
// libpng reports errors by longjmp; the setjmp stays in these C functions, so Swift only
// ever sees a return code and a message.
#ifndef CPNGWRITE_H
#define CPNGWRITE_H
#include <stddef.h>
#include <stdint.h>

/// Encodes `height` rows of `width` RGBA pixels (8 bits per channel, rows `width * 4`
/// bytes apart) as a PNG. On success returns 0 and sets *out (free with cpngw_free) and
/// *out_len; on failure returns -1 and writes a message into err (err_len bytes).
int cpngw_encode_rgba(const uint8_t *rgba, uint32_t width, uint32_t height,
                      uint8_t **out, size_t *out_len, char *err, size_t err_len);

/// Decodes a PNG held in memory into RGBA (8 bits per channel, any input colour type).
/// Images over `max_pixels` pixels are refused. Same error convention as encoding.
int cpngw_decode_rgba(const uint8_t *png, size_t png_len, uint64_t max_pixels,
                      uint8_t **out, uint32_t *width, uint32_t *height, char *err, size_t err_len);

/// Frees a buffer returned by this module.
void cpngw_free(void *p);
#endif
