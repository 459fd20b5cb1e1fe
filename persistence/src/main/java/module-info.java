/**
 * backref's repositories, fetch policies and plans, listeners and metrics, on jOOQ and PostgreSQL.
 *
 * <p>Only {@code dev.backref.persistence} is exported. The jOOQ classes generated from the
 * migrations ({@code dev.backref.persistence.jooq} and below) are not API; their records are
 * opened to jOOQ alone, which creates them reflectively.
 */
module dev.backref.persistence {
  exports dev.backref.persistence;

  opens dev.backref.persistence.jooq.tables.records to org.jooq;

  requires transitive dev.backref.domain;
  requires transitive java.sql;
  requires transitive org.jooq;
  requires org.postgresql.jdbc;
  requires static micrometer.core;
}
