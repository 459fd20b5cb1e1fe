package dev.backref.bench.hibernate;

import jakarta.persistence.MappedSuperclass;
import java.util.Set;

/** A post entity with its tags mapped ({@code @ManyToMany} through {@code post_tags}): the nested-graph scenario. */
@MappedSuperclass
public abstract class TaggedPostEntity extends PostEntity {

  protected TaggedPostEntity() {}

  protected TaggedPostEntity(String title, String content) {
    super(title, content);
  }

  /** The mapped {@code tags} collection, ordered by lower(name), then id. */
  public abstract Set<TagEntity> tags();
}
