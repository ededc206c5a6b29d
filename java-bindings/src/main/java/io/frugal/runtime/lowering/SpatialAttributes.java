package io.frugal.runtime.lowering;

import io.frugal.graph.Node;

/**
 * The 2-D window attributes Conv, ConvTranspose and the pools share (kernel_shape, strides,
 * dilations, pads, auto_pad), read once and checked, with auto_pad turned into explicit pads.
 */
record SpatialAttributes(long kernelH, long kernelW, long strideH, long strideW, long dilationH, long dilationW,
                         long padTop, long padLeft, long padBottom, long padRight) {

    /**
     * Reads node's window attributes for an input of spatial size inH x inW.
     *
     * @param kernel the kernel size when it is known from the weights (null: kernel_shape must be present)
     */
    static SpatialAttributes read(Node node, LoweringContext ctx, long inH, long inW, long[] kernel) {
        long[] ks = node.intsAttr("kernel_shape", kernel);
        if (ks == null) throw ctx.error("kernel_shape is missing");
        if (ks.length != 2) throw ctx.error("kernel_shape " + java.util.Arrays.toString(ks) + " is not 2-D; only 2-D windows are supported");
        if (kernel != null && (ks[0] != kernel[0] || ks[1] != kernel[1])) {
            throw ctx.error("kernel_shape " + java.util.Arrays.toString(ks) + " does not match the weights' "
                    + java.util.Arrays.toString(kernel));
        }
        long[] st = pair(node, ctx, "strides");
        long[] dl = pair(node, ctx, "dilations");
        long[] pads = node.intsAttr("pads", new long[] {0, 0, 0, 0});
        if (pads.length != 4) throw ctx.error("pads " + java.util.Arrays.toString(pads) + " must have 4 entries for a 2-D window");
        String autoPad = node.stringAttr("auto_pad", "NOTSET");
        switch (autoPad) {
            case "NOTSET":
                break;
            case "VALID":
                pads = new long[] {0, 0, 0, 0};
                break;
            case "SAME_UPPER":
            case "SAME_LOWER": {
                boolean upper = autoPad.equals("SAME_UPPER");
                long[] h = samePads(inH, ks[0], st[0], dl[0], upper);
                long[] w = samePads(inW, ks[1], st[1], dl[1], upper);
                pads = new long[] {h[0], w[0], h[1], w[1]};
                break;
            }
            default:
                throw ctx.error("auto_pad '" + autoPad + "' is not one of NOTSET, VALID, SAME_UPPER, SAME_LOWER");
        }
        // ONNX pads are [x1_begin, x2_begin, x1_end, x2_end]: top, left, bottom, right.
        return new SpatialAttributes(ks[0], ks[1], st[0], st[1], dl[0], dl[1], pads[0], pads[1], pads[2], pads[3]);
    }

    private static long[] pair(Node node, LoweringContext ctx, String name) {
        long[] v = node.intsAttr(name, new long[] {1, 1});
        if (v.length != 2) throw ctx.error(name + " " + java.util.Arrays.toString(v) + " must have 2 entries for a 2-D window");
        return v;
    }

    /** SAME padding: the output is ceil(in / stride); the odd pixel goes at the end (UPPER) or the start (LOWER). */
    private static long[] samePads(long in, long k, long stride, long dilation, boolean upper) {
        long out = (in + stride - 1) / stride;
        long total = Math.max(0, (out - 1) * stride + (k - 1) * dilation + 1 - in);
        long small = total / 2;
        long big = total - small;
        return upper ? new long[] {small, big} : new long[] {big, small};
    }
}
