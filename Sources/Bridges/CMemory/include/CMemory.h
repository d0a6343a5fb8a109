#ifndef TACHIKOMA_CMEMORY_H
#define TACHIKOMA_CMEMORY_H

#if defined(__GLIBC__) || defined(__linux__)
#include <malloc.h>
#endif

/// Gives the pages of freed memory back to the system (glibc's malloc_trim: the heap keeps
/// freed chunks resident otherwise, so RSS stays at its high-water mark after a burst).
/// Returns 1 if memory was released, 0 if not or where the C library has no such call.
static inline int cmemory_release_free_pages(void) {
#if defined(__GLIBC__)
    return malloc_trim(0);
#else
    return 0;
#endif
}

#endif
