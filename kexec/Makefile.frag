# kexec/: the pure core, the edge, and the command-line tools.

CORE_SRCS := \
	kexec/vec.c \
	kexec/range.c \
	kexec/memtype.c \
	kexec/iomem.c \
	kexec/fwmap.c \
	kexec/memmap.c \
	kexec/arch/x86_64/e820.c \
	kexec/arch/arm64/dtb_mem.c

EDGE_SRCS := \
	kexec/cli.c \
	kexec/sysroot.c \
	kexec/memsrc.c \
	kexec/memmap_print.c

CORE_OBJS := $(CORE_SRCS:%.c=$(B)/obj/%.o)
EDGE_OBJS := $(EDGE_SRCS:%.c=$(B)/obj/%.o)
LIBKEXEC := $(B)/lib/libkexec-ng.a

$(LIBKEXEC): $(CORE_OBJS) $(EDGE_OBJS)
	@mkdir -p $(@D)
	@$(if $(Q),echo "  AR      $@")
	$(Q)rm -f $@ && $(AR) rcs $@ $^

$(B)/sbin/kexec-memmap: $(B)/obj/kexec/memmap_main.o $(LIBKEXEC)
	@mkdir -p $(@D)
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $^ $(DEP_LIBS)

all: $(B)/sbin/kexec-memmap
