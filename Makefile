# Top-level entry points.  CMake (its Unix Makefiles generator, the default)
# does the building; this file only names the three commands a newcomer
# needs:
#   make        build everything (build/)
#   make run    build, create a demo database if none exists, serve it
#   make check  build and run every test, then again under ASan+UBSan
BUILD      ?= build
BUILD_SAN  ?= build-san
BUILD_BENCH ?= build-bench
DB         ?= serai-demo.db
LISTEN     ?= 127.0.0.1:8080
JOBS       ?= $(shell nproc 2>/dev/null || echo 2)

.PHONY: all bootstrap build run check check-fast bench clean

all: build

bootstrap:
	@scripts/bootstrap

build: bootstrap
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
	@MAKEFLAGS= cmake --build $(BUILD) -j $(JOBS) -- --no-print-directory

run: build
	@if [ ! -f "$(DB)" ]; then $(BUILD)/serai demo --db "$(DB)"; \
	else echo "using $(DB): log in with the accounts printed when it was made," \
	     "or remove it for a new demo with new passwords"; fi
	@echo "open http://$(LISTEN)/ for the web application"
	@echo "try: curl -s http://$(LISTEN)/api/v1/organizations?limit=3"
	@$(BUILD)/serai serve --db "$(DB)" --listen $(LISTEN)

check: build
	@cd $(BUILD) && ctest --output-on-failure -j $(JOBS)
	@cmake -S . -B $(BUILD_SAN) -DCMAKE_BUILD_TYPE=Debug -DSERAI_SANITIZE=ON >/dev/null
	@MAKEFLAGS= cmake --build $(BUILD_SAN) -j $(JOBS) -- --no-print-directory
	@cd $(BUILD_SAN) && ctest --output-on-failure -j $(JOBS) -LE nosan

# The suite without the sanitizer build, for quick iterations.
check-fast: build
	@cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

bench: bootstrap
	@scripts/bootstrap --bench
	@cmake -S . -B $(BUILD_BENCH) -DCMAKE_BUILD_TYPE=Release >/dev/null
	@MAKEFLAGS= cmake --build $(BUILD_BENCH) -j $(JOBS) -- --no-print-directory
	@bench/run-all $(BUILD_BENCH)/serai

clean:
	rm -rf $(BUILD) $(BUILD_SAN) $(BUILD_BENCH)
