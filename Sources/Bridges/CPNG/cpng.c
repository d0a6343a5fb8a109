#include "cpng.h"
#include <png.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    const unsigned char *data;
    size_t size;
    size_t pos;
    cpng_image *out;
} reader_state;

static void on_error(png_structp png, png_const_charp message) {
    reader_state *state = (reader_state *)png_get_error_ptr(png);
    snprintf(state->out->error, sizeof state->out->error, "%s", message ? message : "unknown libpng error");
    png_longjmp(png, 1);
}

static void on_warning(png_structp png, png_const_charp message) {
    (void)png;
    (void)message; /* warnings (e.g. a bad ancillary chunk, which libpng skips) are not fatal */
}

static void read_bytes(png_structp png, png_bytep dest, size_t length) {
    reader_state *state = (reader_state *)png_get_io_ptr(png);
    if (length > state->size - state->pos) {
        png_error(png, "truncated file (it ends in the middle of a chunk)");
    }
    memcpy(dest, state->data + state->pos, length);
    state->pos += length;
}

int cpng_version_number(void) { return (int)png_access_version_number(); }

void cpng_free(cpng_image *image) {
    free(image->pixels);
    image->pixels = NULL;
}

int cpng_decode(const unsigned char *data, size_t size, unsigned int max_side, size_t max_pixels,
                cpng_image *out) {
    memset(out, 0, sizeof *out);
    if (size < 8 || png_sig_cmp(data, 0, 8) != 0) {
        snprintf(out->error, sizeof out->error, "not a PNG file (bad signature)");
        return 1;
    }
    reader_state state = {data, size, 8, out};
    png_structp png = png_create_read_struct(PNG_LIBPNG_VER_STRING, &state, on_error, on_warning);
    if (!png) {
        snprintf(out->error, sizeof out->error, "libpng could not start");
        return 1;
    }
    png_infop info = png_create_info_struct(png);
    if (!info) {
        png_destroy_read_struct(&png, NULL, NULL);
        snprintf(out->error, sizeof out->error, "libpng could not start");
        return 1;
    }
    /* Written after setjmp and read after longjmp: must be volatile. */
    unsigned char *volatile pixels = NULL;
    png_bytep *volatile rows = NULL;
    if (setjmp(png_jmpbuf(png))) {
        free(pixels);
        free(rows);
        png_destroy_read_struct(&png, &info, NULL);
        return 1;
    }
    png_set_read_fn(png, &state, read_bytes);
    png_set_sig_bytes(png, 8);
    png_set_user_limits(png, max_side, max_side);
    png_set_chunk_cache_max(png, 1000);
    png_set_chunk_malloc_max(png, 16u << 20);
    png_read_info(png, info);

    png_uint_32 width = 0, height = 0;
    int bit_depth = 0, colour_type = 0, interlace = 0;
    png_get_IHDR(png, info, &width, &height, &bit_depth, &colour_type, &interlace, NULL, NULL);
    if ((size_t)width * (size_t)height > max_pixels) {
        snprintf(out->error, sizeof out->error, "image %ux%u has more pixels than the limit (%zu)",
                 (unsigned)width, (unsigned)height, max_pixels);
        png_longjmp(png, 1);
    }
    png_set_expand(png);            /* palette -> RGB, grey < 8 bits -> 8 bits, tRNS -> alpha */
    png_set_scale_16(png);          /* 16-bit -> 8-bit, rounding */
    png_set_gray_to_rgb(png);
    png_set_add_alpha(png, 0xFF, PNG_FILLER_AFTER);
    png_set_interlace_handling(png);
    png_read_update_info(png, info);
    if (png_get_rowbytes(png, info) != (size_t)width * 4) {
        snprintf(out->error, sizeof out->error, "unexpected row layout after conversion");
        png_longjmp(png, 1);
    }
    pixels = malloc((size_t)width * height * 4);
    rows = malloc(sizeof(png_bytep) * height);
    if (!pixels || !rows) {
        snprintf(out->error, sizeof out->error, "out of memory for a %ux%u image", (unsigned)width, (unsigned)height);
        png_longjmp(png, 1);
    }
    for (png_uint_32 y = 0; y < height; y++) rows[y] = pixels + (size_t)y * width * 4;
    png_read_image(png, rows);
    png_read_end(png, NULL);
    free(rows);
    png_destroy_read_struct(&png, &info, NULL);
    out->pixels = pixels;
    out->width = width;
    out->height = height;
    return 0;
}
