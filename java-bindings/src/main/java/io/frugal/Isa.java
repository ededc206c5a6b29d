package io.frugal;

/** ISA levels, ordered: each includes the ones before it (C: {@code frugal_isa}). */
public enum Isa {
    SCALAR("scalar"),
    AVX2("avx2"),
    AVX512("avx512"),
    AVX512_VNNI("avx512_vnni"),
    AVX512_AMX("avx512_amx");

    private final String id;

    Isa(String id) {
        this.id = id;
    }

    /** The name {@code FRUGAL_MAX_ISA} accepts. */
    public String id() {
        return id;
    }

    static Isa of(int level) {
        return values()[level];
    }
}
