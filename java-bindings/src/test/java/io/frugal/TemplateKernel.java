package io.frugal;

import java.util.List;

/**
 * A kernel of a family generated from one template per ISA (kernels-cpu/src/&lt;family&gt;/):
 * "avx512:&lt;family&gt;", "avx2:&lt;family&gt;" and "ref:&lt;family&gt;", with the level each needs.
 * The kernel tests of those families run every test per kernel through this.
 */
record TemplateKernel(String id, Isa isa) {
    /** The family's kernels, fastest first, as its dispatch list orders them. */
    static List<TemplateKernel> of(String family) {
        return List.of(new TemplateKernel("avx512:" + family, Isa.AVX512), new TemplateKernel("avx2:" + family, Isa.AVX2),
                new TemplateKernel("ref:" + family, Isa.SCALAR));
    }

    @Override
    public String toString() {
        return id;
    }
}
