#!/usr/bin/env bash
# The whole test suite under the sanitizers (issue 17, item 3): ThreadSanitizer (the pet's
# UI thread, the chat loop, the server's event loop and storage threads) and AddressSanitizer
# (the C shims: curses, libpng, posix_spawn paths). Every process the tests start — the pet in
# tmux, the servers — is built with the same sanitizer and writes its reports to
# .build/sanitize-<name>/reports/, which this script reads back; the test run's own failures
# count too.
#
#   scripts/sanitize.sh                 both
#   scripts/sanitize.sh thread          one (thread | address)
#   TEST_ARGS="--filter ServerTests" scripts/sanitize.sh thread
#
# Exit status: 0 when the suite passed and no process reported anything, 1 otherwise.
set -uo pipefail
cd "$(dirname "$0")/.."
status=0
for sanitizer in ${@:-thread address}; do
    scratch=.build/sanitize-$sanitizer
    reports=$PWD/$scratch/reports
    rm -rf "$reports" && mkdir -p "$reports"
    echo "== building with -sanitize=$sanitizer (in $scratch)"
    if ! swift build --build-tests --sanitize="$sanitizer" --scratch-path "$scratch" 2>&1 | tail -n 5; then
        echo "sanitize.sh: the build failed" >&2
        exit 1
    fi
    log=$scratch/test.log
    echo "== the suite under $sanitizer (log: $log)"
    # Swift's backtracer and ASan's leak checker would both stop at the first report; leaks
    # are libFuzzer's business (scripts/fuzz.sh), not this run's.
    SWIFT_BACKTRACE=enable=no \
    TSAN_OPTIONS="log_path=$reports/tsan halt_on_error=0 report_signal_unsafe=0${TSAN_OPTIONS:+ $TSAN_OPTIONS}" \
    ASAN_OPTIONS="log_path=$reports/asan detect_leaks=0 halt_on_error=0${ASAN_OPTIONS:+ $ASAN_OPTIONS}" \
        swift test --skip-build --sanitize="$sanitizer" --scratch-path "$scratch" ${TEST_ARGS:-} >"$log" 2>&1
    tests=$?
    summary=$(grep -a -E '^✔ Test run|^✘ Test run' "$log" | tail -n 1)
    echo "   ${summary:-no summary (the test process died: see $log)}"
    [ "$tests" -eq 0 ] || status=1
    found=$(cat "$reports"/* 2>/dev/null | grep -a -c -E '^(WARNING: ThreadSanitizer|==[0-9]+==ERROR: AddressSanitizer)')
    echo "   $found report(s) from $(ls "$reports" | wc -l) process(es)"
    if [ "$found" -gt 0 ]; then
        status=1
        for file in "$reports"/*; do
            grep -a -q -E 'WARNING: ThreadSanitizer|ERROR: AddressSanitizer' "$file" || continue
            echo "   ↳ $file"
            grep -a -E 'WARNING: ThreadSanitizer|ERROR: AddressSanitizer|^    #[0-3] ' "$file" | head -n 12 | sed 's/^/     /'
        done
    fi
done
exit $status
