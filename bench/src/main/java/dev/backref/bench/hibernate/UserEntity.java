package dev.backref.bench.hibernate;

import jakarta.persistence.Column;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.MappedSuperclass;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.Collection;
import org.hibernate.annotations.Generated;

/**
 * The columns of {@code users}, shared by the entity of each Hibernate fetch strategy. The
 * entities live in the benchmark only: the library never depends on Hibernate.
 */
@MappedSuperclass
public abstract class UserEntity {

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  private Long id;

  @Column(nullable = false)
  private String username;

  @Generated
  @Column(name = "created_at", insertable = false, updatable = false)
  private Instant createdAt;

  @Version
  private long version;

  protected UserEntity() {}

  protected UserEntity(String username) {
    this.username = username;
  }

  public Long getId() {
    return id;
  }

  public String getUsername() {
    return username;
  }

  public Instant getCreatedAt() {
    return createdAt;
  }

  public long getVersion() {
    return version;
  }

  /** The mapped {@code posts} collection, ordered by created_at, then id. */
  public abstract Collection<? extends PostEntity> posts();
}
