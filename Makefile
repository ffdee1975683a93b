# libvalue-driver: the developers' entry points.  `make check` and
# `make demo` work right after a clone: they install what is missing from
# Debian's apt (as root), run autoreconf + configure, and build out of tree
# in build/.  Packagers use the usual autotools path instead.
# SPDX-License-Identifier: GPL-3.0-or-later

BUILD      ?= build
ASAN_BUILD ?= build-asan
FUZZ_BUILD ?= build-fuzz
COV_BUILD  ?= build-cov
# make coverage fails below these (per cent of lib/'s lines and branches).
COV_MIN_LINES    ?= 95
COV_MIN_BRANCHES ?= 85
TSAN_BUILD ?= build-tsan
JOBS       ?= $(shell nproc 2>/dev/null || echo 2)
CONFIGURE_FLAGS ?= --enable-werror

# Debian 12 packages the build, the tests and the quality gates need.
DEB_PACKAGES = gcc make autoconf automake libtool pkg-config libgsl-dev libyaml-dev check \
	doxygen abigail-tools valgrind r-base-dev python3 python3-pycparser \
	python3-numpy python3-pandas python3-matplotlib python3-pytest python3-setuptools python3-pip python3-mypy \
	r-cran-lme4 r-cran-survival libjs-mathjax r-cran-ggplot2 r-cran-knitr r-cran-rmarkdown pandoc qpdf devscripts

# ... and those of `make fuzz-smoke` (clang's libFuzzer) and `make
# check-tsan` (clang's ThreadSanitizer runtime).
FUZZ_PACKAGES = clang libclang-rt-14-dev
# ... and those of `make coverage`.
COV_PACKAGES = lcov

SANITIZE = -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
TSAN = -fsanitize=thread -fno-omit-frame-pointer

.PHONY: all deps deps-fuzz install-packages configure build check demo docs html check-asan check-valgrind check-oom check-tsan fuzz-smoke coverage \
	bench abi-update bindings distcheck install clean distclean

all: build

deps:
	@$(MAKE) --no-print-directory install-packages PACKAGES='$(DEB_PACKAGES)'

deps-fuzz:
	@$(MAKE) --no-print-directory install-packages PACKAGES='$(FUZZ_PACKAGES)'

install-packages:
	@missing=""; for p in $(PACKAGES); do \
	  dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q '^install ok installed' \
	    || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "installing:$$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; \
	  else \
	    echo "libvalue needs these Debian packages; run as root:"; \
	    echo "  apt-get install -y$$missing"; \
	    exit 1; \
	  fi; \
	fi

$(BUILD)/config.status: configure.ac Makefile.am | deps
	autoreconf -fi
	mkdir -p $(BUILD)
	cd $(BUILD) && ../configure $(CONFIGURE_FLAGS)

configure: $(BUILD)/config.status

build: $(BUILD)/config.status
	$(MAKE) -C $(BUILD) -j$(JOBS)

check: build
	$(MAKE) -C $(BUILD) -j$(JOBS) check || { cat $(BUILD)/test-suite.log; exit 1; }

demo: build
	$(BUILD)/examples/demo '$(abspath tests/data/cms/mssp_py2014_aco_puf.csv)'

docs: build
	$(MAKE) -C $(BUILD) docs

html: docs

bench: build
	$(MAKE) -C $(BUILD) bench

abi-update: build
	$(MAKE) -C $(BUILD) abi-update

bindings: $(BUILD)/config.status
	$(MAKE) -C $(BUILD) bindings

check-valgrind: build
	$(MAKE) -C $(BUILD) -j$(JOBS) check-valgrind

$(ASAN_BUILD)/config.status: configure.ac Makefile.am | deps
	autoreconf -fi
	mkdir -p $(ASAN_BUILD)
	cd $(ASAN_BUILD) && ../configure $(CONFIGURE_FLAGS) --disable-static \
	  CFLAGS="-O1 -g $(SANITIZE)" LDFLAGS="$(SANITIZE)"

check-asan: $(ASAN_BUILD)/config.status
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 UBSAN_OPTIONS=print_stacktrace=1 \
	  $(MAKE) -C $(ASAN_BUILD) -j$(JOBS) check-c \
	  || { cat $(ASAN_BUILD)/test-suite.log; exit 1; }

# Allocation failures (tests/oom/check_oom.c): every allocation of every
# workload failed in turn, in the ASan build (leaks, bad frees).
check-oom: $(ASAN_BUILD)/config.status
	$(MAKE) -C $(ASAN_BUILD) -j$(JOBS) lib/libvalue_internal.la
	$(MAKE) -C $(ASAN_BUILD) check-oom

# Data races (tests/tsan/check_tsan.c): a ThreadSanitizer build of the
# library (static only, nothing else built) and its threads test.
$(TSAN_BUILD)/config.status: configure.ac Makefile.am | deps deps-fuzz
	autoreconf -fi
	mkdir -p $(TSAN_BUILD)
	cd $(TSAN_BUILD) && ../configure $(CONFIGURE_FLAGS) --disable-shared CC=clang \
	  CFLAGS="-O1 -g $(TSAN)" LDFLAGS="$(TSAN)"

check-tsan: $(TSAN_BUILD)/config.status
	$(MAKE) -C $(TSAN_BUILD) -j$(JOBS) lib/libvalue_internal.la
	$(MAKE) -C $(TSAN_BUILD) check-tsan

$(FUZZ_BUILD)/config.status: configure.ac Makefile.am | deps deps-fuzz
	autoreconf -fi
	mkdir -p $(FUZZ_BUILD)
	cd $(FUZZ_BUILD) && ../configure $(CONFIGURE_FLAGS) --disable-shared --enable-fuzzing CC=clang \
	  CFLAGS="-O1 -g $(SANITIZE) -fsanitize=fuzzer-no-link"

fuzz-smoke: $(FUZZ_BUILD)/config.status
	$(MAKE) -C $(FUZZ_BUILD) -j$(JOBS) fuzz-smoke

# Line and branch coverage of lib/ by the C suites, the fuzz corpora and
# the allocation-failure gate (gcov + lcov); HTML in
# build-cov/coverage/index.html.
$(COV_BUILD)/config.status: configure.ac Makefile.am | deps
	@$(MAKE) --no-print-directory install-packages PACKAGES='$(COV_PACKAGES)'
	autoreconf -fi
	mkdir -p $(COV_BUILD)
	cd $(COV_BUILD) && ../configure $(CONFIGURE_FLAGS) --disable-shared CFLAGS="-O0 -g --coverage" LDFLAGS="--coverage"

coverage: $(COV_BUILD)/config.status
	find $(COV_BUILD) -name '*.gcda' -delete
	$(MAKE) -C $(COV_BUILD) -j$(JOBS) check-c TESTS='$$(C_TESTS) tests/fuzz_replay.sh' \
	  || { cat $(COV_BUILD)/test-suite.log; exit 1; }
	$(MAKE) -C $(COV_BUILD) check-oom
	lcov --quiet --capture --rc lcov_branch_coverage=1 --directory $(COV_BUILD)/lib --base-directory $(COV_BUILD) \
	  --output-file $(COV_BUILD)/coverage.all
	lcov --quiet --rc lcov_branch_coverage=1 --extract $(COV_BUILD)/coverage.all '$(abspath lib)/*' \
	  --output-file $(COV_BUILD)/coverage.info
	genhtml --quiet --branch-coverage --output-directory $(COV_BUILD)/coverage $(COV_BUILD)/coverage.info > /dev/null
	lcov --rc lcov_branch_coverage=1 --summary $(COV_BUILD)/coverage.info 2>&1 | tee $(COV_BUILD)/coverage.txt
	@lines=$$(sed -n 's/.*lines\.*: *\([0-9.]*\)%.*/\1/p' $(COV_BUILD)/coverage.txt); \
	branches=$$(sed -n 's/.*branches\.*: *\([0-9.]*\)%.*/\1/p' $(COV_BUILD)/coverage.txt); \
	echo "coverage of lib/: lines $$lines%, branches $$branches% (want >= $(COV_MIN_LINES)% and >= $(COV_MIN_BRANCHES)%)"; \
	awk -v l="$$lines" -v b="$$branches" 'BEGIN { exit !(l >= $(COV_MIN_LINES) && b >= $(COV_MIN_BRANCHES)) }'

distcheck: $(BUILD)/config.status
	$(MAKE) -C $(BUILD) distcheck

install: build
	$(MAKE) -C $(BUILD) install

clean:
	-$(MAKE) -C $(BUILD) clean

distclean:
	rm -rf $(BUILD) $(ASAN_BUILD) $(FUZZ_BUILD) $(TSAN_BUILD) $(COV_BUILD) autom4te.cache build-aux m4/libtool.m4 m4/lt*.m4 \
	  aclocal.m4 configure Makefile.in config.h.in
