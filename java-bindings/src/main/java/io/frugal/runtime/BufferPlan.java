package io.frugal.runtime;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where each run-time value lives in a session's one activation arena. Two values share memory
 * only when their lifetimes (the steps from the one that writes them to the last that reads them)
 * do not overlap. Placement is greedy by size, largest first, each at the lowest offset that does
 * not collide with a placed value alive at the same time (TFLite's arena planner does the same).
 * Offsets are in elements, aligned to 64 bytes.
 */
final class BufferPlan {
    static final long ALIGN_ELEMENTS = 16;

    /** A value's lifetime in step indices (inputs are written at -1, outputs read at steps.size()). */
    record Lifetime(String value, long elements, int first, int last) {
        boolean overlaps(Lifetime o) {
            return first <= o.last && o.first <= last;
        }
    }

    private final Map<String, Long> offsets;
    private final long arenaElements;
    private final long unsharedElements;

    private BufferPlan(Map<String, Long> offsets, long arenaElements, long unsharedElements) {
        this.offsets = offsets;
        this.arenaElements = arenaElements;
        this.unsharedElements = unsharedElements;
    }

    static BufferPlan place(List<Lifetime> lifetimes) {
        List<Lifetime> order = new ArrayList<>(lifetimes);
        order.sort(Comparator.comparingLong(Lifetime::elements).reversed().thenComparingInt(Lifetime::first));
        List<Lifetime> placed = new ArrayList<>();
        Map<String, Long> at = new LinkedHashMap<>();
        long end = 0;
        long unshared = 0;
        for (Lifetime v : order) {
            long size = align(v.elements());
            unshared += size;
            List<long[]> busy = new ArrayList<>();
            for (Lifetime p : placed) {
                if (p.overlaps(v)) busy.add(new long[] {at.get(p.value()), at.get(p.value()) + align(p.elements())});
            }
            busy.sort(Comparator.comparingLong(r -> r[0]));
            long offset = 0;
            for (long[] r : busy) {
                if (r[0] - offset >= size) break;
                offset = Math.max(offset, r[1]);
            }
            at.put(v.value(), offset);
            placed.add(v);
            end = Math.max(end, offset + size);
        }
        return new BufferPlan(Map.copyOf(at), end, unshared);
    }

    static long align(long elements) {
        return (elements + ALIGN_ELEMENTS - 1) / ALIGN_ELEMENTS * ALIGN_ELEMENTS;
    }

    long offset(String value) {
        Long o = offsets.get(value);
        if (o == null) throw new IllegalStateException("value '" + value + "' has no place in the arena");
        return o;
    }

    /** Elements of the arena: the peak of simultaneously live activations, after alignment. */
    long arenaElements() {
        return arenaElements;
    }

    /** Elements the values would take with no sharing at all. */
    long unsharedElements() {
        return unsharedElements;
    }
}
