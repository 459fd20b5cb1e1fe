package dev.backref.persistence;

import static dev.backref.persistence.jooq.Tables.POSTS;
import static dev.backref.persistence.jooq.Tables.POST_TAGS;
import static dev.backref.persistence.jooq.Tables.TAGS;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.lower;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.notExists;
import static org.jooq.impl.DSL.select;
import static org.jooq.impl.DSL.selectDistinct;
import static org.jooq.impl.DSL.selectOne;
import static org.jooq.impl.DSL.table;
import static org.jooq.impl.DSL.val;

import dev.backref.domain.Post;
import dev.backref.domain.Tag;
import dev.backref.domain.ToMany;
import dev.backref.persistence.jooq.tables.records.TagsRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Table;
import org.jooq.exception.DataAccessException;

/** The write side of post ⇄ tag: tags found or created by name, and the links between posts and tags. */
final class Tagging {

  private Tagging() {}

  /** Validates every name before any SQL; returns them in NFC, the form stored and compared. */
  static List<String> names(List<String> tagNames) {
    List<String> given = List.copyOf(Objects.requireNonNull(tagNames, "tagNames"));
    List<String> names = new ArrayList<>(given.size());
    for (String name : given) {
      names.add(Validation.tagName(name));
    }
    return List.copyOf(names);
  }

  /**
   * The tags named, found or created, each once (names equal regardless of case count once; a new
   * tag keeps the first spelling), ordered by name regardless of case, then id. Two statements: an
   * insert of the missing names that leaves alone a name another transaction inserted first ({@code
   * on conflict do nothing}), then a read of all of them, which sees that other transaction's tag
   * once it committed.
   */
  static List<TagsRecord> ensure(DSLContext dsl, List<String> names) {
    if (names.isEmpty()) {
      return List.of();
    }
    String[] given = names.toArray(String[]::new);
    Table<?> input = table("unnest({0}) with ordinality as input(name, position)", val(given));
    Field<String> inputName = field(name("input", "name"), String.class);
    Field<Long> position = field(name("input", "position"), Long.class);
    try {
      dsl.insertInto(TAGS, TAGS.NAME)
          .select(
              selectDistinct(inputName)
                  .on(lower(inputName))
                  .from(input)
                  .where(notExists(selectOne().from(TAGS).where(lower(TAGS.NAME).eq(lower(inputName)))))
                  .orderBy(lower(inputName), position))
          .onConflictDoNothing()
          .execute();
    } catch (DataAccessException e) {
      throw Constraints.forTagName(e, given[0]);
    }
    return dsl.selectFrom(TAGS)
        .where(lower(TAGS.NAME).in(select(lower(inputName)).from(input)))
        .orderBy(lower(TAGS.NAME), TAGS.ID)
        .fetch();
  }

  /** Links the post to the tags; links that exist stay as they are. */
  static void link(DSLContext dsl, long postId, List<TagsRecord> tags) {
    if (tags.isEmpty()) {
      if (!dsl.fetchExists(POSTS, POSTS.ID.eq(postId))) {
        throw new PostNotFoundException(postId);
      }
      return;
    }
    Long[] ids = new Long[tags.size()];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = tags.get(i).getId();
    }
    try {
      dsl.insertInto(POST_TAGS, POST_TAGS.POST_ID, POST_TAGS.TAG_ID)
          .select(select(val(postId), field("unnest({0})", Long.class, val(ids))))
          .onConflictDoNothing()
          .execute();
    } catch (DataAccessException e) {
      if ("post_tags_post_id_fkey".equals(Constraints.violated(e))) {
        throw new PostNotFoundException(postId);
      }
      throw e;
    }
  }

  static Tag tag(TagsRecord row, ToMany<Post> posts) {
    return Tag.of(row.getId(), row.getName(), row.getCreatedAt(), row.getVersion(), posts);
  }

  static List<Tag> tags(List<TagsRecord> rows, String hint) {
    List<Tag> tags = new ArrayList<>(rows.size());
    for (TagsRecord row : rows) {
      tags.add(tag(row, ToMany.notLoaded(hint)));
    }
    return tags;
  }
}
