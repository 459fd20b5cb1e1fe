package dev.backref.bench.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/** Draws the report as horizontal bars of time per operation over raw JDBC (log scale), one panel per table. */
public final class Chart {

  private static final int WIDTH = 1200;
  private static final int LABEL_RIGHT = 250;
  private static final int BAR_LEFT = 260;
  private static final int BAR_RIGHT = 980;
  private static final int ROW = 17;
  private static final int TITLE = 34;
  private static final int GAP = 12;
  private static final int HEADER = 54;
  private static final double[] TICKS = {0.5, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000};

  private Chart() {}

  public static void write(Report report, Path file, String subtitle) throws IOException {
    double max = 4;
    int height = HEADER + 24;
    for (Report.Group group : report.groups()) {
      height += TITLE + group.rows().size() * ROW + GAP;
      for (Report.Row row : group.rows()) {
        max = Math.max(max, row.timeRatio());
      }
    }
    double low = Math.log(0.5);
    double high = Math.log(max * 1.15);
    BufferedImage image = new BufferedImage(WIDTH, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, WIDTH, height);
    g.setColor(Color.BLACK);
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
    g.drawString("Time per operation as a multiple of raw JDBC (log scale; 1x = the faster raw JDBC form)", 12, 22);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    g.drawString(subtitle, 12, 42);

    int y = HEADER;
    for (Report.Group group : report.groups()) {
      g.setColor(Color.BLACK);
      g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
      g.drawString(group.title(), 12, y + 18);
      y += TITLE;
      int top = y;
      int bottom = y + group.rows().size() * ROW;
      g.setStroke(new BasicStroke(1));
      g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
      for (double tick : TICKS) {
        if (tick > Math.exp(high)) {
          break;
        }
        int x = x(tick, low, high);
        g.setColor(tick == 1 ? Color.DARK_GRAY : new Color(225, 225, 225));
        g.drawLine(x, top - 2, x, bottom);
        g.setColor(Color.GRAY);
        g.drawString(Report.ratio(tick).replace(".00", ""), x - 8, top - 3);
      }
      g.setFont(new Font(Font.MONOSPACED, Font.PLAIN, 12));
      for (Report.Row row : group.rows()) {
        g.setColor(Color.BLACK);
        int labelWidth = g.getFontMetrics().stringWidth(row.contender());
        g.drawString(row.contender(), LABEL_RIGHT - labelWidth, y + 12);
        int end = x(Math.max(row.timeRatio(), 0.5), low, high);
        g.setColor(color(row.contender()));
        g.fillRect(BAR_LEFT, y + 3, Math.max(1, end - BAR_LEFT), ROW - 5);
        g.setColor(Color.BLACK);
        g.drawString(
            Report.ratio(row.timeRatio()) + "  " + Report.number(row.score()) + " " + row.unit(), end + 6, y + 12);
        y += ROW;
      }
      y += GAP;
    }
    g.dispose();
    Files.createDirectories(file.toAbsolutePath().getParent());
    ImageIO.write(image, "png", file.toFile());
  }

  private static int x(double ratio, double low, double high) {
    return BAR_LEFT + (int) Math.round((Math.log(ratio) - low) / (high - low) * (BAR_RIGHT - BAR_LEFT));
  }

  private static Color color(String contender) {
    if (contender.startsWith("jdbc")) {
      return new Color(120, 120, 120);
    }
    if (contender.startsWith("jooq")) {
      return new Color(230, 140, 40);
    }
    if (contender.startsWith("hibernate")) {
      return new Color(140, 90, 180);
    }
    return new Color(40, 110, 200);
  }
}
