package io.ostflow.phantom;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * A PNG of middle axial slices: one row per case, columns T1, T1ce, T2, FLAIR (a site of another
 * style fills only its own channels' columns) and its last channel with the label overlay (NCR, CSF
 * or WMH red; ED or GM green; ET or WM yellow). Each channel is windowed to its 1st-99.5th
 * percentile, like a viewer would.
 */
public final class PhantomMontage {
    private static final int LABEL_BAR = 18;
    private static final Color[] LABEL_COLOURS = {
        null, new Color(230, 40, 40), new Color(40, 200, 60), new Color(250, 220, 40)
    };

    private PhantomMontage() {}

    /** Renders the cases, labelled by the given row titles, scaled up {@code zoom} times. */
    public static BufferedImage render(List<PhantomCase> cases, List<String> titles, int zoom) {
        int[] shape = cases.get(0).shape();
        int w = shape[0] * zoom;
        int h = shape[1] * zoom;
        int columns = Tissue.CHANNELS.length + 1;
        BufferedImage image =
                new BufferedImage(
                        columns * w,
                        LABEL_BAR + cases.size() * (h + LABEL_BAR),
                        BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(
                RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 12));
        g.setColor(Color.WHITE);
        for (int c = 0; c < columns; c++) {
            g.drawString(
                    c < Tissue.CHANNELS.length ? Tissue.CHANNELS[c] : "+ labels", c * w + 4, 13);
        }
        for (int row = 0; row < cases.size(); row++) {
            PhantomCase phantom = cases.get(row);
            int top = LABEL_BAR + row * (h + LABEL_BAR);
            g.setColor(Color.LIGHT_GRAY);
            g.drawString(titles.get(row), 4, top + 13);
            // each channel in its column (an infant site has T1 and T2, a WMH site FLAIR only)
            int last = phantom.channels().length - 1;
            for (int c = 0; c <= last; c++) {
                int column = phantom.style().tissueChannel(c);
                drawSlice(image, phantom, c, column * w, top + LABEL_BAR, zoom, false);
            }
            drawSlice(
                    image, phantom, last, Tissue.CHANNELS.length * w, top + LABEL_BAR, zoom, true);
        }
        g.dispose();
        return image;
    }

    public static void write(Path png, List<PhantomCase> cases, List<String> titles, int zoom) {
        try {
            ImageIO.write(render(cases, titles, zoom), "png", png.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + png, e);
        }
    }

    private static void drawSlice(
            BufferedImage image,
            PhantomCase phantom,
            int channel,
            int left,
            int top,
            int zoom,
            boolean overlay) {
        int[] shape = phantom.shape();
        int z = shape[2] / 2;
        float[] values = phantom.channels()[channel];
        double[] window = window(values, shape, z);
        for (int y = 0; y < shape[1]; y++) {
            for (int x = 0; x < shape[0]; x++) {
                int i = x + shape[0] * (y + shape[1] * z);
                double level = (values[i] - window[0]) / (window[1] - window[0]);
                int grey = (int) Math.round(255 * Math.max(0, Math.min(1, level)));
                int rgb = (grey << 16) | (grey << 8) | grey;
                int label = phantom.labels()[i] & 0xff;
                if (overlay && label > 0) {
                    // glioma 1-3 as they are; iSeg's 10, 150, 250 onto the same three colours
                    Color colour =
                            LABEL_COLOURS[
                                    label < LABEL_COLOURS.length ? label : 1 + label * 3 / 256];
                    rgb = blend(grey, colour);
                }
                // Radiological display: anterior at the top, so flip y.
                int py = top + (shape[1] - 1 - y) * zoom;
                for (int dy = 0; dy < zoom; dy++) {
                    for (int dx = 0; dx < zoom; dx++) {
                        image.setRGB(left + x * zoom + dx, py + dy, rgb);
                    }
                }
            }
        }
    }

    private static int blend(int grey, Color colour) {
        int r = (grey + colour.getRed()) / 2;
        int g = (grey + colour.getGreen()) / 2;
        int b = (grey + colour.getBlue()) / 2;
        return (r << 16) | (g << 8) | b;
    }

    /** 1st and 99.5th percentile of the slice's non-zero voxels. */
    private static double[] window(float[] values, int[] shape, int z) {
        int plane = shape[0] * shape[1];
        float[] slice = new float[plane];
        int n = 0;
        for (int i = 0; i < plane; i++) {
            float v = values[i + plane * z];
            if (v != 0) {
                slice[n++] = v;
            }
        }
        if (n == 0) {
            return new double[] {0, 1};
        }
        float[] sorted = Arrays.copyOf(slice, n);
        Arrays.sort(sorted);
        double low = sorted[(int) (0.01 * (n - 1))];
        double high = sorted[(int) (0.995 * (n - 1))];
        return new double[] {low, high > low ? high : low + 1};
    }
}
