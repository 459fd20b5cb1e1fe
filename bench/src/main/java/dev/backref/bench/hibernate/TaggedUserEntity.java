package dev.backref.bench.hibernate;

import jakarta.persistence.MappedSuperclass;
import java.util.Set;

/**
 * A user entity whose posts map their tags: the nested-graph scenario. Its collections are {@code
 * Set}s, ordered by {@code @OrderBy} (Hibernate keeps that order in a {@code LinkedHashSet}):
 * fetching two {@code List}s ("bags") in one query, users' posts and posts' tags, throws {@code
 * MultipleBagFetchException}. The two remedies are sets or one query per collection; these entities
 * take sets, so that {@code join fetch} and the entity graph stay one statement.
 */
@MappedSuperclass
public abstract class TaggedUserEntity extends UserEntity {

  protected TaggedUserEntity() {}

  protected TaggedUserEntity(String username) {
    super(username);
  }

  @Override
  public abstract Set<? extends TaggedPostEntity> posts();
}
