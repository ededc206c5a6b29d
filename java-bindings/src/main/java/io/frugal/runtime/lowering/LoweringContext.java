package io.frugal.runtime.lowering;

import io.frugal.Layout;
import io.frugal.NativeOp;
import io.frugal.Tensor;
import io.frugal.graph.ConstantTensor;
import java.util.List;

/**
 * What a {@link Lowering} sees of the graph being compiled and how it hands back its result. Shapes
 * are static (shape inference ran with the bound input shapes). Tensors a lowering gets from
 * {@link #weights} are closed by the compiler once compilation ends: operators pack what they keep.
 */
public interface LoweringContext {
    /** The ONNX opset of the default domain. */
    long opset();

    /** The static shape of a value (a run-time value or a constant), as ONNX sees it. */
    long[] shape(String value);

    /**
     * How a run-time value is stored: {@link Layout#NCHW} means as its ONNX shape says (any rank);
     * {@link Layout#NHWC} means a rank-4 [N, C, H, W] value stored channels-last. Lowerings that
     * do not ask with {@link #input(String, Layout)} always see values as ONNX stores them: the
     * compiler inserts the conversion.
     */
    Layout layout(String value);

    /** The shape a value's memory has: [N, H, W, C] for an NHWC value, else {@link #shape}. */
    long[] physicalShape(String value);

    /**
     * The value stored in layout: value itself when it is stored so, else a converted copy (made
     * once per value and layout; a view when the two layouts share memory, as when C or H*W is 1).
     */
    String input(String value, Layout layout);

    /**
     * Where to write a node output that the operator produces in layout; value itself unless it
     * must end up in another layout (a graph output is always stored as ONNX says), in which case
     * the compiler converts after the node.
     */
    String output(String value, Layout layout);

    /** Whether value is a constant (an initializer after folding). */
    boolean isConstant(String value);

    /** The constant's data; a LoweringException naming the node if value is not constant. */
    ConstantTensor constant(String value);

    /** A constant as a new F32 tensor (weights, bias), closed by the compiler after compilation. */
    Tensor weights(String value);

    /** Given values as a new F32 tensor, closed by the compiler after compilation. */
    Tensor weights(float[] data, long... shape);

    /** Registers data as a constant operand that sessions read at run time; returns its value name. */
    String runtimeConstant(float[] data, long... shape);

    /** A new intermediate value of shape, for lowerings that emit more than one operator. */
    String temporary(long... shape);

    /**
     * A new intermediate value of another element type (e.g. {@link io.frugal.DType#BIT} packed
     * signs), stored exactly in shape (no layout conversion applies to it).
     */
    String temporary(io.frugal.DType dtype, long... shape);

    /**
     * Lowers node with the entry of another precision instead (its fallback chain applies), for a
     * lowering that finds its kernels do not serve this node's shape, or a node that must run in
     * another precision whatever the plan (an exported Sign -> Conv is BINARY); the steps are
     * labeled so.
     */
    void fallBack(io.frugal.graph.Node node, io.frugal.plan.Precision precision);

    /** Adds an operator reading inputs and writing outputs (value names, in the invoker's order). */
    void emit(NativeOp op, Invoker invoker, List<String> inputs, List<String> outputs);

    /**
     * A new value that is value's memory under another shape of the same element count, for
     * operators that see a value in their own shape (a [N, T, C] activation as [N*T, C] rows).
     */
    String view(String value, long... shape);

    /** Makes output the same memory as input, starting offsetElements into it, under output's shape. */
    void alias(String output, String input, long offsetElements);

    /** An error naming the node being lowered. */
    LoweringException error(String message);

    // ------------------------------------------------------------------ 8-bit values (INT8 precision)

    /**
     * value in 8 bits, stored in layout, as its calibrated range says: u8 when nothing negative
     * was seen, else s8, scale = threshold / 255 or / 127. Made once per value (a quantize step
     * after the f32 producer) unless an int8 producer wrote it so. An error naming the value when
     * the compile has no calibration or the calibration has no range for it.
     */
    QuantizedOperand quantizedInput(String value, Layout layout);

    /**
     * Where an int8 operator writes a node output it produces in layout: in 8 bits (with the
     * value's calibrated type and scale) when every reader takes it so, else F32 at
     * {@link #output(String, Layout)}. A reader that wants f32 after all gets a dequantize step.
     */
    QuantizedOperand quantizedOutput(String value, Layout layout);

    // ------------------------------------------------------------------ sign bits (BINARY precision)

    /**
     * value's signs packed along channels, {@link io.frugal.DType#BIT} [N, H, W, C] (bit 1 means
     * x &lt; 0): made once per value by a bit-pack step after its f32 producer, unless a binary
     * producer wrote it so ({@link #signBitsOutput}).
     */
    String signBits(String value);

    /**
     * Where a binary operator may write a node output as its sign bits only, BIT [N, H, W, C]: a
     * value name when every reader takes sign bits ({@link LoweringTable#readsSignBits}) and value
     * is not a graph output, else null (write f32 at {@link #output(String, Layout)}). Once asked
     * and answered non-null, the producer must write the bits: no f32 form of value will exist.
     */
    String signBitsOutput(String value);
}
