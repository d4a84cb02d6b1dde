// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * vmcore-phdrs [FILE]: the program headers of an ELF64 core (default
 * /proc/vmcore), for the kdump end-to-end test (tests/e2e/run-kdump.sh).
 * Built on the host with gcc -static and run in the capture kernel.
 *
 * Prints one line per header:
 *   PT_LOAD paddr=0x<16 hex> memsz=0x<16 hex> vaddr=0x<16 hex> filesz=0x<16 hex>
 *   PT_NOTE offset=0x... filesz=0x...
 *   PHDR type=0x... (anything else)
 * and a summary line "phnum=N loads=N notes=N xnum=0|1".
 * With e_phnum == PN_XNUM (0xffff) the real count is section header 0's
 * sh_info (ELF extended numbering).  Exit status 1 on any error.
 */
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static int readat(int fd, void *buf, size_t n, uint64_t off)
{
	size_t got = 0;

	while (got < n) {
		ssize_t r = pread(fd, (char *)buf + got, n - got, (off_t)(off + got));

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return -1;
		got += (size_t)r;
	}
	return 0;
}

int main(int argc, char **argv)
{
	const char *path = argc > 1 ? argv[1] : "/proc/vmcore";
	Elf64_Ehdr eh;
	uint64_t phnum, loads = 0, notes = 0;
	int xnum = 0;
	int fd = open(path, O_RDONLY);

	if (fd < 0) {
		fprintf(stderr, "vmcore-phdrs: %s: %s\n", path, strerror(errno));
		return 1;
	}
	if (readat(fd, &eh, sizeof(eh), 0) < 0) {
		fprintf(stderr, "vmcore-phdrs: %s: cannot read the ELF header\n", path);
		return 1;
	}
	if (memcmp(eh.e_ident, ELFMAG, SELFMAG) != 0 || eh.e_ident[EI_CLASS] != ELFCLASS64) {
		fprintf(stderr, "vmcore-phdrs: %s: not an ELF64 file\n", path);
		return 1;
	}
	if (eh.e_phentsize != sizeof(Elf64_Phdr)) {
		fprintf(stderr, "vmcore-phdrs: %s: e_phentsize %u\n", path, eh.e_phentsize);
		return 1;
	}
	phnum = eh.e_phnum;
	if (eh.e_phnum == PN_XNUM) {
		Elf64_Shdr sh0;

		xnum = 1;
		if (eh.e_shoff == 0 || readat(fd, &sh0, sizeof(sh0), eh.e_shoff) < 0) {
			fprintf(stderr, "vmcore-phdrs: %s: PN_XNUM without section header 0\n", path);
			return 1;
		}
		phnum = sh0.sh_info;
	}
	printf("ELF type=%u machine=%u phoff=0x%" PRIx64 " e_phnum=0x%x\n",
	       eh.e_type, eh.e_machine, (uint64_t)eh.e_phoff, eh.e_phnum);
	for (uint64_t i = 0; i < phnum; i++) {
		Elf64_Phdr ph;

		if (readat(fd, &ph, sizeof(ph), eh.e_phoff + i * sizeof(ph)) < 0) {
			fprintf(stderr, "vmcore-phdrs: %s: cannot read program header %" PRIu64 "\n",
				path, i);
			return 1;
		}
		switch (ph.p_type) {
		case PT_LOAD:
			loads++;
			printf("PT_LOAD paddr=0x%016" PRIx64 " memsz=0x%016" PRIx64
			       " vaddr=0x%016" PRIx64 " filesz=0x%016" PRIx64 "\n",
			       (uint64_t)ph.p_paddr, (uint64_t)ph.p_memsz,
			       (uint64_t)ph.p_vaddr, (uint64_t)ph.p_filesz);
			break;
		case PT_NOTE:
			notes++;
			printf("PT_NOTE offset=0x%" PRIx64 " filesz=0x%" PRIx64 "\n",
			       (uint64_t)ph.p_offset, (uint64_t)ph.p_filesz);
			break;
		default:
			printf("PHDR type=0x%x\n", ph.p_type);
		}
	}
	printf("phnum=%" PRIu64 " loads=%" PRIu64 " notes=%" PRIu64 " xnum=%d\n",
	       phnum, loads, notes, xnum);
	return 0;
}
