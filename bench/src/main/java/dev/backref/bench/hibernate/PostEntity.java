package dev.backref.bench.hibernate;

import jakarta.persistence.Column;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.MappedSuperclass;
import jakarta.persistence.Version;
import java.time.Instant;
import org.hibernate.annotations.Generated;

/** The columns of {@code posts}, shared by the entity of each Hibernate fetch strategy. */
@MappedSuperclass
public abstract class PostEntity {

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  private Long id;

  @Column(nullable = false)
  private String title;

  @Column(nullable = false)
  private String content;

  @Generated
  @Column(name = "created_at", insertable = false, updatable = false)
  private Instant createdAt;

  @Version
  private long version;

  protected PostEntity() {}

  protected PostEntity(String title, String content) {
    this.title = title;
    this.content = content;
  }

  public Long getId() {
    return id;
  }

  public String getTitle() {
    return title;
  }

  public String getContent() {
    return content;
  }

  public Instant getCreatedAt() {
    return createdAt;
  }

  public long getVersion() {
    return version;
  }

  /** The mapped {@code author} association. */
  public abstract UserEntity author();
}
