package io.frugal.jni;

import org.bytedeco.javacpp.BytePointer;

/**
 * A JavaCPP pointer at a fixed native address that owns nothing: how tensors and their views
 * hand their memory to native calls (position 0, limit and capacity = the view's bytes).
 */
public final class NativeMemory extends BytePointer {
    public NativeMemory(long address, long bytes) {
        super((BytePointer) null);
        this.address = address;
        this.limit = bytes;
        this.capacity = bytes;
    }
}
