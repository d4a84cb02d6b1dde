# purgatory/: the code the old kernel jumps to, which checks the segments
# and starts the new kernel.  Built freestanding into a flat image that the
# loader embeds (kexec/arch/x86_64/purgatory_blob.S).  The checksum and the
# verification logic are also built for the host, into the library (see
# CORE_SRCS in kexec/Makefile.frag), where the loader and the tests use them.
#
# Purgatory has its own flags and ignores CFLAGS: sanitizers, profiling or
# -O0 from the user's build must not reach code that runs without libc.

OBJCOPY ?= objcopy

PURGATORY_CPPFLAGS := -I$(srcdir)/purgatory
PURGATORY_CFLAGS := -std=gnu11 $(WARNINGS) -O2 -g -ffreestanding \
	-fpie -fvisibility=hidden -fno-stack-protector -fno-stack-clash-protection \
	-fcf-protection=none -fno-asynchronous-unwind-tables -fno-unwind-tables \
	-fno-delete-null-pointer-checks -mno-red-zone -mgeneral-regs-only
# Also used by tests/golden/purgatory.sh to relink at another address.
PURGATORY_LDFLAGS := -static -nostdlib --no-undefined --no-dynamic-linker \
	--build-id=none -z noexecstack

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
