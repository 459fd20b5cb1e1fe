package dev.backref.persistence;

import dev.backref.domain.Post;

/**
 * The posts of one user or one tag as a query: what {@code user.posts()} and {@code tag.posts()}
 * hold under {@link FetchPolicy#DYNAMIC}. Conditions and orders use the generated {@code POSTS}
 * table; the default order is {@code created_at}, then {@code id}. Posts of a user have {@code
 * author() == owner()}, the same instance; their tags (and a tag's posts' authors and tags) are not
 * loaded. See {@link DynamicQuery} for the methods.
 *
 * <pre>{@code
 * User alice = users.getByUsername("alice", FetchPolicy.DYNAMIC);
 * PostQuery posts = alice.posts().query(PostQuery.class);
 * long drafts = posts.where(POSTS.TITLE.startsWith("Draft")).count();
 * List<Post> latest = posts.orderBy(POSTS.CREATED_AT.desc()).limit(5).fetch();
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class PostQuery extends DynamicQuery<Post, PostQuery> {

  private PostQuery(RelationQuery query) {
    super(query, Post.class);
  }

  static PostQuery of(RelationQuery query) {
    return new PostQuery(query);
  }

  @Override
  PostQuery with(RelationQuery next) {
    return new PostQuery(next);
  }
}
