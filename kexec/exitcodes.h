/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef KEXEC_EXITCODES_H
#define KEXEC_EXITCODES_H

/*
 * The one exit-code table of kexec-ng's tools, documented in the EXIT
 * STATUS sections of man/kexec.8 and man/kexec-memmap.8.  Keep all three
 * in step; tests/golden checks the man page against this list.
 */
enum exit_code {
	EXIT_OK = 0,		/* success */
	EXIT_FAIL = 1,		/* other failure: out of memory, internal error */
	EXIT_USAGE = 2,		/* bad command line */
	EXIT_NOINPUT = 3,	/* an input file is missing or unreadable */
	EXIT_BADINPUT = 4,	/* an input file is malformed */
	EXIT_LIMIT = 5,		/* a configured limit was exceeded */
	EXIT_PERM = 6,		/* not privileged enough (zeroed /proc/iomem, CAP_SYS_BOOT) */
	EXIT_BADIMAGE = 7,	/* kexec: the image cannot be loaded as asked */
	EXIT_NOSPACE = 8,	/* kexec: no room for the segments where a load may go */
	EXIT_KERNEL = 9,	/* kexec: the kernel refused the load, unload or reboot */
	EXIT_CONFLICT = 10,	/* kexec-memmap --check: the sources disagree */
	EXIT_NOTLOADED = 11,	/* kexec -e: nothing is loaded */
};

#endif
