// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * measure: run a command, report its wall time, peak RSS, and the peak of
 * the anonymous memory of it and its descendants (sampled from
 * /proc/PID/status every millisecond: an estimate, enough to tell a mapped
 * file from a heap copy of it).
 *
 *   measure COMMAND [ARGS...]
 *
 * Prints "seconds=S maxrss_kb=K anon_peak_kb=A status=X" on stderr.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* RssAnon of @pid plus all its descendants, through /proc/PID/task/TID/children. */
static long tree_anon_kb(pid_t pid, int depth);

static long anon_kb(pid_t pid)
{
	char path[64], line[256];
	long v = -1;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/status", (int)pid);
	f = fopen(path, "r");
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, "RssAnon:", 8))
			v = strtol(line + 8, NULL, 10);
	fclose(f);
	return v;
}

static long tree_anon_kb(pid_t pid, int depth)
{
	char path[96];
	long sum = anon_kb(pid), child;
	FILE *f;

	if (sum < 0)
		sum = 0;
	if (depth > 8)
		return sum;
	snprintf(path, sizeof(path), "/proc/%d/task/%d/children", (int)pid, (int)pid);
	f = fopen(path, "r");
	if (!f)
		return sum;
	while (fscanf(f, "%ld", &child) == 1)
		sum += tree_anon_kb((pid_t)child, depth + 1);
	fclose(f);
	return sum;
}

int main(int argc, char **argv)
{
	struct timespec t0, t1;
	struct rusage ru;
	long peak = 0;
	int status = 0;
	pid_t pid;

	if (argc < 2) {
		fprintf(stderr, "usage: measure COMMAND [ARGS...]\n");
		return 2;
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	pid = fork();
	if (pid == 0) {
		execvp(argv[1], argv + 1);
		perror(argv[1]);
		_exit(127);
	}
	for (;;) {
		pid_t r = wait4(pid, &status, WNOHANG, &ru);
		long a;

		if (r == pid)
			break;
		a = tree_anon_kb(pid, 0);
		if (a > peak)
			peak = a;
		usleep(1000);
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	fprintf(stderr, "seconds=%.3f maxrss_kb=%ld anon_peak_kb=%ld status=%d\n",
		(double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9,
		ru.ru_maxrss, peak, WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status));
	return 0;
}
