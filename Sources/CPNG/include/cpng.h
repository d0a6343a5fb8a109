// CPNG: the bridge to libpng. Owned by the asset pipeline (issue 3); setjmp stays in C.
#ifndef CPNG_H
#define CPNG_H
int cpng_version_number(void);
#endif
