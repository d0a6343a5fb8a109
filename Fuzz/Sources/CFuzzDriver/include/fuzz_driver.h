#ifndef TACHIKOMA_FUZZ_DRIVER_H
#define TACHIKOMA_FUZZ_DRIVER_H
#include <stddef.h>
#include <stdint.h>

/// Runs libFuzzer's driver (flags, corpus, mutation loop) with `test_one_input` as the
/// target. libFuzzer's own `main` is not used: SwiftPM links every executable's `main` to
/// the Swift module's entry point, so the harness's main.swift calls this instead.
int tachikoma_fuzz_run_driver(int *argc, char ***argv, int (*test_one_input)(const uint8_t *data, size_t size));

#endif
