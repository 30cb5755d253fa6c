package io.ostflow.planner.evaluation.audit;

import io.ostflow.common.events.JobKind;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.function.Function;
import javax.imageio.ImageIO;

/**
 * An audit's two charts as PNG: Dice per target for scratch, direct, the OST path and the best path
 * of the grid (bars), and path cost against Dice for every trained candidate (scatter, one colour
 * per kind). Drawn with java.awt headless; O(targets + candidates).
 */
public final class AuditCharts {
    private static final Color[] BARS = {
        new Color(0x9aa5b1), new Color(0xe8a33d), new Color(0x2f7fc1), new Color(0x3a9d5d)
    };
    private static final List<String> BAR_NAMES =
            List.of("scratch", "direct", "OST path", "best path");
    private static final int HEIGHT = 440;
    private static final int LEFT = 64;
    private static final int TOP = 64;
    private static final int BOTTOM = HEIGHT - 120;

    static {
        System.setProperty("java.awt.headless", "true");
    }

    private AuditCharts() {}

    /** Bars of Dice per target. */
    public static byte[] dicePerTarget(AuditReport report) {
        List<Function<AuditReport.Rows, Cell>> rows =
                List.of(
                        AuditReport.Rows::scratch,
                        AuditReport.Rows::direct,
                        AuditReport.Rows::sequential,
                        AuditReport.Rows::bestSequential);
        int width = Math.max(640, LEFT + 40 + report.targets().size() * 84);
        Canvas c = new Canvas(width, "Dice per target, mean over seeds: " + report.auditId());
        c.yAxis("Dice", 0, 1);
        int x = LEFT + 12;
        for (AuditReport.TargetReport t : report.targets()) {
            for (int k = 0; k < rows.size(); k++) {
                Double dice = rows.get(k).apply(t.rows()).dice();
                if (dice != null) {
                    int h = (int) Math.round((BOTTOM - TOP) * Math.max(0, Math.min(1, dice)));
                    c.g.setColor(BARS[k]);
                    c.g.fillRect(x + k * 16, BOTTOM - h, 14, h);
                }
            }
            c.label(t.target(), x + 26);
            x += 84;
        }
        c.legend(BAR_NAMES, BARS, width);
        return c.png();
    }

    /** Cost against Dice for every candidate with a cost and a result. */
    public static byte[] costAgainstDice(AuditReport report) {
        double max = 0;
        double min = Double.POSITIVE_INFINITY;
        for (AuditReport.TargetReport t : report.targets()) {
            for (AuditReport.CandidateResult r : t.grid()) {
                if (r.cost() != null && r.result().dice() != null) {
                    max = Math.max(max, r.cost());
                    min = Math.min(min, r.cost());
                }
            }
        }
        if (min == Double.POSITIVE_INFINITY) {
            min = 0;
            max = 1;
        }
        double span = max > min ? max - min : 1;
        int width = 640;
        Canvas c = new Canvas(width, "Cost against Dice, every trained transfer");
        c.yAxis("Dice", 0, 1);
        c.xAxis(min, max, width);
        for (AuditReport.TargetReport t : report.targets()) {
            for (AuditReport.CandidateResult r : t.grid()) {
                if (r.cost() == null || r.result().dice() == null) {
                    continue;
                }
                int px = LEFT + (int) Math.round((width - LEFT - 30) * (r.cost() - min) / span);
                int py = BOTTOM - (int) Math.round((BOTTOM - TOP) * r.result().dice());
                c.g.setColor(r.kind() == JobKind.DIRECT ? BARS[1] : BARS[2]);
                c.g.fillOval(px - 4, py - 4, 8, 8);
            }
        }
        c.legend(List.of("direct", "sequential"), new Color[] {BARS[1], BARS[2]}, width);
        return c.png();
    }

    /** A white image with a title, a grid and helpers for axes, labels and legends. */
    private static final class Canvas {
        final BufferedImage image;
        final Graphics2D g;
        final int width;

        Canvas(int width, String title) {
            this.width = width;
            image = new BufferedImage(width, HEIGHT, BufferedImage.TYPE_INT_RGB);
            g = image.createGraphics();
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, width, HEIGHT);
            g.setColor(new Color(0x333333));
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
            g.drawString(title, LEFT, 24);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        }

        void yAxis(String name, double from, double to) {
            for (int i = 0; i <= 5; i++) {
                int y = BOTTOM - (BOTTOM - TOP) * i / 5;
                g.setColor(new Color(0xe3e6eb));
                g.setStroke(new BasicStroke(1));
                g.drawLine(LEFT, y, width - 24, y);
                g.setColor(Color.GRAY);
                g.drawString(String.format("%.1f", from + (to - from) * i / 5), LEFT - 28, y + 4);
            }
            g.drawString(name, 8, TOP - 6);
        }

        void xAxis(double min, double max, int w) {
            g.setColor(Color.GRAY);
            for (int i = 0; i <= 4; i++) {
                int x = LEFT + (w - LEFT - 30) * i / 4;
                g.drawString(String.format("%.2f", min + (max - min) * i / 4), x - 12, BOTTOM + 16);
            }
            g.drawString("cost (w(s, t) or eq. 8)", LEFT, BOTTOM + 34);
        }

        void label(String text, int x) {
            var saved = g.getTransform();
            g.translate(x, BOTTOM + 10);
            g.rotate(Math.PI / 4);
            g.setColor(new Color(0x333333));
            g.drawString(text, 0, 0);
            g.setTransform(saved);
        }

        void legend(List<String> names, Color[] colours, int w) {
            int x = w - 24 - names.size() * 92;
            for (int k = 0; k < names.size(); k++) {
                g.setColor(colours[k]);
                g.fillRect(x + k * 92, TOP - 30, 11, 11);
                g.setColor(new Color(0x333333));
                g.drawString(names.get(k), x + k * 92 + 15, TOP - 20);
            }
        }

        byte[] png() {
            g.dispose();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try {
                ImageIO.write(image, "png", out);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return out.toByteArray();
        }
    }
}
