package dev.backref.app;

import java.io.PrintStream;
import java.util.Locale;

/**
 * A one-line progress bar redrawn in place with {@code \r}, at most ten times a second. Disabled
 * bars print nothing, so callers need not check. Not thread-safe.
 *
 * <pre>{@code
 * try (ProgressBar bar = new ProgressBar(System.err, 100_000, "posts", Terminal.interactive())) {
 *   bar.update(50_000);   // [##########          ]  50%  50,000/100,000 posts  12,500/s
 * }
 * }</pre>
 */
final class ProgressBar implements AutoCloseable {

  private static final int WIDTH = 30;
  private static final long REDRAW_NANOS = 100_000_000L;

  private final PrintStream out;
  private final long total;
  private final String unit;
  private final boolean enabled;
  private final long start = System.nanoTime();
  private long lastDraw = Long.MIN_VALUE;
  private long done;

  ProgressBar(PrintStream out, long total, String unit, boolean enabled) {
    this.out = out;
    this.total = total;
    this.unit = unit;
    this.enabled = enabled;
  }

  void update(long done) {
    this.done = done;
    long now = System.nanoTime();
    if (enabled && (lastDraw == Long.MIN_VALUE || now - lastDraw >= REDRAW_NANOS)) {
      lastDraw = now;
      out.print("\r" + render(done, now - start));
      out.flush();
    }
  }

  String render(long done, long elapsedNanos) {
    double fraction = total == 0 ? 1 : Math.min(1, (double) done / total);
    int filled = (int) Math.round(fraction * WIDTH);
    double perSecond = elapsedNanos <= 0 ? 0 : done / (elapsedNanos / 1e9);
    return String.format(Locale.ROOT, "[%s%s] %3d%%  %,d/%,d %s  %,.0f/s",
        "#".repeat(filled), " ".repeat(WIDTH - filled), Math.round(fraction * 100), done, total, unit, perSecond);
  }

  @Override
  public void close() {
    if (enabled) {
      out.print("\r" + render(done, System.nanoTime() - start) + System.lineSeparator());
      out.flush();
    }
  }
}
