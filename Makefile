# dbg — build, test and benchmark. `make test` installs what it needs first.
SHELL := /bin/bash
SWIFT ?= swift
APT_PACKAGES := libdwarf-dev libelf-dev libcapstone-dev libedit-dev golang-go delve gdb tmux binutils time libc6-dbg emacs-nox elpa-dap-mode
RELEASE_BIN := .build/release/dbg

.PHONY: all deps build debug fixtures test run bench bench-trace bench-server bench-survival fuzz clean

all: build

# Installs with apt only what is missing, so a second run is instant.
deps:
	@missing=""; \
	for p in $(APT_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	fi

build: deps
	$(SWIFT) build -c release --product dbg
	$(SWIFT) build -c release --product dbg-guardian

debug: deps
	$(SWIFT) build

fixtures: deps
	$(MAKE) -C Fixtures

test: deps build fixtures
	$(SWIFT) test

# An interactive session on the Go showcase: try `break main.inspect`, `continue`, `stack`, `args`.
run: build fixtures
	$(RELEASE_BIN) exec Fixtures/build/go/goroutines

bench: build fixtures
	bench/run.sh

# dbg trace (both backends) beside gdb's dprintf, uftrace and dlv trace, calls per second.
bench-trace: build fixtures
	@command -v uftrace >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq uftrace >/dev/null; }
	bench/run.sh trace

# The headless server under abuse, dbg beside Delve (memory, descriptors, what clients see).
bench-server: build fixtures
	python3 bench/server_abuse.py .build/release/dbg $$(command -v dlv)

# How often an attached program outlives a SIGKILL of dbg inside a hot continue (dbg-guardian).
bench-survival: build fixtures
	python3 bench/sigkill_survival.py .build/release/dbg $${RUNS:-20}

# libFuzzer on the parsers of untrusted input (Fuzz/): FUZZ_RUNS executions per target.
FUZZ_RUNS ?= 1000000
fuzz: deps
	Fuzz/build.sh
	FUZZ_RUNS=$(FUZZ_RUNS) Fuzz/run.sh $(FUZZ_TARGETS)

clean:
	rm -rf .build .build-fuzz
	$(MAKE) -C Fixtures clean
