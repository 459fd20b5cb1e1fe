/**
 * The aggregates: immutable {@code User}, {@code Post} and {@code Tag}, linked in both directions,
 * and the relation types they hold. Depends on nothing but {@code java.base}.
 */
module dev.backref.domain {
  exports dev.backref.domain;
}
