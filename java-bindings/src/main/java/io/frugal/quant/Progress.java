package io.frugal.quant;

import java.io.PrintStream;
import java.util.Locale;

/**
 * A one-line progress bar for long runs, redrawn in place with a carriage return, on a terminal
 * only: when the stream is a pipe or a file (CI logs, tests) it prints nothing.
 */
public final class Progress {
    private final PrintStream out;
    private final boolean enabled;
    private final String label;
    private final long total;
    private final long start = System.nanoTime();
    private long lastDraw;

    private Progress(PrintStream out, boolean enabled, String label, long total) {
        this.out = out;
        this.enabled = enabled;
        this.label = label;
        this.total = total;
    }

    /** On standard error when the JVM has a console; silent otherwise. */
    public static Progress onTerminal(String label, long total) {
        return new Progress(System.err, System.console() != null, label, total);
    }

    /** On out, drawn or not as enabled says (tests). */
    public static Progress to(PrintStream out, boolean enabled, String label, long total) {
        return new Progress(out, enabled, label, total);
    }

    public static Progress silent() {
        return new Progress(null, false, "", 0);
    }

    /** Marks done of total; redraws at most ten times a second, and always at the end. */
    public void update(long done) {
        if (!enabled) return;
        long now = System.nanoTime();
        if (done < total && now - lastDraw < 100_000_000L) return;
        lastDraw = now;
        int width = 30;
        int filled = total == 0 ? width : (int) (width * done / total);
        out.printf(Locale.ROOT, "\r%s %d/%d [%s%s] %.1f s", label, done, total, "=".repeat(filled), " ".repeat(width - filled),
                (now - start) / 1e9);
        if (done >= total) out.println();
        out.flush();
    }
}
