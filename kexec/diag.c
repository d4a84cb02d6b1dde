// SPDX-License-Identifier: GPL-2.0-or-later
#include <stdarg.h>
#include <stdio.h>

#include "diag.h"

int diag_set(struct diag *d, int ret, unsigned line, const char *field, const char *fmt, ...)
{
	va_list ap;

	d->line = line;
	snprintf(d->field, sizeof(d->field), "%s", field);
	va_start(ap, fmt);
	vsnprintf(d->msg, sizeof(d->msg), fmt, ap);
	va_end(ap);
	return ret;
}
