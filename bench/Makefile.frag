# bench/: the builder's cost on generated inputs, against a baseline.

$(B)/bench/gen-iomem: $(B)/obj/bench/gen-iomem.o
	@mkdir -p $(@D)
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $^

bench: all $(B)/bench/gen-iomem
	$(Q)$(srcdir)/bench/run-bench.sh "$(srcdir)" "$(B)"
