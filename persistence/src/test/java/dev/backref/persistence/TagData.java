package dev.backref.persistence;

import static dev.backref.persistence.jooq.Tables.POSTS;
import static dev.backref.persistence.jooq.Tables.POST_TAGS;
import static dev.backref.persistence.jooq.Tables.TAGS;
import static org.jooq.impl.DSL.lower;

import dev.backref.domain.Post;
import dev.backref.domain.Tag;
import dev.backref.persistence.Dataset.ExpectedPost;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jooq.DSLContext;
import org.jooq.Record;

/** Seeds tags and links, and reads both directions of post ⇄ tag back with plain SQL. */
final class TagData {

  record ExpectedTag(long id, String name, Instant createdAt, long version) {
    static ExpectedTag of(Tag tag) {
      return new ExpectedTag(tag.id(), tag.name(), tag.createdAt(), tag.version());
    }
  }

  /** A post and its tags, by lower(name), then id. */
  record PostWithTags(ExpectedPost post, List<ExpectedTag> tags) {}

  /** A tag and its posts, by created_at, then id. */
  record TagWithPosts(ExpectedTag tag, List<ExpectedPost> posts) {}

  private TagData() {}

  static long tag(DSLContext dsl, String name) {
    return dsl.insertInto(TAGS).set(TAGS.NAME, name).returning(TAGS.ID).fetchSingle().getId();
  }

  static void link(DSLContext dsl, long postId, long tagId) {
    dsl.insertInto(POST_TAGS, POST_TAGS.POST_ID, POST_TAGS.TAG_ID).values(postId, tagId).execute();
  }

  /** Links every post of {@code userId} to {@code tagId} in one statement. */
  static void linkAllPostsOf(DSLContext dsl, long userId, long tagId) {
    dsl.insertInto(POST_TAGS, POST_TAGS.POST_ID, POST_TAGS.TAG_ID)
        .select(dsl.select(POSTS.ID, org.jooq.impl.DSL.val(tagId)).from(POSTS).where(POSTS.USER_ID.eq(userId)))
        .execute();
  }

  static List<Long> postIdsOf(DSLContext dsl, long userId) {
    return dsl.select(POSTS.ID).from(POSTS).where(POSTS.USER_ID.eq(userId)).orderBy(POSTS.ID).fetch(POSTS.ID);
  }

  /** The posts with these ids, in (created_at, id) order, each with its tags. */
  static List<PostWithTags> postsWithTags(DSLContext dsl, org.jooq.Condition posts) {
    Map<Long, List<ExpectedTag>> tagsOf = new LinkedHashMap<>();
    for (Record row :
        dsl.select(POST_TAGS.POST_ID, TAGS.ID, TAGS.NAME, TAGS.CREATED_AT, TAGS.VERSION)
            .from(POST_TAGS)
            .join(TAGS)
            .on(TAGS.ID.eq(POST_TAGS.TAG_ID))
            .orderBy(POST_TAGS.POST_ID, lower(TAGS.NAME), TAGS.ID)
            .fetch()) {
      tagsOf.computeIfAbsent(row.get(POST_TAGS.POST_ID), id -> new ArrayList<>())
          .add(new ExpectedTag(row.get(TAGS.ID), row.get(TAGS.NAME), row.get(TAGS.CREATED_AT), row.get(TAGS.VERSION)));
    }
    List<PostWithTags> result = new ArrayList<>();
    for (var post : dsl.selectFrom(POSTS).where(posts).orderBy(POSTS.CREATED_AT, POSTS.ID).fetch()) {
      result.add(
          new PostWithTags(
              new ExpectedPost(post.getId(), post.getUserId(), post.getTitle(), post.getContent(), post.getCreatedAt(), post.getVersion()),
              tagsOf.getOrDefault(post.getId(), List.of())));
    }
    return result;
  }

  /** The tags matching {@code tags}, by lower(name), each with its posts. */
  static List<TagWithPosts> tagsWithPosts(DSLContext dsl, org.jooq.Condition tags) {
    Map<Long, List<ExpectedPost>> postsOf = new LinkedHashMap<>();
    for (Record row :
        dsl.select(POST_TAGS.TAG_ID, POSTS.ID, POSTS.USER_ID, POSTS.TITLE, POSTS.CONTENT, POSTS.CREATED_AT, POSTS.VERSION)
            .from(POST_TAGS)
            .join(POSTS)
            .on(POSTS.ID.eq(POST_TAGS.POST_ID))
            .orderBy(POST_TAGS.TAG_ID, POSTS.CREATED_AT, POSTS.ID)
            .fetch()) {
      postsOf.computeIfAbsent(row.get(POST_TAGS.TAG_ID), id -> new ArrayList<>())
          .add(
              new ExpectedPost(
                  row.get(POSTS.ID), row.get(POSTS.USER_ID), row.get(POSTS.TITLE), row.get(POSTS.CONTENT),
                  row.get(POSTS.CREATED_AT), row.get(POSTS.VERSION)));
    }
    List<TagWithPosts> result = new ArrayList<>();
    for (var tag : dsl.selectFrom(TAGS).where(tags).orderBy(lower(TAGS.NAME)).fetch()) {
      result.add(
          new TagWithPosts(
              new ExpectedTag(tag.getId(), tag.getName(), tag.getCreatedAt(), tag.getVersion()),
              postsOf.getOrDefault(tag.getId(), List.of())));
    }
    return result;
  }

  /** The loaded posts with their tags (reading them, which loads lazy relations). */
  static List<PostWithTags> actualPosts(List<Post> posts, FetchPolicy tags) {
    List<PostWithTags> result = new ArrayList<>();
    for (Post post : posts) {
      List<Tag> loaded = tags == FetchPolicy.DYNAMIC ? post.tags().query(TagQuery.class).fetch() : post.tags().get();
      result.add(new PostWithTags(ExpectedPost.of(post), loaded.stream().map(ExpectedTag::of).toList()));
    }
    return result;
  }

  /** The loaded tags with their posts (reading them, which loads lazy relations). */
  static List<TagWithPosts> actualTags(List<Tag> tags, FetchPolicy posts) {
    List<TagWithPosts> result = new ArrayList<>();
    for (Tag tag : tags) {
      List<Post> loaded = posts == FetchPolicy.DYNAMIC ? tag.posts().query(PostQuery.class).fetch() : tag.posts().get();
      result.add(new TagWithPosts(ExpectedTag.of(tag), loaded.stream().map(ExpectedPost::of).toList()));
    }
    return result;
  }
}
