# bench/: the builder's cost on generated inputs, against a baseline.

$(B)/bench/gen-iomem: $(B)/obj/bench/gen-iomem.o
	@mkdir -p $(@D)
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $^

bench: all $(B)/bench/gen-iomem
	$(Q)$(srcdir)/bench/run-bench.sh "$(srcdir)" "$(B)"

# The handoff benchmark (issue 3): kexec -e -> the second kernel's first
# line in the QEMU end-to-end run, with and without --no-checks, against
# kexec-tools.  Several minutes: 4 configurations x HANDOFF_RUNS QEMU runs.
bench-handoff: static
	$(Q)$(srcdir)/bench/handoff-bench.sh "$(srcdir)" "$(B)"
.PHONY: bench-handoff

# The load benchmark (issue 3): kexec --dry-run -l of Debian's bzImage with a
# 256 MiB initrd against kexec-tools (kept from ever reaching the kernel: a
# user namespace without CAP_SYS_BOOT, and strace failing the calls).
$(B)/bench/measure: $(B)/obj/bench/measure.o
	@mkdir -p $(@D)
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $^

bench-load: all $(B)/bench/measure
	$(Q)$(srcdir)/bench/load-bench.sh "$(srcdir)" "$(B)"
.PHONY: bench-load
