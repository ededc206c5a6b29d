package io.frugal;

import io.frugal.jni.FrugalNative;
import java.lang.ref.Cleaner;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.PointerPointer;

/**
 * 64-byte aligned native memory shared by a tensor and its views, freed when the last of them
 * is closed (or, as a safety net, when all of them became unreachable).
 */
final class Storage {
    private static final Cleaner CLEANER = Cleaner.create();

    final long address;
    final long bytes;
    private int references = 1;
    private final Cleaner.Cleanable cleanable;

    Storage(long bytes) {
        try (PointerPointer<Pointer> out = new PointerPointer<>(1)) {
            NativeCalls.check(FrugalNative.frugal_alloc(bytes, out));
            this.address = out.get(0).address();
        }
        this.bytes = bytes;
        long toFree = address;
        this.cleanable = CLEANER.register(this, () -> FrugalNative.frugal_free(toFree));
    }

    synchronized void retain() {
        if (references == 0) throw new IllegalStateException("tensor memory was already freed");
        references++;
    }

    synchronized void release() {
        if (references > 0 && --references == 0) cleanable.clean();
    }
}
