package dev.backref.persistence;

import static dev.backref.persistence.jooq.Tables.TAGS;
import static org.jooq.impl.DSL.lower;
import static org.jooq.impl.DSL.noCondition;
import static org.jooq.impl.DSL.val;

import dev.backref.domain.Tag;
import dev.backref.domain.ToMany;
import dev.backref.persistence.jooq.tables.records.TagsRecord;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.jooq.Condition;
import org.jooq.SortField;
import org.jooq.exception.DataAccessException;

final class JooqTagRepository implements TagRepository {

  private static final List<SortField<?>> BY_NAME = List.of(lower(TAGS.NAME).asc());
  private static final List<SortField<?>> BY_ID = List.of(TAGS.ID.asc());
  private static final String RENAMED_HINT =
      "rename returns the new snapshot without posts; load the tag with a posts fetch policy";
  private static final Map<FetchPolicy, LoadPlan> PLANS = new EnumMap<>(FetchPolicy.class);

  static {
    for (FetchPolicy policy : FetchPolicy.values()) {
      PLANS.put(policy, LoadPlan.of(TagMapping.TAG, List.of(LoadPlan.Step.of(Associations.TAG_POSTS, policy))));
    }
  }

  private final Backref backref;
  private final GraphLoader loader;

  JooqTagRepository(Backref backref) {
    this.backref = backref;
    this.loader = new GraphLoader(backref, "TagRepository");
  }

  @Override
  public Optional<Tag> findById(long id, FetchPolicy posts) {
    return single(() -> TAGS.ID.eq(id), Root.Shape.byId("Tag.byId", id), plan(posts), "findById");
  }

  @Override
  public Optional<Tag> findById(long id, FetchPlan<Tag> plan) {
    return single(() -> TAGS.ID.eq(id), Root.Shape.byId("Tag.byId", id), checked(plan), "findById");
  }

  @Override
  public Tag getById(long id, FetchPlan<Tag> plan) {
    return findById(id, plan).orElseThrow(() -> TagNotFoundException.byId(id));
  }

  @Override
  public Optional<Tag> findByName(String name, FetchPlan<Tag> plan) {
    return findByName(name, checked(plan));
  }

  private Optional<Tag> findByName(String name, LoadPlan plan) {
    Objects.requireNonNull(name, "name");
    Optional<String> looked = Validation.lookup(name);
    return looked.isEmpty() ? Optional.empty() : single(() -> lower(TAGS.NAME).eq(lower(val(looked.get()))), Root.Shape.of("Tag.byName", looked.get()), plan, "findByName");
  }

  @Override
  public Tag getByName(String name, FetchPlan<Tag> plan) {
    return findByName(name, plan).orElseThrow(() -> TagNotFoundException.byName(name));
  }

  @Override
  public List<Tag> findAll(TagFilter filter, FetchPlan<Tag> plan) {
    return findAll(filter, checked(plan));
  }

  private static LoadPlan checked(FetchPlan<Tag> plan) {
    return Objects.requireNonNull(plan, "plan").plan(TagMapping.TAG);
  }

  @Override
  public Tag getById(long id, FetchPolicy posts) {
    return findById(id, posts).orElseThrow(() -> TagNotFoundException.byId(id));
  }

  @Override
  public Optional<Tag> findByName(String name, FetchPolicy posts) {
    return findByName(name, plan(posts));
  }

  @Override
  public Tag getByName(String name, FetchPolicy posts) {
    return findByName(name, posts).orElseThrow(() -> TagNotFoundException.byName(name));
  }

  @Override
  public List<Tag> findAll(TagFilter filter, FetchPolicy posts) {
    return findAll(filter, plan(posts));
  }

  private List<Tag> findAll(TagFilter filter, LoadPlan plan) {
    Objects.requireNonNull(filter, "filter");
    Condition condition = noCondition();
    if (filter.nameContains().isPresent()) {
      condition = condition.and(TAGS.NAME.containsIgnoreCase(Validation.nfc(filter.nameContains().get())));
    }
    return List.copyOf(loader.load(Root.filtered(TagMapping.TAG, condition, BY_NAME, filter.limit(), "Tag.all"), plan, "findAll"));
  }

  private Optional<Tag> single(Supplier<Condition> condition, Root.Shape shape, LoadPlan plan, String method) {
    List<Tag> tags = loader.load(new Root<>(TagMapping.TAG, condition, BY_ID, shape), plan, method);
    return tags.isEmpty() ? Optional.empty() : Optional.of(tags.getFirst());
  }

  private static LoadPlan plan(FetchPolicy posts) {
    return PLANS.get(Objects.requireNonNull(posts, "posts fetch policy"));
  }

  @Override
  public long count() {
    return backref.read(from -> from.dsl().fetchCount(TAGS));
  }

  @Override
  public Tag create(String name) {
    String stored = Validation.tagName(name);
    try {
      return backref.write(
          dsl -> Tagging.tag(dsl.insertInto(TAGS).set(TAGS.NAME, stored).returning().fetchSingle(), ToMany.loaded(List.of())));
    } catch (DataAccessException e) {
      throw Constraints.forTagName(e, stored);
    }
  }

  @Override
  public Tag rename(long id, long expectedVersion, String newName) {
    String stored = Validation.tagName(newName);
    try {
      return backref.write(
          dsl -> {
            TagsRecord row =
                dsl.update(TAGS)
                    .set(TAGS.NAME, stored)
                    .set(TAGS.VERSION, TAGS.VERSION.plus(1))
                    .where(TAGS.ID.eq(id).and(TAGS.VERSION.eq(expectedVersion)))
                    .returning()
                    .fetchOne();
            if (row == null) {
              Long actual = dsl.select(TAGS.VERSION).from(TAGS).where(TAGS.ID.eq(id)).fetchOne(TAGS.VERSION);
              if (actual == null) {
                throw TagNotFoundException.byId(id);
              }
              throw new StaleVersionException("Tag", id, expectedVersion, actual);
            }
            return Tagging.tag(row, ToMany.notLoaded(RENAMED_HINT));
          });
    } catch (DataAccessException e) {
      throw Constraints.forTagName(e, stored);
    }
  }

  @Override
  public void delete(long id) {
    int deleted = backref.dsl().deleteFrom(TAGS).where(TAGS.ID.eq(id)).execute();
    if (deleted == 0) {
      throw TagNotFoundException.byId(id);
    }
  }
}
