#include "cpu/cpu_features.h"

#include <cpuid.h>
#include <omp.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <strings.h>

#include "core/error.h"

namespace frugal::cpu {
namespace {

constexpr int kArchReqXcompPerm = 0x1023;  // arch_prctl: ask for an extended state component
constexpr int kXfeatureXtiledata = 18;     // AMX tile data

struct Regs {
    unsigned a = 0, b = 0, c = 0, d = 0;
};

Regs cpuid(unsigned leaf, unsigned sub) {
    Regs r;
    if (!__get_cpuid_count(leaf, sub, &r.a, &r.b, &r.c, &r.d)) r = Regs{};
    return r;
}

unsigned long long xgetbv0() {
    unsigned lo, hi;
    __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
    return ((unsigned long long)hi << 32) | lo;
}

inline bool bit(unsigned v, int n) { return (v >> n) & 1u; }

uint32_t detect_features() {
    uint32_t f = 0;
    Regs l1 = cpuid(1, 0);
    bool osxsave = bit(l1.c, 27);
    unsigned long long xcr0 = osxsave ? xgetbv0() : 0;
    bool os_avx = (xcr0 & 0x6) == 0x6;
    bool os_avx512 = os_avx && (xcr0 & 0xE0) == 0xE0;
    if (!os_avx) return 0;  // without OS support for YMM state nothing beyond SSE may run

    Regs l7 = cpuid(7, 0);
    Regs l7s1 = cpuid(7, 1);
    if (bit(l1.c, 12)) f |= FRUGAL_CPU_FMA;
    if (bit(l1.c, 29)) f |= FRUGAL_CPU_F16C;
    if (bit(l7.b, 5)) f |= FRUGAL_CPU_AVX2;
    if (os_avx512) {
        f |= FRUGAL_CPU_OS_AVX512;
        if (bit(l7.b, 16)) f |= FRUGAL_CPU_AVX512F;
        if (bit(l7.b, 17)) f |= FRUGAL_CPU_AVX512DQ;
        if (bit(l7.b, 28)) f |= FRUGAL_CPU_AVX512CD;
        if (bit(l7.b, 30)) f |= FRUGAL_CPU_AVX512BW;
        if (bit(l7.b, 31)) f |= FRUGAL_CPU_AVX512VL;
        if (bit(l7.c, 1)) f |= FRUGAL_CPU_AVX512_VBMI;
        if (bit(l7.c, 6)) f |= FRUGAL_CPU_AVX512_VBMI2;
        if (bit(l7.c, 11)) f |= FRUGAL_CPU_AVX512_VNNI;
        if (bit(l7.c, 12)) f |= FRUGAL_CPU_AVX512_BITALG;
        if (bit(l7.c, 14)) f |= FRUGAL_CPU_AVX512_VPOPCNTDQ;
        if (bit(l7.d, 23)) f |= FRUGAL_CPU_AVX512_FP16;
        if (bit(l7s1.a, 5)) f |= FRUGAL_CPU_AVX512_BF16;
    }
    if (bit(l7.d, 24)) f |= FRUGAL_CPU_AMX_TILE;
    if (bit(l7.d, 25)) f |= FRUGAL_CPU_AMX_INT8;
    if (bit(l7.d, 22)) f |= FRUGAL_CPU_AMX_BF16;
    // Linux hands out AMX tile state per process on request; without it tile instructions
    // raise SIGILL. Ask once, here, before any kernel (ours or oneDNN's) could use them.
    if ((f & FRUGAL_CPU_AMX_TILE) && (xcr0 & (3ull << 17)) == (3ull << 17) &&
        syscall(SYS_arch_prctl, kArchReqXcompPerm, kXfeatureXtiledata) == 0)
        f |= FRUGAL_CPU_OS_AMX;
    return f;
}

constexpr uint32_t kAvx2Set = FRUGAL_CPU_AVX2 | FRUGAL_CPU_FMA | FRUGAL_CPU_F16C;
constexpr uint32_t kAvx512Set = FRUGAL_CPU_AVX512F | FRUGAL_CPU_AVX512CD | FRUGAL_CPU_AVX512BW |
                                FRUGAL_CPU_AVX512DQ | FRUGAL_CPU_AVX512VL | FRUGAL_CPU_OS_AVX512;
constexpr uint32_t kVnniSet = FRUGAL_CPU_AVX512_VNNI | FRUGAL_CPU_AVX512_VPOPCNTDQ |
                              FRUGAL_CPU_AVX512_BITALG | FRUGAL_CPU_AVX512_VBMI |
                              FRUGAL_CPU_AVX512_VBMI2;
constexpr uint32_t kAmxSet = FRUGAL_CPU_AVX512_BF16 | FRUGAL_CPU_AMX_TILE | FRUGAL_CPU_AMX_INT8 |
                             FRUGAL_CPU_AMX_BF16 | FRUGAL_CPU_OS_AMX;

// The lowest level a single feature belongs to, for has() under a cap.
frugal_isa level_of(uint32_t feature) {
    if (feature & kAvx2Set) return FRUGAL_ISA_AVX2;
    if (feature & kAvx512Set) return FRUGAL_ISA_AVX512;
    if (feature & kVnniSet) return FRUGAL_ISA_AVX512_VNNI;
    return FRUGAL_ISA_AVX512_AMX;  // AMX, BF16, FP16
}

frugal_isa level_from(uint32_t f) {
    auto all = [f](uint32_t set) { return (f & set) == set; };
    if (!all(kAvx2Set)) return FRUGAL_ISA_SCALAR;
    if (!all(kAvx512Set)) return FRUGAL_ISA_AVX2;
    if (!all(kVnniSet)) return FRUGAL_ISA_AVX512;
    if (!all(kAmxSet)) return FRUGAL_ISA_AVX512_VNNI;
    return FRUGAL_ISA_AVX512_AMX;
}

struct Detected {
    frugal_cpu_info info{};
    bool env_valid = true;
    char env_error[160] = "";
};

Detected detect() {
    Detected d;
    frugal_cpu_info &i = d.info;
    i.features = detect_features();
    i.detected_isa = level_from(i.features);
    i.effective_isa = i.detected_isa;
    i.logical_cores = omp_get_max_threads();

    unsigned brand[12] = {};
    if (cpuid(0x80000000u, 0).a >= 0x80000004u)
        for (unsigned k = 0; k < 3; ++k) {
            Regs r = cpuid(0x80000002u + k, 0);
            brand[4 * k] = r.a, brand[4 * k + 1] = r.b, brand[4 * k + 2] = r.c, brand[4 * k + 3] = r.d;
        }
    std::memcpy(i.brand, brand, sizeof brand);
    i.brand[sizeof i.brand - 1] = '\0';

    if (const char *env = std::getenv("FRUGAL_MAX_ISA"); env != nullptr && *env != '\0') {
        std::strncpy(i.max_isa_env, env, sizeof i.max_isa_env - 1);
        frugal_isa cap = parse_isa(env);
        if (cap < 0) {
            d.env_valid = false;
            std::snprintf(d.env_error, sizeof d.env_error,
                          "FRUGAL_MAX_ISA='%s' is not one of scalar, avx2, avx512, avx512_vnni, avx512_amx", i.max_isa_env);
        }
        else if (cap < i.effective_isa) i.effective_isa = cap;
    }
    return d;
}

const Detected &detected() {
    static const Detected d = detect();
    return d;
}

}  // namespace

const frugal_cpu_info &info() { return detected().info; }

const char *config_error() { return detected().env_valid ? nullptr : detected().env_error; }

bool has(uint32_t feature) {
    return (info().features & feature) == feature && level_of(feature) <= effective_isa();
}

frugal_isa parse_isa(const char *name) {
    struct Alias {
        const char *name;
        frugal_isa isa;
    };
    static const Alias aliases[] = {
        {"scalar", FRUGAL_ISA_SCALAR},           {"sse41", FRUGAL_ISA_SCALAR},
        {"avx2", FRUGAL_ISA_AVX2},               {"avx512", FRUGAL_ISA_AVX512},
        {"avx512_core", FRUGAL_ISA_AVX512},      {"avx512_vnni", FRUGAL_ISA_AVX512_VNNI},
        {"avx512_core_vnni", FRUGAL_ISA_AVX512_VNNI}, {"avx512_amx", FRUGAL_ISA_AVX512_AMX},
        {"avx512_core_amx", FRUGAL_ISA_AVX512_AMX},   {"amx", FRUGAL_ISA_AVX512_AMX},
        {"all", FRUGAL_ISA_AVX512_AMX},
    };
    if (name == nullptr) return -1;
    for (const Alias &a : aliases)
        if (strcasecmp(name, a.name) == 0) return a.isa;
    return -1;
}

}  // namespace frugal::cpu

extern "C" {

frugal_status frugal_cpu_info_get(frugal_cpu_info *info) {
    if (info == nullptr) return frugal::fail(FRUGAL_INVALID_ARGUMENT, "frugal_cpu_info_get: info is null");
    const auto &d = frugal::cpu::detected();
    *info = d.info;
    if (!d.env_valid) return frugal::fail(FRUGAL_INVALID_ARGUMENT, "%s", d.env_error);
    return FRUGAL_OK;
}

const char *frugal_isa_name(frugal_isa isa) {
    switch (isa) {
        case FRUGAL_ISA_SCALAR: return "scalar";
        case FRUGAL_ISA_AVX2: return "avx2";
        case FRUGAL_ISA_AVX512: return "avx512";
        case FRUGAL_ISA_AVX512_VNNI: return "avx512_vnni";
        case FRUGAL_ISA_AVX512_AMX: return "avx512_amx";
        default: return nullptr;
    }
}

}  // extern "C"
