/*
 * Measured fp32 FMA peak of this machine, all cores: the denominator of "fraction of peak" in
 * docs/benchmarks.md. Virtual machines hide the real clock (cpu MHz shows the nominal one and
 * turbo is invisible), so the peak is measured, not computed from a spec sheet.
 *
 * Each thread runs 12 independent FMA chains (enough to cover latency 4-5 x 2 ports) on registers
 * only; GFLOPS = threads * iterations * chains * lanes * 2 / seconds. Widest ISA the CPU has.
 *   gcc -O2 -fopenmp peak_fma.c -o peak_fma && ./peak_fma
 */
#include <immintrin.h>
#include <omp.h>
#include <stdio.h>
#include <time.h>

#define CHAINS 12
#define ITERS 200000000L

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec * 1e-9;
}

// Twelve named accumulators so that the compiler keeps every chain in a register.
#define FMA_LOOP(VEC, SET1, FMADD, STORE)                                                      \
    const VEC a = SET1(0.999999f), b = SET1(1e-7f);                                            \
    VEC c0 = SET1(0), c1 = SET1(1), c2 = SET1(2), c3 = SET1(3), c4 = SET1(4), c5 = SET1(5);    \
    VEC c6 = SET1(6), c7 = SET1(7), c8 = SET1(8), c9 = SET1(9), c10 = SET1(10), c11 = SET1(11); \
    for (long i = 0; i < iters; ++i) {                                                         \
        c0 = FMADD(c0, a, b); c1 = FMADD(c1, a, b); c2 = FMADD(c2, a, b);                      \
        c3 = FMADD(c3, a, b); c4 = FMADD(c4, a, b); c5 = FMADD(c5, a, b);                      \
        c6 = FMADD(c6, a, b); c7 = FMADD(c7, a, b); c8 = FMADD(c8, a, b);                      \
        c9 = FMADD(c9, a, b); c10 = FMADD(c10, a, b); c11 = FMADD(c11, a, b);                  \
    }                                                                                          \
    float out[16];                                                                             \
    STORE(out, c0 + c1 + c2 + c3 + c4 + c5 + c6 + c7 + c8 + c9 + c10 + c11);                   \
    return out[0];

__attribute__((target("avx2,fma"))) static float run_avx2(long iters) { FMA_LOOP(__m256, _mm256_set1_ps, _mm256_fmadd_ps, _mm256_storeu_ps) }
__attribute__((target("avx512f"))) static float run_avx512(long iters) { FMA_LOOP(__m512, _mm512_set1_ps, _mm512_fmadd_ps, _mm512_storeu_ps) }

int main(void) {
    int wide = __builtin_cpu_supports("avx512f");
    int lanes = wide ? 16 : 8;
    long iters = ITERS / (wide ? 2 : 1);
    int threads = omp_get_max_threads();
    volatile float sink = 0;
    double best = 1e30;
    for (int rep = 0; rep < 3; ++rep) {
        double t0 = now();
#pragma omp parallel reduction(+ : sink)
        sink += wide ? run_avx512(iters) : run_avx2(iters);
        double t = now() - t0;
        if (t < best) best = t;
    }
    double gflops = (double)threads * iters * CHAINS * lanes * 2 / best / 1e9;
    printf("peak_fma_gflops=%.1f isa=%s threads=%d flops_per_cycle_per_core=%d ghz_equivalent=%.2f\n", gflops,
           wide ? "avx512" : "avx2", threads, lanes * 2 * 2, gflops / threads / (lanes * 2 * 2));
    return 0;
}
