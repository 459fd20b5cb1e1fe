-- OPTIONAL SET, not part of db/migration: the schema a Citus deployment would run, after V4, by
-- adding this folder as a second Flyway location (Migrations.of(dataSource,
-- Migrations.DEFAULT_LOCATION, Migrations.CITUS_LOCATION), or locations
-- classpath:db/migration,classpath:db/citus). Every script here also runs on plain PostgreSQL,
-- where the test suite proves the library still behaves the same; only V4.103 does anything
-- Citus-specific, and only when the citus extension is installed. Why each change: docs/scaling.md.
--
-- posts will be distributed by user_id, co-located with users (distributed by id). Citus can only
-- enforce a primary key or unique constraint that includes the distribution column, so the key of a
-- post becomes (user_id, id). Post ids stay unique because the identity column generates them; no
-- constraint can say so any more, and none is needed by the library (it never writes an id).
--
-- post_tags' foreign key to posts referenced posts (id); it is dropped here and recreated in V4.101
-- over (user_id, post_id), the only form Citus accepts between co-located tables.

ALTER TABLE post_tags DROP CONSTRAINT post_tags_post_id_fkey;

ALTER TABLE posts DROP CONSTRAINT posts_pkey;
ALTER TABLE posts ADD CONSTRAINT posts_pkey PRIMARY KEY (user_id, id);

-- The library still reads, edits and deletes one post by id alone (findById, edit, delete, tag):
-- without the old primary key that needs an index of its own. Not unique: on Citus it could not be.
CREATE INDEX posts_id_idx ON posts (id);
