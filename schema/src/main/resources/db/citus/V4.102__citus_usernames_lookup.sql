-- users will be distributed by id. A unique index on lower(username) cannot exist on a distributed
-- table (Citus: a unique index must include the distribution column, and an expression over
-- username does not), so "a username is unique regardless of case" moves to a lookup table:
-- usernames, one row per lower(username), which Citus keeps as a reference table (a full copy on
-- every node, where a unique constraint over any column is allowed).
--
-- The lookup is not a cache: users points at it with a foreign key over (username_key, id), and
-- its primary key is lower_name alone, so two users can never hold the same name whatever writes
-- to the tables. A writer that forgets the lookup row is refused (users_username_key_fkey); it
-- can never create a duplicate. The cost is one more row per user on every node and one more
-- write (to all nodes, in a two-phase commit) per created or renamed user.

DROP INDEX users_username_lower_key;

-- Lookups by name (findByUsername) and pages in name order still filter and sort by
-- lower(username): the same index, no longer unique.
CREATE INDEX users_username_lower_idx ON users (lower(username));

ALTER TABLE users ADD COLUMN username_key text GENERATED ALWAYS AS (lower(username)) STORED;

CREATE TABLE usernames (
    lower_name text   NOT NULL,
    user_id    bigint NOT NULL,
    -- The name the unique index had: the library translates a violation of
    -- users_username_lower_key into DuplicateUsernameException, and still does.
    CONSTRAINT users_username_lower_key PRIMARY KEY (lower_name),
    -- What the foreign key from users references (a foreign key needs a unique constraint over
    -- exactly its columns); implied by the primary key.
    CONSTRAINT usernames_lower_name_user_id_key UNIQUE (lower_name, user_id)
);

INSERT INTO usernames (lower_name, user_id) SELECT lower(username), id FROM users;

ALTER TABLE users
    ADD CONSTRAINT users_username_key_fkey FOREIGN KEY (username_key, id)
        REFERENCES usernames (lower_name, user_id);

-- The library (this version) writes users only. On plain PostgreSQL these triggers claim the name
-- before the row is written (a taken name fails here, as the unique index did: 23505 on
-- users_username_lower_key), move the claim on rename, and release it on delete. Citus refuses to
-- distribute a table that has triggers (unless citus.enable_unsafe_triggers), and a trigger on a
-- shard writing to a reference table is exactly what that setting calls unsafe, so V4.103 drops them
-- and the writer must maintain usernames itself (docs/scaling.md). One visible difference on plain
-- PostgreSQL: a name that is both taken and invalid is now reported as taken (the claim runs
-- before the row's CHECK constraints); the library validates names before any SQL, so it never
-- sends one.
CREATE FUNCTION users_claim_username() RETURNS trigger
    LANGUAGE plpgsql AS
$$
BEGIN
    IF TG_OP = 'UPDATE' AND lower(NEW.username) IS NOT DISTINCT FROM lower(OLD.username) THEN
        RETURN NEW;
    END IF;
    INSERT INTO usernames (lower_name, user_id) VALUES (lower(NEW.username), NEW.id);
    RETURN NEW;
END
$$;

CREATE TRIGGER users_claim_username
    BEFORE INSERT OR UPDATE OF username ON users
    FOR EACH ROW EXECUTE FUNCTION users_claim_username();

CREATE FUNCTION users_release_username() RETURNS trigger
    LANGUAGE plpgsql AS
$$
BEGIN
    DELETE FROM usernames WHERE lower_name = OLD.username_key AND user_id = OLD.id;
    RETURN NULL;
END
$$;

CREATE TRIGGER users_release_username
    AFTER DELETE ON users
    FOR EACH ROW EXECUTE FUNCTION users_release_username();

CREATE TRIGGER users_move_username
    AFTER UPDATE OF username ON users
    FOR EACH ROW WHEN (OLD.username_key IS DISTINCT FROM NEW.username_key)
    EXECUTE FUNCTION users_release_username();

COMMENT ON TABLE usernames IS 'Who holds each username, compared regardless of case: a reference table on Citus (docs/scaling.md).';
COMMENT ON COLUMN users.username_key IS 'lower(username): what the foreign key to usernames compares.';
