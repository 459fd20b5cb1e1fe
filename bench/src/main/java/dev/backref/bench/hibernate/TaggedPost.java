package dev.backref.bench.hibernate;

import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.JoinTable;
import jakarta.persistence.ManyToMany;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.OrderBy;
import jakarta.persistence.Table;
import java.util.LinkedHashSet;
import java.util.Set;

/** {@code posts} for the nested graph under {@code join fetch} and the entity graph; author and tags lazy unless fetched. */
@Entity(name = "TaggedPost")
@Table(name = "posts")
public class TaggedPost extends TaggedPostEntity {

  @ManyToOne(fetch = FetchType.LAZY, optional = false)
  @JoinColumn(name = "user_id", nullable = false)
  private TaggedUser author;

  @ManyToMany
  @JoinTable(name = "post_tags", joinColumns = @JoinColumn(name = "post_id"), inverseJoinColumns = @JoinColumn(name = "tag_id"))
  @OrderBy("lower(name) asc, id asc")
  private Set<TagEntity> tags = new LinkedHashSet<>();

  protected TaggedPost() {}

  public TaggedPost(TaggedUser author, String title, String content) {
    super(title, content);
    this.author = author;
  }

  @Override
  public TaggedUser author() {
    return author;
  }

  @Override
  public Set<TagEntity> tags() {
    return tags;
  }
}
