package io.frugal;

/**
 * Test helper: packs float data along its last axis into {@link DType#BIT} words the way
 * frugal.h states (sign: x &gt;= 0 is +1 = bit 0, else -1 = bit 1; 64 per word, tails zero).
 * The native vectorized packing is {@code frugal_bitpack}; this is the plain Java model.
 */
final class SignBits {
    private SignBits() {}

    /** Packed words of data viewed as [rows, n]: rows * ceil(n / 64) words. */
    static long[] pack(float[] data, long n) {
        int wordsPerRow = (int) ((n + 63) / 64);
        int rows = (int) (data.length / n);
        long[] words = new long[rows * wordsPerRow];
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < n; c++)
                if (!(data[(int) (r * n + c)] >= 0f)) words[r * wordsPerRow + c / 64] |= 1L << (c % 64);
        return words;
    }

    /** A BIT tensor of shape (last axis packed) from float data of that shape. */
    static Tensor tensor(float[] data, long... shape) {
        return Tensor.fromPackedBits(pack(data, shape[shape.length - 1]), shape);
    }
}
