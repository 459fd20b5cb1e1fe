package dev.backref.persistence;

import dev.backref.domain.Tag;

/**
 * The tags of one post as a query: what {@code post.tags()} holds under {@link
 * FetchPolicy#DYNAMIC}. Conditions and orders use the generated {@code TAGS} table (or {@code
 * POST_TAGS}, the link); the default order is the name regardless of case, then {@code id}. The
 * tags' own posts are not loaded. See {@link DynamicQuery} for the methods.
 *
 * <pre>{@code
 * Post post = posts.getById(7, FetchPolicy.NONE, FetchPolicy.DYNAMIC);   // author not loaded, tags dynamic
 * TagQuery tags = post.tags().query(TagQuery.class);
 * List<Tag> some = tags.where(TAGS.NAME.startsWith("j")).limit(3).fetch();
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class TagQuery extends DynamicQuery<Tag, TagQuery> {

  private TagQuery(RelationQuery query) {
    super(query, Tag.class);
  }

  static TagQuery of(RelationQuery query) {
    return new TagQuery(query);
  }

  @Override
  TagQuery with(RelationQuery next) {
    return new TagQuery(next);
  }
}
