package io.frugal.demo;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.font.FontRenderContext;
import java.awt.font.LineMetrics;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Synthetic text-line images, rendered with Java2D (headless): one line of words and numbers per
 * image, dark text on a light background, cropped the way a text detector crops a line (the text's
 * height is 65-85% of the image's). Every line is deterministic from the seed and its index, and
 * comes upright and turned 180° (the exact pixel rotation of the upright image).
 *
 * <p>Variation per line: the font family (the logical fonts every JVM has: serif, sans-serif,
 * monospaced, dialog, dialog-input), its style (plain, bold, italic), its size (18-44 px), the
 * words, the background and text colours, the margins and a little pixel noise. The logical fonts
 * map to whatever the platform has (DejaVu on most Linux machines), so the same seed gives the
 * same pixels on one machine, not necessarily across machines.
 *
 * <pre>{@code
 * TextLineRenderer.TextLine line = new TextLineRenderer(1).line(0);
 * BufferedImage upright = line.upright(), turned = line.turned();
 * }</pre>
 */
public final class TextLineRenderer {
    /** The font families drawn from: Java's logical fonts, present in every JVM. */
    public static final List<String> FAMILIES = List.of(Font.SERIF, Font.SANS_SERIF, Font.MONOSPACED, Font.DIALOG,
            Font.DIALOG_INPUT);
    /** The font styles drawn from. */
    public static final List<Integer> STYLES = List.of(Font.PLAIN, Font.BOLD, Font.ITALIC);
    /** Font sizes in pixels: from MIN_SIZE to MAX_SIZE inclusive. */
    public static final int MIN_SIZE = 18, MAX_SIZE = 44;

    /** The built-in word list (fixed: changing it changes every rendered line). */
    static final List<String> WORDS = List.of("the", "of", "and", "to", "in", "for", "with", "from", "by", "on", "at",
            "model", "layer", "tensor", "kernel", "weight", "input", "output", "batch", "channel", "image", "text",
            "line", "page", "table", "total", "price", "date", "order", "number", "invoice", "account", "address",
            "street", "city", "north", "south", "river", "market", "garden", "window", "letter", "paper", "print",
            "station", "ticket", "coffee", "bread", "water", "winter", "summer", "morning", "evening", "light",
            "quick", "brown", "fox", "jumps", "over", "lazy", "dog", "Frugal", "Java", "Open", "Report", "Chapter",
            "Section", "Figure", "Room", "Floor", "Exit", "Sale", "New", "Best", "Main", "Road", "Park", "Hotel",
            "Bank", "Post", "Office", "Museum", "Library", "School");

    private final long seed;

    /** A renderer whose lines are all determined by seed. */
    public TextLineRenderer(long seed) {
        this.seed = seed;
    }

    /**
     * One rendered line.
     *
     * @param index the line's index under the renderer's seed
     * @param text the text drawn
     * @param family the logical font family (one of {@link #FAMILIES})
     * @param style {@link Font#PLAIN}, {@link Font#BOLD} or {@link Font#ITALIC}
     * @param size the font size in pixels
     * @param upright the line as written (TYPE_INT_RGB)
     * @param turned the same pixels turned 180°
     */
    public record TextLine(int index, String text, String family, int style, int size, BufferedImage upright,
                           BufferedImage turned) {
        public TextLine {
            Objects.requireNonNull(text, "text is null");
            Objects.requireNonNull(upright, "upright is null");
            Objects.requireNonNull(turned, "turned is null");
        }
    }

    public long seed() {
        return seed;
    }

    /** Lines 0 to count - 1. */
    public List<TextLine> lines(int count) {
        if (count < 0) throw new IllegalArgumentException("count is negative: " + count);
        List<TextLine> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) out.add(line(i));
        return out;
    }

    /** Line index: the same pixels for the same seed and index, whatever else was rendered before. */
    public TextLine line(int index) {
        if (index < 0) throw new IllegalArgumentException("index is negative: " + index);
        SplittableRandom r = new SplittableRandom(mix(seed, index));
        String family = FAMILIES.get(r.nextInt(FAMILIES.size()));
        int style = STYLES.get(r.nextInt(STYLES.size()));
        int size = r.nextInt(MIN_SIZE, MAX_SIZE + 1);
        String text = text(r);
        Font font = new Font(family, style, size);

        FontRenderContext frc = new FontRenderContext(null, true, true);
        LineMetrics lm = font.getLineMetrics(text, frc);
        Rectangle2D ink = font.createGlyphVector(frc, text).getVisualBounds();
        double textHeight = lm.getAscent() + lm.getDescent();
        double fill = 0.65 + 0.20 * r.nextDouble(); // the text's share of the line's height
        int height = (int) Math.ceil(textHeight / fill);
        double left = size * (0.10 + 0.40 * r.nextDouble());
        double right = size * (0.10 + 0.40 * r.nextDouble());
        int width = (int) Math.ceil(left + ink.getWidth() + right);
        double baseline = (height - textHeight) / 2 + lm.getAscent() + (r.nextDouble() - 0.5) * 0.1 * (height - textHeight);

        int bg = 215 + r.nextInt(41); // light background, slightly tinted
        Color background = new Color(clamp(bg + r.nextInt(-8, 9)), clamp(bg + r.nextInt(-8, 9)), clamp(bg + r.nextInt(-8, 9)));
        int fg = r.nextInt(0, 71); // dark text, slightly tinted
        Color foreground = new Color(clamp(fg + r.nextInt(-10, 11)), clamp(fg + r.nextInt(-10, 11)), clamp(fg + r.nextInt(-10, 11)));

        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            g.setColor(background);
            g.fillRect(0, 0, width, height);
            g.setColor(foreground);
            g.setFont(font);
            g.drawString(text, (float) (left - ink.getX()), (float) baseline);
        } finally {
            g.dispose();
        }
        addNoise(img, r, r.nextInt(0, 7));
        return new TextLine(index, text, family, style, size, img, rotate180(img));
    }

    /** The exact 180° rotation: pixel (x, y) goes to (w-1-x, h-1-y). The result is TYPE_INT_RGB. */
    public static BufferedImage rotate180(BufferedImage image) {
        int w = image.getWidth(), h = image.getHeight();
        int[] px = image.getRGB(0, 0, w, h, null, 0, w);
        for (int i = 0, j = px.length - 1; i < j; i++, j--) {
            int t = px[i];
            px[i] = px[j];
            px[j] = t;
        }
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        out.setRGB(0, 0, w, h, px, 0, w);
        return out;
    }

    /** Two to five words, some of them numbers; the first word sometimes capitalised. */
    private static String text(SplittableRandom r) {
        int words = r.nextInt(2, 6);
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < words; i++) {
            if (i > 0) b.append(' ');
            if (r.nextInt(5) == 0) {
                b.append(r.nextInt(1, 10_000));
            } else {
                String w = WORDS.get(r.nextInt(WORDS.size()));
                if (i == 0 && r.nextBoolean()) w = Character.toUpperCase(w.charAt(0)) + w.substring(1);
                b.append(w);
            }
        }
        return b.toString();
    }

    /** Uniform noise of +-amplitude on every channel (none when amplitude is 0). */
    private static void addNoise(BufferedImage img, SplittableRandom r, int amplitude) {
        if (amplitude == 0) return;
        int w = img.getWidth(), h = img.getHeight();
        int[] px = img.getRGB(0, 0, w, h, null, 0, w);
        for (int i = 0; i < px.length; i++) {
            int p = px[i];
            int red = clamp(((p >> 16) & 0xFF) + r.nextInt(-amplitude, amplitude + 1));
            int green = clamp(((p >> 8) & 0xFF) + r.nextInt(-amplitude, amplitude + 1));
            int blue = clamp((p & 0xFF) + r.nextInt(-amplitude, amplitude + 1));
            px[i] = (red << 16) | (green << 8) | blue;
        }
        img.setRGB(0, 0, w, h, px, 0, w);
    }

    private static int clamp(int v) {
        return Math.max(0, Math.min(255, v));
    }

    /** A well-spread seed per (seed, index): SplitMix64's finaliser over both. */
    private static long mix(long seed, long index) {
        long z = seed * 0x9E3779B97F4A7C15L + index + 0x632BE59BD9B4E019L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
