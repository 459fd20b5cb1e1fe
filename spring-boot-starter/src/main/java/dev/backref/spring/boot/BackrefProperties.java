package dev.backref.spring.boot;

import dev.backref.persistence.Backref;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code backref.*} properties of the auto-configured {@link Backref}.
 *
 * <pre>
 * backref.batch-size=1000
 * </pre>
 */
@ConfigurationProperties("backref")
public class BackrefProperties {

  /**
   * Ids per statement for the SELECT_IN and BATCH fetch policies, and users per batch in streams
   * (1 to 65535).
   */
  private int batchSize = 1_000; // Backref.DEFAULT_BATCH_SIZE, written out for the metadata's default

  /** Creates the properties with their defaults. */
  public BackrefProperties() {}

  /** Ids per statement for SELECT_IN and BATCH, and users per stream batch. */
  public int getBatchSize() {
    return batchSize;
  }

  /** Sets {@link #getBatchSize()}; checked when the {@code Backref} bean is built. */
  public void setBatchSize(int batchSize) {
    this.batchSize = batchSize;
  }
}
