# dbg — build, test and benchmark. `make test` installs what it needs first.
SHELL := /bin/bash
SWIFT ?= swift
APT_PACKAGES := libdwarf-dev libelf-dev libcapstone-dev libedit-dev golang-go delve gdb tmux binutils time libc6-dbg emacs-nox elpa-dap-mode zsh fish \
	patchelf dpkg-dev man-db
RELEASE_BIN := .build/release/dbg

# Where `make install` puts dbg (DESTDIR: a staging root, as packagers use it).
PREFIX ?= /usr/local
DESTDIR ?=
BINDIR = $(PREFIX)/bin
# dbg's private libraries: the Swift runtime it was linked with (the installed dbg needs no
# Swift toolchain), found through dbg's rpath ($$ORIGIN/../lib/dbg).
PRIVATE_LIBDIR = $(PREFIX)/lib/dbg
MANDIR = $(PREFIX)/share/man/man1
DOCDIR = $(PREFIX)/share/doc/dbg
BASH_COMPLETION_DIR = $(PREFIX)/share/bash-completion/completions
ZSH_COMPLETION_DIR = $(PREFIX)/share/zsh/site-functions
FISH_COMPLETION_DIR = $(PREFIX)/share/fish/vendor_completions.d
# The toolchain's libraries (the Swift runtime, libswiftDemangle.so, which dbg dlopens).
SWIFT_LIBDIR = $(realpath $(dir $(realpath $(shell command -v $(SWIFT))))../lib)

VERSION = $(shell sed -n 's/.*static let version = "\(.*\)"/\1/p' Sources/dbg/About/BuildInfo.swift)
# Debian orders 0.1.0~dev before 0.1.0.
DEB_VERSION = $(subst -,~,$(VERSION))
DEB_FILE = .build/dbg_$(DEB_VERSION)_amd64.deb
DEB_ROOT = .build/deb-root
DEB_WORK = .build/deb-work

# What `dbg version` says of a build by make: the commit of HEAD (and whether the tree
# differed from it), and the day (UTC; SOURCE_DATE_EPOCH's when set, for reproducible builds).
BUILD_INFO = DBG_GIT_COMMIT="$$(c=$$(git rev-parse HEAD 2>/dev/null) \
	  && { git diff --quiet HEAD 2>/dev/null && echo $$c || echo "$$c (uncommitted changes)"; } || echo none)" \
	DBG_BUILD_DATE="$$(date -u -d @$${SOURCE_DATE_EPOCH:-$$(date +%s)} +%Y-%m-%d)"

.PHONY: all deps build debug fixtures test run bench bench-trace bench-server bench-survival fuzz clean \
	install install-built uninstall deb deb-built

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
	$(BUILD_INFO) $(SWIFT) build -c release --product dbg
	$(BUILD_INFO) $(SWIFT) build -c release --product dbg-guardian

install: build
	$(MAKE) install-built

# Installs the release build as it is, without building (the tests install this way: a
# build from inside `swift test` would wait for the build directory's lock forever).
install-built:
	@test -x $(RELEASE_BIN) -a -x .build/release/dbg-guardian || { echo "no release build: run make build" >&2; exit 1; }
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(PRIVATE_LIBDIR) $(DESTDIR)$(MANDIR) $(DESTDIR)$(DOCDIR) \
	  $(DESTDIR)$(BASH_COMPLETION_DIR) $(DESTDIR)$(ZSH_COMPLETION_DIR) $(DESTDIR)$(FISH_COMPLETION_DIR)
	install -m 755 $(RELEASE_BIN) .build/release/dbg-guardian $(DESTDIR)$(BINDIR)/
	@# Every library ldd resolves into the toolchain, and libswiftDemangle.so (dlopened).
	for lib in $$(ldd $(RELEASE_BIN) .build/release/dbg-guardian $(SWIFT_LIBDIR)/libswiftDemangle.so \
	    | awk '$$2 == "=>" && $$3 ~ /^\// { print $$3 }' | xargs -r realpath | grep "^$(SWIFT_LIBDIR)/" | sort -u) \
	    $(SWIFT_LIBDIR)/libswiftDemangle.so; do \
	  install -m 644 $$lib $(DESTDIR)$(PRIVATE_LIBDIR)/ && patchelf --set-rpath '$$ORIGIN' $(DESTDIR)$(PRIVATE_LIBDIR)/$$(basename $$lib); \
	done
	patchelf --set-rpath '$$ORIGIN/../lib/dbg' $(DESTDIR)$(BINDIR)/dbg $(DESTDIR)$(BINDIR)/dbg-guardian
	@# Made by the installed dbg itself: they describe the commands it has.
	$(DESTDIR)$(BINDIR)/dbg --generate-completion-script bash > $(DESTDIR)$(BASH_COMPLETION_DIR)/dbg
	$(DESTDIR)$(BINDIR)/dbg --generate-completion-script zsh > $(DESTDIR)$(ZSH_COMPLETION_DIR)/_dbg
	$(DESTDIR)$(BINDIR)/dbg --generate-completion-script fish > $(DESTDIR)$(FISH_COMPLETION_DIR)/dbg.fish
	$(DESTDIR)$(BINDIR)/dbg generate-manual > $(DESTDIR)$(MANDIR)/dbg.1
	install -m 644 README.md $(DESTDIR)$(DOCDIR)/

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/dbg $(DESTDIR)$(BINDIR)/dbg-guardian $(DESTDIR)$(MANDIR)/dbg.1 \
	  $(DESTDIR)$(BASH_COMPLETION_DIR)/dbg $(DESTDIR)$(ZSH_COMPLETION_DIR)/_dbg $(DESTDIR)$(FISH_COMPLETION_DIR)/dbg.fish
	rm -rf $(DESTDIR)$(PRIVATE_LIBDIR) $(DESTDIR)$(DOCDIR)

deb: build
	$(MAKE) deb-built

# A Debian package of the release build (installed under /usr), for Debian 12 without Swift:
# the Swift runtime inside it, the other libraries its Depends (dpkg-shlibdeps: the packages
# and versions the binaries' symbols need).
deb-built:
	rm -rf $(DEB_ROOT) $(DEB_WORK) && mkdir -p $(DEB_WORK)/debian
	$(MAKE) install-built DESTDIR=$(abspath $(DEB_ROOT)) PREFIX=/usr ZSH_COMPLETION_DIR=/usr/share/zsh/vendor-completions
	gzip -9n $(DEB_ROOT)/usr/share/man/man1/dbg.1
	printf 'Source: dbg\n\nPackage: dbg\nArchitecture: amd64\n' > $(DEB_WORK)/debian/control
	cd $(DEB_WORK) && dpkg-shlibdeps -O -S$(abspath $(DEB_ROOT)) -l$(abspath $(DEB_ROOT))/usr/lib/dbg \
	  $(abspath $(DEB_ROOT))/usr/bin/* $(abspath $(DEB_ROOT))/usr/lib/dbg/*.so 2>/dev/null \
	  | sed -n 's/^shlibs:Depends=//p' > depends
	@test -s $(DEB_WORK)/depends || { echo "dpkg-shlibdeps found no dependencies" >&2; exit 1; }
	mkdir -p $(DEB_ROOT)/DEBIAN
	{ echo "Package: dbg"; echo "Version: $(DEB_VERSION)"; echo "Architecture: amd64"; \
	  echo "Maintainer: dbg developers <dbg@localhost>"; echo "Section: devel"; echo "Priority: optional"; \
	  echo "Installed-Size: $$(du -sk --exclude=DEBIAN $(DEB_ROOT) | cut -f1)"; \
	  echo "Depends: $$(cat $(DEB_WORK)/depends)"; \
	  echo "Description: native debugger for Linux/x86-64: C, Go and Swift"; \
	  echo " Delve's commands and output for C, Go and Swift programs: breakpoints, stepping,"; \
	  echo " goroutines and Swift tasks, values, core files, tracing, a headless server speaking"; \
	  echo " Delve's JSON-RPC API and a DAP server for editors. The Swift runtime it needs is"; \
	  echo " inside the package (/usr/lib/dbg)."; } > $(DEB_ROOT)/DEBIAN/control
	dpkg-deb --root-owner-group --build $(DEB_ROOT) $(DEB_FILE)

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
