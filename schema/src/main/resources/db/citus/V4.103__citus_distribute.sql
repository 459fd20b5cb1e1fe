-- Distributes the tables, and does nothing at all unless the citus extension is installed in this
-- database: on plain PostgreSQL the tables stay local and V4.100..V4.102 are all that changed.
--
-- The layout (docs/scaling.md): tags and usernames are reference tables (a full copy on every
-- node); users is distributed by id; posts and post_tags by user_id, co-located with users, so
-- that one user's rows of all three live on one shard group. Referenced tables are distributed
-- before the tables that point at them, as Citus requires.
--
-- Refused unless the session says the application writes post_tags.user_id and usernames itself
-- (SET backref.citus_writers_ready = 'on', for example in Flyway's initSql): this version of the
-- library does not (see docs/scaling.md, "What the library would have to change"), and the
-- triggers that do it on plain PostgreSQL cannot come along.
--
-- Never run against Citus here (it cannot be installed on the build machine); CitusMigrationsIT
-- runs backref_citus_distribute() against stand-ins for the two Citus functions.

CREATE FUNCTION backref_citus_distribute() RETURNS void
    LANGUAGE plpgsql AS
$$
BEGIN
    IF coalesce(current_setting('backref.citus_writers_ready', true), '') <> 'on' THEN
        RAISE EXCEPTION 'not distributing the backref tables: the application must write post_tags.user_id and usernames itself first'
            USING HINT = 'See docs/scaling.md. When it does, SET backref.citus_writers_ready = ''on'' and migrate again.';
    END IF;

    -- One connection per worker for the rest of this transaction: the Citus documentation's
    -- workaround for mixing object propagation with distributed DDL in one transaction (Flyway
    -- runs this migration in one).
    PERFORM set_config('citus.multi_shard_modify_mode', 'sequential', true);

    -- Citus refuses to distribute a table with triggers (unless citus.enable_unsafe_triggers),
    -- and these write across shards; the writer takes over their work.
    DROP TRIGGER post_tags_fill_user_id ON post_tags;
    DROP TRIGGER users_claim_username ON users;
    DROP TRIGGER users_release_username ON users;
    DROP TRIGGER users_move_username ON users;

    PERFORM create_reference_table('tags');
    PERFORM create_reference_table('usernames');
    PERFORM create_distributed_table('users', 'id');
    PERFORM create_distributed_table('posts', 'user_id', colocate_with => 'users');
    PERFORM create_distributed_table('post_tags', 'user_id', colocate_with => 'users');
END
$$;

COMMENT ON FUNCTION backref_citus_distribute() IS 'Run by V4.103 when the citus extension is installed: docs/scaling.md.';

DO
$$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'citus') THEN
        PERFORM backref_citus_distribute();
    ELSE
        RAISE NOTICE 'citus is not installed in this database: the backref tables stay local';
    END IF;
END
$$;
