# The two commands of the README: `make run` and `make test`.
# Everything else here is a convenience for developers and CI.
BUILD      ?= build
ASAN_BUILD ?= build-asan
JOBS       ?= $(shell nproc 2>/dev/null || echo 2)
# Extra CMake settings, e.g. CMAKE_EXTRA=-DSPARRING_WERROR=ON (CI).
CMAKE_EXTRA ?=

.PHONY: all setup build run test test-asan fuzz bench clean install

all: build

setup:
	@bash scripts/setup.sh

build: setup
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo $(CMAKE_EXTRA) >/dev/null
	@cmake --build $(BUILD) -j $(JOBS)

# Without a display the window says so; then the first bundled call plays in the terminal.
run: build
	@if [ -n "$$DISPLAY$$WAYLAND_DISPLAY" ]; then ./$(BUILD)/sparring; \
	else ./$(BUILD)/sparring; echo; ./$(BUILD)/sparring run scenarios/hung-up-call.json --locale $${SPARRING_LOCALE:-zh}; fi

test: build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

# The whole test suite under AddressSanitizer and UndefinedBehaviorSanitizer.
test-asan: setup
	@CC=clang cmake -S . -B $(ASAN_BUILD) -DCMAKE_BUILD_TYPE=Debug -DSPARRING_SANITIZE=ON $(CMAKE_EXTRA) >/dev/null
	@cmake --build $(ASAN_BUILD) -j $(JOBS)
	cd $(ASAN_BUILD) && ctest --output-on-failure -j $(JOBS)

# Short libFuzzer runs of every parser target (FUZZ_SECONDS each).
FUZZ_SECONDS ?= 60
fuzz: setup
	@CC=clang cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=Debug -DSPARRING_FUZZ=ON >/dev/null
	@cmake --build build-fuzz -j $(JOBS)
	@bash fuzz/run.sh build-fuzz $(FUZZ_SECONDS)

# `make install` puts `sparring` in $(PREFIX)/bin (and the scenarios, schema and docs in
# $(PREFIX)/share/sparring); `sudo make install` for /usr/local, or `make install PREFIX=~/.local`.
PREFIX ?= /usr/local
install: build
	@cmake --install $(BUILD) --prefix $(PREFIX)

bench: build
	@for b in $(BUILD)/bench_*; do echo "== $$b"; $$b; done

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) build-fuzz
