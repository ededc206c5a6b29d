package io.frugal.runtime.lowering;

import io.frugal.plan.Device;
import io.frugal.plan.Precision;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The compiler's dispatch table: (ONNX operator, precision, device) to the lowering that serves it.
 * Immutable. {@link #standard()} holds every entry Frugal ships; precisions add theirs here.
 */
public final class LoweringTable {
    private final Map<DispatchKey, Lowering> entries;
    private final Set<DispatchKey> quantizedReaders;
    private final Map<String, SignBitReader> signBitReaders;

    private LoweringTable(Map<DispatchKey, Lowering> entries, Set<DispatchKey> quantizedReaders,
                          Map<String, SignBitReader> signBitReaders) {
        this.entries = Map.copyOf(entries);
        this.quantizedReaders = Set.copyOf(quantizedReaders);
        this.signBitReaders = Map.copyOf(signBitReaders);
    }

    /**
     * Whether a node's lowering reads its main input as packed sign bits (through
     * {@link LoweringContext#signBits}) when it runs at a precision, so that a binary producer may
     * write that value as sign bits only. Asked of the readers of a value before they are lowered:
     * it must give the answer the lowering itself will act on.
     */
    @FunctionalInterface
    public interface SignBitReader {
        boolean readsSignBits(io.frugal.graph.Node node, Precision precision, LoweringContext ctx);
    }

    /** Every lowering Frugal ships. */
    public static LoweringTable standard() {
        Builder b = new Builder();
        Fp32ConvLowerings.register(b);
        Fp32MatMulLowerings.register(b);
        Fp32ElementwiseLowerings.register(b);
        Fp32PoolLowerings.register(b);
        Fp32NormalizationLowerings.register(b);
        Fp32ReduceLowerings.register(b);
        Fp32ShapeLowerings.register(b);
        Fp32ResizeLowering.register(b);
        Int8ConvLowering.register(b);
        Int8MatMulLowerings.register(b);
        BinaryConvLowering.register(b);
        BinaryWeightConvLowering.register(b);
        return b.build();
    }

    public Optional<Lowering> find(DispatchKey key) {
        return Optional.ofNullable(entries.get(key));
    }

    /**
     * The entry that serves key: its own, else that of the precision's {@link Precision#fallback()}
     * chain (empty when none has one).
     */
    public Optional<DispatchKey> resolve(DispatchKey key) {
        for (Precision p = key.precision(); p != null; p = p.fallback()) {
            DispatchKey k = new DispatchKey(key.opType(), p, key.device());
            if (entries.containsKey(k)) return Optional.of(k);
        }
        return Optional.empty();
    }

    /**
     * Whether the lowering at key reads its main input in 8 bits (through
     * {@link LoweringContext#quantizedInput}), so that a producer may write that value in 8 bits only.
     */
    public boolean readsQuantized(DispatchKey key) {
        return quantizedReaders.contains(key);
    }

    /** Whether node, lowered at the entry key resolved to, reads its main input as sign bits. */
    public boolean readsSignBits(io.frugal.graph.Node node, DispatchKey key, LoweringContext ctx) {
        SignBitReader r = signBitReaders.get(key.opType());
        return r != null && r.readsSignBits(node, key.precision(), ctx);
    }

    /** The operators served at precision on device, sorted. */
    public Set<String> operators(Precision precision, Device device) {
        Set<String> out = new TreeSet<>();
        for (DispatchKey k : entries.keySet()) {
            if (k.precision() == precision && k.device() == device) out.add(k.opType());
        }
        return out;
    }

    public Set<DispatchKey> keys() {
        return entries.keySet();
    }

    public static final class Builder {
        private final Map<DispatchKey, Lowering> entries = new LinkedHashMap<>();
        private final Set<DispatchKey> quantizedReaders = new java.util.HashSet<>();
        private final Map<String, SignBitReader> signBitReaders = new LinkedHashMap<>();

        /** Registers lowering for each operator at precision on device; a key registered twice is a bug. */
        public Builder add(Precision precision, Device device, Lowering lowering, String... opTypes) {
            for (String op : opTypes) {
                DispatchKey k = new DispatchKey(op, precision, device);
                if (entries.putIfAbsent(k, lowering) != null) {
                    throw new IllegalStateException("lowering for " + k + " registered twice");
                }
            }
            return this;
        }

        /** Marks the entries of opTypes at precision on device as reading their input in 8 bits. */
        public Builder readsQuantized(Precision precision, Device device, String... opTypes) {
            for (String op : opTypes) quantizedReaders.add(new DispatchKey(op, precision, device));
            return this;
        }

        /** Says, for every precision, when a node of opType reads its main input as sign bits. */
        public Builder readsSignBits(String opType, SignBitReader reader) {
            if (signBitReaders.putIfAbsent(opType, reader) != null) {
                throw new IllegalStateException("sign-bit reader for " + opType + " registered twice");
            }
            return this;
        }

        public LoweringTable build() {
            return new LoweringTable(entries, quantizedReaders, signBitReaders);
        }
    }
}
