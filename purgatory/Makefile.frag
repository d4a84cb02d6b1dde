# purgatory/: the code the old kernel jumps to, which checks the segments
# and starts the new kernel.  Built freestanding into a flat image that the
# loader embeds (kexec/arch/<arch>/purgatory_blob.S), for this build's
# architecture only (HOST_ARCH).  The checksum and the verification logic
# are also built for the host, into the library (see CORE_SRCS in
# kexec/Makefile.frag), where the loader and the tests use them.
#
# Purgatory has its own flags and ignores CFLAGS: sanitizers, profiling or
# -O0 from the user's build must not reach code that runs without libc.

OBJCOPY ?= objcopy

PURGATORY_CPPFLAGS := -I$(srcdir)/purgatory
PURGATORY_CFLAGS := -std=gnu11 $(WARNINGS) -O2 -g -ffreestanding \
	-fpie -fvisibility=hidden -fno-stack-protector -fno-stack-clash-protection \
	-fno-asynchronous-unwind-tables -fno-unwind-tables \
	-fno-delete-null-pointer-checks -mgeneral-regs-only
PURGATORY_CFLAGS_x86_64 := -mno-red-zone -fcf-protection=none
# With the MMU off every access is to Device memory, where an unaligned one
# faults: -mstrict-align.  No pointer authentication or BTI: purgatory
# turns nothing of the kind on.
PURGATORY_CFLAGS_aarch64 := -mstrict-align -mbranch-protection=none
PURGATORY_CFLAGS += $(PURGATORY_CFLAGS_$(HOST_ARCH))
# Also used by tests/golden/purgatory*.sh to relink at another address.
PURGATORY_LDFLAGS := -static -nostdlib --no-undefined --no-dynamic-linker \
	--build-id=none -z noexecstack

ifeq ($(HOST_ARCH),x86_64)

# x86_64.  Objects are linked in sorted order, as the golden test does.
PURGATORY_X86_64_SRCS := \
	purgatory/x86_64/entry.S \
	purgatory/x86_64/purgatory.c \
	purgatory/ckhash.c \
	purgatory/verify.c
PURGATORY_X86_64_OBJS := $(sort $(addprefix $(B)/purgatory/x86_64/, \
	$(addsuffix .o,$(basename $(notdir $(PURGATORY_X86_64_SRCS))))))
PURGATORY_X86_64_LDS := $(srcdir)/purgatory/x86_64/purgatory.lds

$(B)/purgatory/x86_64/%.o: purgatory/x86_64/%.c
	@mkdir -p $(@D)
	@$(if $(Q),echo "  CC      $@")
	$(Q)$(CC) $(PURGATORY_CPPFLAGS) $(PURGATORY_CFLAGS) -MMD -MP -c -o $@ $<

$(B)/purgatory/x86_64/%.o: purgatory/%.c
	@mkdir -p $(@D)
	@$(if $(Q),echo "  CC      $@")
	$(Q)$(CC) $(PURGATORY_CPPFLAGS) $(PURGATORY_CFLAGS) -MMD -MP -c -o $@ $<

$(B)/purgatory/x86_64/%.o: purgatory/x86_64/%.S
	@mkdir -p $(@D)
	@$(if $(Q),echo "  AS      $@")
	$(Q)$(CC) $(PURGATORY_CPPFLAGS) $(PURGATORY_CFLAGS) -MMD -MP -c -o $@ $<

$(B)/purgatory/x86_64.elf: $(PURGATORY_X86_64_OBJS) $(PURGATORY_X86_64_LDS)
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(LD) $(PURGATORY_LDFLAGS) -T $(PURGATORY_X86_64_LDS) -o $@ \
		$(PURGATORY_X86_64_OBJS)

$(B)/purgatory/x86_64.bin: $(B)/purgatory/x86_64.elf
	@$(if $(Q),echo "  OBJCOPY $@")
	$(Q)$(OBJCOPY) -O binary $< $@

# The loader's copy: .incbin does not show up in -MMD output, so the
# dependency on the image is spelled out.
$(B)/obj/kexec/arch/x86_64/purgatory_blob.o: kexec/arch/x86_64/purgatory_blob.S \
		$(B)/purgatory/x86_64.bin
	@mkdir -p $(@D)
	@$(if $(Q),echo "  AS      $@")
	$(Q)$(CC) $(ALL_CPPFLAGS) -DPURGATORY_X86_64_BIN='"$(B)/purgatory/x86_64.bin"' \
		-MMD -MP -c -o $@ $<

-include $(wildcard $(B)/purgatory/x86_64/*.d)
endif

ifeq ($(HOST_ARCH),aarch64)
# arm64.  Objects are linked in sorted order, as the golden test does.
PURGATORY_ARM64_SRCS := \
	purgatory/arm64/entry.S \
	purgatory/arm64/purgatory.c \
	purgatory/arm64/idmap.c \
	purgatory/ckhash.c \
	purgatory/verify.c
PURGATORY_ARM64_OBJS := $(sort $(addprefix $(B)/purgatory/arm64/, \
	$(addsuffix .o,$(basename $(notdir $(PURGATORY_ARM64_SRCS))))))
PURGATORY_ARM64_LDS := $(srcdir)/purgatory/arm64/purgatory.lds

$(B)/purgatory/arm64/%.o: purgatory/arm64/%.c
	@mkdir -p $(@D)
	@$(if $(Q),echo "  CC      $@")
	$(Q)$(CC) $(PURGATORY_CPPFLAGS) $(PURGATORY_CFLAGS) -MMD -MP -c -o $@ $<

$(B)/purgatory/arm64/%.o: purgatory/%.c
	@mkdir -p $(@D)
	@$(if $(Q),echo "  CC      $@")
	$(Q)$(CC) $(PURGATORY_CPPFLAGS) $(PURGATORY_CFLAGS) -MMD -MP -c -o $@ $<

$(B)/purgatory/arm64/%.o: purgatory/arm64/%.S
	@mkdir -p $(@D)
	@$(if $(Q),echo "  AS      $@")
	$(Q)$(CC) $(PURGATORY_CPPFLAGS) $(PURGATORY_CFLAGS) -MMD -MP -c -o $@ $<

$(B)/purgatory/arm64.elf: $(PURGATORY_ARM64_OBJS) $(PURGATORY_ARM64_LDS)
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(LD) $(PURGATORY_LDFLAGS) -T $(PURGATORY_ARM64_LDS) -o $@ \
		$(PURGATORY_ARM64_OBJS)

$(B)/purgatory/arm64.bin: $(B)/purgatory/arm64.elf
	@$(if $(Q),echo "  OBJCOPY $@")
	$(Q)$(OBJCOPY) -O binary $< $@

$(B)/obj/kexec/arch/arm64/purgatory_blob.o: kexec/arch/arm64/purgatory_blob.S \
		$(B)/purgatory/arm64.bin
	@mkdir -p $(@D)
	@$(if $(Q),echo "  AS      $@")
	$(Q)$(CC) $(ALL_CPPFLAGS) -DPURGATORY_ARM64_BIN='"$(B)/purgatory/arm64.bin"' \
		-MMD -MP -c -o $@ $<

-include $(wildcard $(B)/purgatory/arm64/*.d)
endif
