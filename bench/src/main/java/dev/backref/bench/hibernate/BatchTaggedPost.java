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
import org.hibernate.annotations.BatchSize;

/** {@code posts} for the nested graph under batch fetching: {@code @BatchSize(size = 500)} on the tags, the counterpart of BATCH. */
@Entity(name = "BatchTaggedPost")
@Table(name = "posts")
public class BatchTaggedPost extends TaggedPostEntity {

  @ManyToOne(fetch = FetchType.LAZY, optional = false)
  @JoinColumn(name = "user_id", nullable = false)
  private BatchTaggedUser author;

  @ManyToMany
  @JoinTable(name = "post_tags", joinColumns = @JoinColumn(name = "post_id"), inverseJoinColumns = @JoinColumn(name = "tag_id"))
  @OrderBy("lower(name) asc, id asc")
  @BatchSize(size = 500)
  private Set<TagEntity> tags = new LinkedHashSet<>();

  protected BatchTaggedPost() {}

  public BatchTaggedPost(BatchTaggedUser author, String title, String content) {
    super(title, content);
    this.author = author;
  }

  @Override
  public BatchTaggedUser author() {
    return author;
  }

  @Override
  public Set<TagEntity> tags() {
    return tags;
  }
}
