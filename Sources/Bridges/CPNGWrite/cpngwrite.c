#include "cpngwrite.h"
#include <png.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct membuf { uint8_t *data; size_t len, cap; int failed; };
struct memread { const uint8_t *data; size_t len, pos; };
struct errctx { char *msg; size_t len; };

static void on_error(png_structp png, png_const_charp message) {
    struct errctx *e = png_get_error_ptr(png);
    if (e && e->msg && e->len) snprintf(e->msg, e->len, "%s", message);
    png_longjmp(png, 1);
}

static void on_warning(png_structp png, png_const_charp message) { (void)png; (void)message; }

static void write_mem(png_structp png, png_bytep data, size_t n) {
    struct membuf *b = png_get_io_ptr(png);
    if (b->len + n > b->cap) {
        size_t cap = b->cap ? b->cap * 2 : 65536;
        while (cap < b->len + n) cap *= 2;
        uint8_t *p = realloc(b->data, cap);
        if (!p) { b->failed = 1; png_error(png, "out of memory"); }
        b->data = p; b->cap = cap;
    }
    memcpy(b->data + b->len, data, n);
    b->len += n;
}

static void flush_mem(png_structp png) { (void)png; }

static void read_mem(png_structp png, png_bytep data, size_t n) {
    struct memread *r = png_get_io_ptr(png);
    if (n > r->len - r->pos) png_error(png, "PNG data ends early");
    memcpy(data, r->data + r->pos, n);
    r->pos += n;
}

int cpngw_encode_rgba(const uint8_t *rgba, uint32_t width, uint32_t height,
                      uint8_t **out, size_t *out_len, char *err, size_t err_len) {
    struct errctx e = { err, err_len };
    struct membuf buf = { 0 };
    png_structp png = NULL;
    png_infop info = NULL;
    png_bytep *volatile rows = NULL;
    if (err && err_len) err[0] = 0;
    if (width == 0 || height == 0) { snprintf(err, err_len, "empty image"); return -1; }
    png = png_create_write_struct(PNG_LIBPNG_VER_STRING, &e, on_error, on_warning);
    if (!png) { snprintf(err, err_len, "png_create_write_struct failed"); return -1; }
    info = png_create_info_struct(png);
    if (!info || setjmp(png_jmpbuf(png))) {
        png_destroy_write_struct(&png, &info);
        free(rows);
        free(buf.data);
        if (err && err_len && !err[0]) snprintf(err, err_len, "libpng failed");
        return -1;
    }
    rows = malloc(sizeof(png_bytep) * height);
    if (!rows) png_error(png, "out of memory");
    for (uint32_t y = 0; y < height; y++) rows[y] = (png_bytep)(rgba + (size_t)y * width * 4);
    png_set_write_fn(png, &buf, write_mem, flush_mem);
    png_set_IHDR(png, info, width, height, 8, PNG_COLOR_TYPE_RGB_ALPHA, PNG_INTERLACE_NONE,
                 PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    png_set_compression_level(png, 6);
    png_write_info(png, info);
    png_write_image(png, rows);
    png_write_end(png, NULL);
    png_destroy_write_struct(&png, &info);
    free(rows);
    *out = buf.data;
    *out_len = buf.len;
    return 0;
}

int cpngw_decode_rgba(const uint8_t *data, size_t len, uint64_t max_pixels,
                      uint8_t **out, uint32_t *width, uint32_t *height, char *err, size_t err_len) {
    struct errctx e = { err, err_len };
    struct memread src = { data, len, 0 };
    png_structp png = NULL;
    png_infop info = NULL;
    uint8_t *volatile pixels = NULL;
    png_bytep *volatile rows = NULL;
    if (err && err_len) err[0] = 0;
    if (len < 8 || png_sig_cmp(data, 0, 8) != 0) { snprintf(err, err_len, "not a PNG file"); return -1; }
    png = png_create_read_struct(PNG_LIBPNG_VER_STRING, &e, on_error, on_warning);
    if (!png) { snprintf(err, err_len, "png_create_read_struct failed"); return -1; }
    info = png_create_info_struct(png);
    if (!info || setjmp(png_jmpbuf(png))) {
        png_destroy_read_struct(&png, &info, NULL);
        free(rows);
        free(pixels);
        if (err && err_len && !err[0]) snprintf(err, err_len, "libpng failed");
        return -1;
    }
    png_set_read_fn(png, &src, read_mem);
    png_read_info(png, info);
    uint32_t w = png_get_image_width(png, info), h = png_get_image_height(png, info);
    if ((uint64_t)w * h > max_pixels) png_error(png, "image too large");
    png_set_expand(png);
    png_set_strip_16(png);
    png_set_gray_to_rgb(png);
    png_set_add_alpha(png, 0xFF, PNG_FILLER_AFTER);
    png_set_interlace_handling(png);
    png_read_update_info(png, info);
    if (png_get_rowbytes(png, info) != (size_t)w * 4) png_error(png, "unexpected row size");
    pixels = malloc((size_t)w * h * 4);
    rows = malloc(sizeof(png_bytep) * h);
    if (!pixels || !rows) png_error(png, "out of memory");
    for (uint32_t y = 0; y < h; y++) rows[y] = pixels + (size_t)y * w * 4;
    png_read_image(png, rows);
    png_read_end(png, NULL);
    png_destroy_read_struct(&png, &info, NULL);
    free(rows);
    *out = pixels;
    *width = w;
    *height = h;
    return 0;
}

void cpngw_free(void *p) { free(p); }
