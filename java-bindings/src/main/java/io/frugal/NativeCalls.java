package io.frugal;

import io.frugal.jni.FrugalNative;
import org.bytedeco.javacpp.BytePointer;

/** Turns native status codes into exceptions carrying the native message. */
final class NativeCalls {
    private NativeCalls() {}

    static void check(int status) {
        if (status == 0) return;
        String message = string(FrugalNative.frugal_last_error());
        if (message.isEmpty()) message = string(FrugalNative.frugal_status_name(status));
        throw new FrugalException(ErrorCode.of(status), message);
    }

    static String string(BytePointer p) {
        return p == null || p.isNull() ? "" : p.getString();
    }
}
