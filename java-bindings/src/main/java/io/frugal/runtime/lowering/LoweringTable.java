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

    private LoweringTable(Map<DispatchKey, Lowering> entries) {
        this.entries = Map.copyOf(entries);
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
        return b.build();
    }

    public Optional<Lowering> find(DispatchKey key) {
        return Optional.ofNullable(entries.get(key));
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

        public LoweringTable build() {
            return new LoweringTable(entries);
        }
    }
}
