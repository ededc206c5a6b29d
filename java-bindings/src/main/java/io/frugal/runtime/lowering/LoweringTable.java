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

    private LoweringTable(Map<DispatchKey, Lowering> entries, Set<DispatchKey> quantizedReaders) {
        this.entries = Map.copyOf(entries);
        this.quantizedReaders = Set.copyOf(quantizedReaders);
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

        public LoweringTable build() {
            return new LoweringTable(entries, quantizedReaders);
        }
    }
}
