package io.ostflow.experiments;

import io.ostflow.common.events.EdgeWeights;
import io.ostflow.common.events.Plan;
import io.ostflow.phantom.PhantomSpec;
import io.ostflow.trainer.model.TrainingSettings;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;

/** The comparison as a Markdown table and a grouped bar chart (Java2D, no extra library). */
final class Report {
    static final String[] KINDS = {"scratch", "direct", "sequential"};
    private static final Color[] COLOURS = {
        new Color(0x9aa5b1), new Color(0x3d6fd8), new Color(0xe4572e)
    };

    private Report() {}

    static void write(
            Path out,
            List<Plan> plans,
            Map<String, Map<String, Double>> dice,
            TrainingSettings settings,
            PhantomSpec spec,
            EdgeWeights weights,
            double seconds)
            throws IOException {
        StringBuilder md = new StringBuilder();
        md.append(
                "| target | scratch | direct | sequential | sequential path |\n| --- | --- | --- | --- | --- |\n");
        double[] sums = new double[3];
        int n = 0;
        for (Map.Entry<String, Map<String, Double>> row : dice.entrySet()) {
            Plan plan =
                    plans.stream()
                            .filter(p -> p.target().equals(row.getKey()))
                            .findFirst()
                            .orElseThrow();
            md.append("| ").append(row.getKey());
            for (int k = 0; k < 3; k++) {
                double d = row.getValue().getOrDefault(KINDS[k], Double.NaN);
                sums[k] += d;
                md.append(String.format(" | %.4f", d));
            }
            md.append(" | ").append(String.join(" → ", plan.path())).append(" |\n");
            n++;
        }
        md.append(
                String.format(
                        "| **mean** | **%.4f** | **%.4f** | **%.4f** | |%n",
                        sums[0] / n, sums[1] / n, sums[2] / n));
        md.append(
                String.format(
                        "%nPhantom: %d source sites x %d cases, 1 target site (5 labelled, 4 held-out), %dx%dx%d. "
                                + "Edge weights: w = %.4f H %+.4f R %+.4f (normalisation %s). "
                                + "Training: %s, %d levels, %d base channels, batch %d, %s %.3f with poly decay, %d/%d steps, seed %d. Total %.0f s.%n",
                        spec.sourceSites(),
                        spec.cases(),
                        spec.shape()[0],
                        spec.shape()[1],
                        spec.shape()[2],
                        weights.alpha(),
                        weights.beta(),
                        weights.c(),
                        weights.normalisation(),
                        String.format(
                                "%d-D U-Net, %s patches",
                                settings.dimensions(),
                                Arrays.stream(settings.patch())
                                        .mapToObj(Integer::toString)
                                        .collect(Collectors.joining("x"))),
                        settings.levels(),
                        settings.baseChannels(),
                        settings.batchSize(),
                        settings.optimizer().wireName(),
                        settings.learningRate(),
                        settings.pretrainSteps(),
                        settings.finetuneSteps(),
                        settings.seed(),
                        seconds));
        Files.writeString(out.resolve("results.md"), md.toString());
        ImageIO.write(chart(dice), "png", out.resolve("results.png").toFile());
    }

    private static BufferedImage chart(Map<String, Map<String, Double>> dice) {
        int groups = dice.size();
        int width = 120 + groups * 70;
        int height = 420;
        int left = 60;
        int bottom = height - 110;
        int top = 40;
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(
                RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        g.setColor(Color.DARK_GRAY);
        g.drawString("Dice per target task: scratch / direct / sequential transfer", left, 22);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        g.setStroke(new BasicStroke(1));
        for (int t = 0; t <= 10; t += 2) {
            int y = bottom - (bottom - top) * t / 10;
            g.setColor(new Color(0xe6e8ee));
            g.drawLine(left, y, width - 20, y);
            g.setColor(Color.GRAY);
            g.drawString(String.format("%.1f", t / 10.0), left - 30, y + 4);
        }
        int x = left + 10;
        for (Map.Entry<String, Map<String, Double>> row : dice.entrySet()) {
            for (int k = 0; k < 3; k++) {
                double d = row.getValue().getOrDefault(KINDS[k], 0.0);
                int h = (int) Math.round((bottom - top) * Math.max(0, Math.min(1, d)));
                g.setColor(COLOURS[k]);
                g.fillRect(x + k * 18, bottom - h, 16, h);
            }
            AffineTransform saved = g.getTransform();
            g.translate(x + 30, bottom + 8);
            g.rotate(Math.PI / 4);
            g.setColor(Color.DARK_GRAY);
            g.drawString(row.getKey(), 0, 0);
            g.setTransform(saved);
            x += 70;
        }
        for (int k = 0; k < 3; k++) {
            g.setColor(COLOURS[k]);
            g.fillRect(width - 300 + k * 95, 30, 12, 12);
            g.setColor(Color.DARK_GRAY);
            g.drawString(KINDS[k], width - 284 + k * 95, 41);
        }
        g.dispose();
        return image;
    }
}
