/*
 * What the parts of ssr-bench share: timing, the best of repetitions, the
 * output row, reading a file.
 */
#ifndef SSR_BENCH_H
#define SSR_BENCH_H

#include <stddef.h>

#define MAX_REPS 99

void die(const char *what) __attribute__((noreturn));
double now(void);
/* The shortest time: what the code costs when nothing else gets in the way. */
double best(const double *v, int n);
int reps_arg(int argc, char **argv, int at, int fallback);
/* measure  libssr  reference  unit  ratio (libssr's rate over the reference's) */
void row(const char *measure, double ours, double reference, const char *unit);
char *read_whole(const char *path, size_t *len);

int bench_verify(int argc, char **argv);
int bench_token(int argc, char **argv);
int bench_calls_verify(int argc, char **argv);
int bench_verify_threads(int argc, char **argv);
int bench_tuf(int argc, char **argv);

#endif
