#!/usr/bin/env bash
# Builds the libFuzzer harnesses in Fuzz/ (one per decoder of outside bytes, issue 17) and
# runs each in turn, one process on one core (no -jobs/-workers: libFuzzer then fuzzes in
# the process itself, on one thread), printing per harness: executions, edges (cov),
# features, corpus size, and the crashes and leaks this run found. Findings (crash-*, leak-*, timeout-*, oom-*) go to
# Fuzz/Findings/<harness>/; inputs that reach new coverage to Fuzz/.build/corpus/<harness>/
# (the committed seeds in Fuzz/Corpus/<harness>/ are only read).
#
#   scripts/fuzz.sh [SECONDS]      run every harness for SECONDS (default 60)
#   scripts/fuzz.sh --check        run every harness once over its seeds and past findings (-runs=0)
#   FUZZ_ONLY="irc mdns" scripts/fuzz.sh 600     only these harnesses
#   FUZZ_SANITIZERS=fuzzer scripts/fuzz.sh       without AddressSanitizer
#   FUZZ_ONLY=stateful scripts/fuzz.sh 60        only the stateful fuzzers (ServerCore, ChatSession): 5 runs per second given
#   FUZZ_SKIP_STATEFUL=1 scripts/fuzz.sh 5       every libFuzzer harness, not the stateful fuzzers (`make fuzz-smoke`)
#
# Exit status: 0 when no harness found anything, 1 otherwise, 2 when the build failed.
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
FUZZ=$ROOT/Fuzz
SANITIZERS=${FUZZ_SANITIZERS:-fuzzer,address}
HARNESSES=${FUZZ_ONLY:-irc terminal-input frames gif png toml prometheus scram dictionary mdns translator-response}

MODE=run
SECONDS_EACH=60
case "${1:-}" in
    --check) MODE=check ;;
    "") ;;
    *[!0-9]*) echo "usage: scripts/fuzz.sh [SECONDS | --check]" >&2; exit 2 ;;
    *) SECONDS_EACH=$1 ;;
esac

echo "== building the harnesses (-sanitize=$SANITIZERS, release)"
# SwiftPM keeps its build plan for Fuzz/ (release.yaml) when only the main package, a path
# dependency, changed, and then misses source files added there since (seen after a rebase
# that added ServerCore files: "cannot find type … in scope"). Planning again costs seconds;
# the compiled modules are still reused.
rm -f "$FUZZ/.build/release.yaml"
if ! swift build --package-path "$FUZZ" -c release \
        -Xswiftc -sanitize="$SANITIZERS" 2>&1 | tail -n 30; then
    echo "fuzz.sh: the build failed" >&2
    exit 2
fi
BIN=$(swift build --package-path "$FUZZ" -c release --show-bin-path)

# Leaks inside dependencies we cannot fix from here (listed in RELIABILITY.md).
# Swift's own crash backtracer reads memory ASan considers poisoned; libFuzzer reports instead.
export SWIFT_BACKTRACE=enable=no
export LSAN_OPTIONS="suppressions=$FUZZ/lsan-suppressions.txt${LSAN_OPTIONS:+:$LSAN_OPTIONS}"
found=0
SUMMARY=$FUZZ/.build/fuzz-summary.txt
printf '%-15s %8s %12s %9s %7s %7s %6s %8s %6s\n' harness seconds executions exec/s edges feats corpus crashes leaks | tee "$SUMMARY"
for name in $HARNESSES; do
    [ "$name" = stateful ] && continue
    exe=$BIN/fuzz-$name
    [ -x "$exe" ] || { echo "fuzz.sh: no harness $exe" >&2; found=1; continue; }
    findings=$FUZZ/Findings/$name
    work=$FUZZ/.build/corpus/$name
    mkdir -p "$findings" "$work"
    log=$FUZZ/.build/fuzz-$name.log
    before_crashes=$(ls "$findings" | grep -c -E '^(crash|timeout|oom)-')
    before_leaks=$(ls "$findings" | grep -c '^leak-')
    seeds=("$FUZZ/Corpus/$name")
    [ -d "$FUZZ/Regressions/$name" ] && seeds+=("$FUZZ/Regressions/$name")
    # TOMLKit leaks on every document (see Fuzz/lsan-suppressions.txt), so libFuzzer would scan
    # the heap for leaks after every input (~100 executions/s); the long toml run skips leak
    # checks, --check and FUZZ_TOML_LEAKS=1 keep them.
    extra=()
    [ "$name" = toml ] && [ "${FUZZ_TOML_LEAKS:-0}" != 1 ] && extra=(-detect_leaks=0)
    # What TOMLKit leaks also stays allocated: one toml process passes libFuzzer's 2 GB RSS
    # limit after about 4 million executions (an out-of-memory "finding" that is only the sum
    # of the leaks), so the toml harness runs in slices of at most 120 s, each a new process
    # on the same working corpus; the figures add up the slices.
    slice=$SECONDS_EACH
    [ "$name" = toml ] && [ "$slice" -gt "${FUZZ_TOML_SLICE:-120}" ] && slice=${FUZZ_TOML_SLICE:-120}
    start=$(date +%s)
    : >"$log"
    status=0
    if [ "$MODE" = check ]; then
        ASAN_OPTIONS=detect_leaks=1 "$exe" -runs=0 -print_final_stats=1 -artifact_prefix="$findings/" "${seeds[@]}" >>"$log" 2>&1
        status=$?
    else
        left=$SECONDS_EACH
        while [ "$left" -gt 0 ] && [ "$status" -eq 0 ]; do
            this=$(( left < slice ? left : slice ))
            ASAN_OPTIONS=detect_leaks=1 "$exe" -max_total_time="$this" -max_len=4096 -timeout=10 \
                -rss_limit_mb=2048 -print_final_stats=1 "${extra[@]}" -artifact_prefix="$findings/" "$work" "${seeds[@]}" >>"$log" 2>&1
            status=$?
            left=$(( left - this ))
        done
    fi
    took=$(( $(date +%s) - start ))
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | awk '{ s += $1 } END { if (NR) print s }')
    rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -n 1)
    [ "$slice" -lt "$SECONDS_EACH" ] && [ -n "$execs" ] && rate=$(( execs / (took > 0 ? took : 1) ))
    edges=$(grep -o 'cov: [0-9]*' "$log" | tail -n 1 | cut -d' ' -f2)
    feats=$(grep -o 'ft: [0-9]*' "$log" | tail -n 1 | cut -d' ' -f2)
    corpus=$(grep -o 'corp: [0-9]*' "$log" | tail -n 1 | cut -d' ' -f2)
    crashes=$(( $(ls "$findings" | grep -c -E '^(crash|timeout|oom)-') - before_crashes ))
    leaks=$(( $(ls "$findings" | grep -c '^leak-') - before_leaks ))
    new=$(( crashes + leaks ))
    printf '%-15s %8s %12s %9s %7s %7s %6s %8s %6s\n' "$name" "$took" "${execs:-?}" "${rate:-?}" "${edges:-?}" "${feats:-?}" \
        "${corpus:-?}" "$crashes" "$leaks" | tee -a "$SUMMARY"
    if [ "$status" -ne 0 ] || [ "$new" -gt 0 ]; then
        found=1
        echo "   ↳ exit $status, $new new finding(s) in Fuzz/Findings/$name; log: $log" | tee -a "$SUMMARY"
    fi
done

# The stateful fuzzers of the two state machines (ServerCore, ChatSession) live in the test
# suite, seeded; here they get more runs from a fresh base seed, printed so a failure replays
# with TACHIKOMA_FUZZ_SEED=<seed> TACHIKOMA_FUZZ_RUNS=1.
if [ "$MODE" != check ] && [ "${FUZZ_SKIP_STATEFUL:-0}" != 1 ] \
        && { [ -z "${FUZZ_ONLY:-}" ] || [[ " $FUZZ_ONLY " == *" stateful "* ]]; }; then
    seed=$(od -An -N4 -tu4 /dev/urandom | tr -d ' ')
    runs=$(( SECONDS_EACH * 5 ))
    log=$FUZZ/.build/fuzz-stateful.log
    echo "stateful: $runs runs of each from seed $seed" | tee -a "$SUMMARY"
    (cd "$ROOT" && swift build --build-tests >/dev/null && TACHIKOMA_FUZZ_SEED=$seed TACHIKOMA_FUZZ_RUNS=$runs \
        swift test --skip-build --filter 'invariantsHold|aHostileServerNeverMakesTheSessionRepeatOrGarble') >"$log" 2>&1 \
        || { found=1; echo "   ↳ a stateful run failed (seed and minimal run in $log)" | tee -a "$SUMMARY"; }
fi
echo "summary: $SUMMARY"
exit $found
