package io.frugal.demo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Font;
import java.awt.image.BufferedImage;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TextLineRendererTest {
    private static int[] pixels(BufferedImage img) {
        return img.getRGB(0, 0, img.getWidth(), img.getHeight(), null, 0, img.getWidth());
    }

    private static int luma(int rgb) {
        return (299 * ((rgb >> 16) & 0xFF) + 587 * ((rgb >> 8) & 0xFF) + 114 * (rgb & 0xFF)) / 1000;
    }

    @Test
    void sameSeedSamePixels() {
        List<TextLineRenderer.TextLine> a = new TextLineRenderer(7).lines(12);
        List<TextLineRenderer.TextLine> b = new TextLineRenderer(7).lines(12);
        for (int i = 0; i < a.size(); i++) {
            TextLineRenderer.TextLine x = a.get(i), y = b.get(i);
            assertEquals(x.text(), y.text());
            assertEquals(List.of(x.family(), x.style(), x.size()), List.of(y.family(), y.style(), y.size()));
            assertEquals(x.upright().getWidth(), y.upright().getWidth());
            assertEquals(x.upright().getHeight(), y.upright().getHeight());
            assertArrayEquals(pixels(x.upright()), pixels(y.upright()), "line " + i);
            assertArrayEquals(pixels(x.turned()), pixels(y.turned()), "line " + i);
        }
        // A line depends on the seed and its index only, not on what was rendered before it.
        TextLineRenderer.TextLine alone = new TextLineRenderer(7).line(9);
        assertEquals(a.get(9).text(), alone.text());
        assertArrayEquals(pixels(a.get(9).upright()), pixels(alone.upright()));
        // Another seed gives other lines.
        List<TextLineRenderer.TextLine> c = new TextLineRenderer(8).lines(12);
        assertNotEquals(a.stream().map(TextLineRenderer.TextLine::text).toList(),
                c.stream().map(TextLineRenderer.TextLine::text).toList());
    }

    @Test
    void turnedIsTheExactPixelRotation() {
        for (TextLineRenderer.TextLine line : new TextLineRenderer(3).lines(10)) {
            BufferedImage up = line.upright(), down = line.turned();
            int w = up.getWidth(), h = up.getHeight();
            assertEquals(w, down.getWidth());
            assertEquals(h, down.getHeight());
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    if (up.getRGB(x, y) != down.getRGB(w - 1 - x, h - 1 - y)) {
                        throw new AssertionError("line " + line.index() + " '" + line.text() + "': (" + x + "," + y + ")");
                    }
                }
            }
            // Not symmetric by accident: the text really moved.
            assertTrue(!java.util.Arrays.equals(pixels(up), pixels(down)), line.text());
        }
    }

    @Test
    void rotate180TwiceIsTheIdentity() {
        BufferedImage img = new BufferedImage(3, 2, BufferedImage.TYPE_INT_RGB);
        int o = 0xFF000000; // getRGB reports opaque pixels
        int[] px = {o | 1, o | 2, o | 3, o | 4, o | 5, o | 6};
        img.setRGB(0, 0, 3, 2, px, 0, 3);
        assertArrayEquals(new int[] {o | 6, o | 5, o | 4, o | 3, o | 2, o | 1}, pixels(TextLineRenderer.rotate180(img)));
        assertArrayEquals(px, pixels(TextLineRenderer.rotate180(TextLineRenderer.rotate180(img))));
    }

    @Test
    void linesVaryInFontSizeAndWordsAndAreDarkOnLight() {
        Set<String> families = new HashSet<>();
        Set<Integer> styles = new HashSet<>();
        Set<String> texts = new HashSet<>();
        int minSize = Integer.MAX_VALUE, maxSize = 0;
        boolean digits = false;
        for (TextLineRenderer.TextLine line : new TextLineRenderer(1).lines(100)) {
            families.add(line.family());
            styles.add(line.style());
            texts.add(line.text());
            minSize = Math.min(minSize, line.size());
            maxSize = Math.max(maxSize, line.size());
            digits |= line.text().chars().anyMatch(Character::isDigit);
            BufferedImage img = line.upright();
            // Background light at the corners, some dark text inside.
            assertTrue(luma(img.getRGB(0, 0)) > 180, line.text());
            int darkest = 255;
            for (int p : pixels(img)) darkest = Math.min(darkest, luma(p));
            assertTrue(darkest < 110, line.text() + ": darkest " + darkest);
            // A text line: wider than high, the font's height a large part of the line's.
            assertTrue(img.getWidth() > img.getHeight(), line.text());
            assertTrue(line.size() <= img.getHeight() && img.getHeight() <= 2 * line.size(), line.text() + " " + img.getHeight());
        }
        assertEquals(Set.copyOf(TextLineRenderer.FAMILIES), families);
        assertEquals(Set.of(Font.PLAIN, Font.BOLD, Font.ITALIC), styles);
        assertTrue(minSize < 24 && maxSize > 38, minSize + ".." + maxSize);
        assertTrue(texts.size() > 95, texts.size() + " distinct texts");
        assertTrue(digits);
    }

    @Test
    void badArgumentsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new TextLineRenderer(1).line(-1));
        assertThrows(IllegalArgumentException.class, () -> new TextLineRenderer(1).lines(-1));
    }
}
