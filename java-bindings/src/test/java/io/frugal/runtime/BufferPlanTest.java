package io.frugal.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The arena planner: values alive at the same time never share bytes, and sharing does happen. */
class BufferPlanTest {
    @Test
    void liveValuesNeverOverlapOnRandomLifetimes() {
        SplittableRandom r = new SplittableRandom(7);
        for (int trial = 0; trial < 200; trial++) {
            List<BufferPlan.Lifetime> values = new ArrayList<>();
            int steps = 1 + r.nextInt(40);
            int count = 1 + r.nextInt(60);
            for (int i = 0; i < count; i++) {
                int first = r.nextInt(steps + 1) - 1;
                int last = Math.min(steps, first + r.nextInt(8));
                values.add(new BufferPlan.Lifetime("v" + i, 1 + r.nextInt(5000), first, Math.max(first, last)));
            }
            BufferPlan plan = BufferPlan.place(values);
            long peakLive = 0;
            for (int s = -1; s <= steps; s++) {
                long live = 0;
                for (BufferPlan.Lifetime v : values) {
                    if (v.first() <= s && s <= v.last()) live += BufferPlan.align(v.elements());
                }
                peakLive = Math.max(peakLive, live);
            }
            for (int i = 0; i < values.size(); i++) {
                BufferPlan.Lifetime a = values.get(i);
                long a0 = plan.offset(a.value());
                assertEquals(0, a0 % BufferPlan.ALIGN_ELEMENTS, "64-byte aligned");
                assertTrue(a0 + a.elements() <= plan.arenaElements(), "inside the arena");
                for (int j = i + 1; j < values.size(); j++) {
                    BufferPlan.Lifetime b = values.get(j);
                    if (!a.overlaps(b)) continue;
                    long b0 = plan.offset(b.value());
                    assertTrue(a0 + a.elements() <= b0 || b0 + b.elements() <= a0,
                            "trial " + trial + ": " + a + " at " + a0 + " and " + b + " at " + b0 + " are alive together and overlap");
                }
            }
            // Never below what is alive at once, never above having no reuse at all.
            assertTrue(plan.arenaElements() >= peakLive, "arena below the live peak");
            assertTrue(plan.arenaElements() <= plan.unsharedElements());
        }
    }

    @Test
    void aChainReusesTwoBuffers() {
        List<BufferPlan.Lifetime> chain = new ArrayList<>();
        for (int i = 0; i < 10; i++) chain.add(new BufferPlan.Lifetime("v" + i, 1000, i - 1, i));
        BufferPlan plan = BufferPlan.place(chain);
        assertEquals(2 * BufferPlan.align(1000), plan.arenaElements());
        assertEquals(10 * BufferPlan.align(1000), plan.unsharedElements());
    }
}
