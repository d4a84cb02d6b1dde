# kexec/: the pure core, the edge, and the command-line tools.

CORE_SRCS := \
	kexec/vec.c \
	kexec/diag.c \
	kexec/range.c \
	kexec/memtype.c \
	kexec/iomem.c \
	kexec/fwmap.c \
	kexec/memmap.c \
	kexec/crashinfo.c \
	kexec/crash.c \
	kexec/elfcore.c \
	kexec/crash_load.c \
	kexec/arch/x86_64/e820.c \
	kexec/arch/arm64/dtb_mem.c \
	kexec/seg.c \
	kexec/load.c \
	kexec/decompress.c \
	kexec/arch/x86_64/bzimage.c \
	kexec/arch/x86_64/x86_64_load.c \
	kexec/arch/x86_64/x86_64_crash.c \
	kexec/arch/arm64/image.c \
	kexec/arch/arm64/dtb_chosen.c \
	kexec/arch/arm64/arm64_load.c \
	kexec/arch/arm64/arm64_crash.c \
	kexec/arch/formats.c \
	purgatory/ckhash.c \
	purgatory/verify.c \
	purgatory/arm64/idmap.c

# The pure code of every architecture is built (and unit-tested) on every
# host; only this build's architecture has a format row, which needs its
# purgatory image.
ARCH_DIR_x86_64 := x86_64
ARCH_DIR_aarch64 := arm64
ARCH_DIR := $(ARCH_DIR_$(HOST_ARCH))
CORE_SRCS += kexec/arch/$(ARCH_DIR)/format.c

EDGE_SRCS := \
	kexec/cli.c \
	kexec/sysroot.c \
	kexec/memsrc.c \
	kexec/crashsrc.c \
	kexec/memmap_print.c \
	kexec/fileview.c \
	kexec/kexec_sys.c \
	kexec/plan_print.c

CORE_OBJS := $(CORE_SRCS:%.c=$(B)/obj/%.o)
EDGE_OBJS := $(EDGE_SRCS:%.c=$(B)/obj/%.o)
LIBKEXEC := $(B)/lib/libkexec-ng.a
# This build's purgatory image, built by purgatory/Makefile.frag.
BLOB_OBJS := $(B)/obj/kexec/arch/$(ARCH_DIR)/purgatory_blob.o

$(LIBKEXEC): $(CORE_OBJS) $(EDGE_OBJS) $(BLOB_OBJS)
	@mkdir -p $(@D)
	@$(if $(Q),echo "  AR      $@")
	$(Q)rm -f $@ && $(AR) rcs $@ $^

$(B)/sbin/kexec-memmap: $(B)/obj/kexec/memmap_main.o $(LIBKEXEC)
	@mkdir -p $(@D)
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $^ $(DEP_LIBS)

$(B)/sbin/kexec: $(B)/obj/kexec/kexec_main.o $(LIBKEXEC)
	@mkdir -p $(@D)
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $^ $(DEP_LIBS)

all: $(B)/sbin/kexec-memmap $(B)/sbin/kexec

# Statically linked copies, for initramfs images (tests/e2e): make static.
$(B)/sbin/kexec-static: $(B)/obj/kexec/kexec_main.o $(LIBKEXEC)
	@mkdir -p $(@D)
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(CC) $(ALL_CFLAGS) $(LDFLAGS) -static -o $@ $^ $(DEP_LIBS)

$(B)/sbin/kexec-memmap-static: $(B)/obj/kexec/memmap_main.o $(LIBKEXEC)
	@mkdir -p $(@D)
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(CC) $(ALL_CFLAGS) $(LDFLAGS) -static -o $@ $^ $(DEP_LIBS)

static: $(B)/sbin/kexec-static $(B)/sbin/kexec-memmap-static
.PHONY: static
