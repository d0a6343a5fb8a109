// CPNG: the bridge to libpng. setjmp/longjmp error handling stays inside C; Swift sees
// plain functions that return a status and a message.
#ifndef CPNG_H
#define CPNG_H
#include <stddef.h>

/// A decoded PNG: 8-bit straight RGBA, width*height*4 bytes, rows top to bottom.
typedef struct cpng_image {
    unsigned char *pixels;
    unsigned int width;
    unsigned int height;
    char error[200];
} cpng_image;

/// Decodes a whole PNG file held in memory (every colour type and bit depth, palette with
/// tRNS, Adam7 interlace) into RGBA. Returns 0 on success; otherwise non-zero with a
/// message in out->error and no pixels. Images wider or taller than max_side, or with
/// more than max_pixels pixels, are refused before any pixel memory is allocated.
int cpng_decode(const unsigned char *data, size_t size, unsigned int max_side, size_t max_pixels,
                cpng_image *out);

/// Frees the pixels of a successfully decoded image.
void cpng_free(cpng_image *image);

/// The libpng version in use, e.g. 10639.
int cpng_version_number(void);
#endif
