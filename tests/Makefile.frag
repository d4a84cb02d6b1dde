# tests/: unit tests (one program per module), golden and bad-input tests
# over fake sysroots, the man-page check, and fuzz targets.

UNIT_TESTS := range iomem fwmap memmap fixtures e820 dtb_mem ckhash purgatory bzimage seg \
	x86_64_load arm64_image dtb_chosen arm64_load arm64_idmap crashinfo crash elfcore \
	x86_64_crash arm64_crash
UNIT_BINS := $(UNIT_TESTS:%=$(B)/tests/unit/test-%)
HARNESS_OBJ := $(B)/obj/tests/unit/harness.o

$(B)/tests/unit/test-%: $(B)/obj/tests/unit/test-%.o $(HARNESS_OBJ) $(LIBKEXEC)
	@mkdir -p $(@D)
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $^ $(DEP_LIBS)

# Fuzz targets: built with libFuzzer when clang is there (make fuzz), and
# always built as plain replay programs that run the seed corpus (make check).
FUZZ_TARGETS := iomem fwmap bzimage dtb crashinfo
FUZZ_REPLAY_BINS := $(FUZZ_TARGETS:%=$(B)/tests/fuzz/replay-%)
FUZZ_SECONDS ?= 30

$(B)/tests/fuzz/replay-%: $(B)/obj/tests/fuzz/fuzz-%.o $(B)/obj/tests/fuzz/replay.o $(LIBKEXEC)
	@mkdir -p $(@D)
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $^ $(DEP_LIBS)

$(B)/tests/fuzz/libfuzzer-%: tests/fuzz/fuzz-%.c $(CORE_SRCS) $(BLOB_OBJS)
	@mkdir -p $(@D)
	@$(if $(Q),echo "  CLANG   $@")
	$(Q)$(CLANG) -std=gnu11 -g -O1 -fsanitize=fuzzer,address,undefined \
		-fno-sanitize-recover=undefined $(ALL_CPPFLAGS) -o $@ $^ $(DEP_LIBS)

TEST_BINS := $(UNIT_BINS) $(FUZZ_REPLAY_BINS) $(B)/tests/golden/dtb-set-memory \
	$(B)/tests/golden/mkbzimage $(B)/tests/golden/mkarm64image $(B)/tests/golden/purgatory-fill \
	$(B)/tests/golden/mkelfcore

# Drivers for the golden scripts.
$(B)/tests/golden/mkbzimage: $(B)/obj/tests/golden/mkbzimage.o
	@mkdir -p $(@D)
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $^

$(B)/tests/golden/mkarm64image: $(B)/obj/tests/golden/mkarm64image.o
	@mkdir -p $(@D)
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $^

$(B)/tests/golden/purgatory-fill: $(B)/obj/tests/golden/purgatory-fill.o $(LIBKEXEC)
	@mkdir -p $(@D)
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $^ $(DEP_LIBS)

$(B)/tests/golden/mkelfcore: $(B)/obj/tests/golden/mkelfcore.o $(LIBKEXEC)
	@mkdir -p $(@D)
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $^ $(DEP_LIBS)

$(B)/tests/golden/dtb-set-memory: $(B)/obj/tests/golden/dtb-set-memory.o $(LIBKEXEC)
	@mkdir -p $(@D)
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $^ $(DEP_LIBS)

# The scripts learn which architecture this build loads, what runs the
# built programs (TEST_RUNNER, qemu-user for a cross build) and this
# build's binutils (the purgatory tests relink with them).
check: all $(TEST_BINS)
	$(Q)HOST_ARCH='$(HOST_ARCH)' TEST_RUNNER='$(TEST_RUNNER)' CC='$(CC)' LD='$(LD)' \
		NM='$(NM)' OBJCOPY='$(OBJCOPY)' \
		$(srcdir)/tests/run-tests.sh "$(srcdir)" "$(B)" "$(DTC)"

fuzz: $(FUZZ_TARGETS:%=$(B)/tests/fuzz/libfuzzer-%) $(B)/tests/golden/mkbzimage
	$(Q)DTC="$(DTC)" $(srcdir)/tests/fuzz/run-fuzz.sh "$(srcdir)" "$(B)" "$(FUZZ_SECONDS)" $(FUZZ_TARGETS)
