package io.frugal;

/** Memory order of 4-D activations (C: {@code frugal_layout}). */
public enum Layout {
    /** Batch, channels, height, width: the ONNX order. */
    NCHW,
    /** Batch, height, width, channels: channels innermost, what SIMD kernels prefer. */
    NHWC
}
