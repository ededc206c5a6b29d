package io.frugal.runtime.lowering;

/** Transpose and Slice: strided copies. */
final class Fp32ReorderLowerings {
    private Fp32ReorderLowerings() {}

    static void register(LoweringTable.Builder t) {
        // Entries arrive with the reorder operator.
    }
}
