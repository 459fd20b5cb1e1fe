-- post_tags will be distributed by user_id too, co-located with posts, so that a post and its
-- links live on the same shard and post_tags JOIN posts can run inside one worker. The column did
-- not exist: it is added, filled from posts, and made part of the primary key (Citus: a primary
-- key must include the distribution column). A post still carries a tag once: user_id is a
-- function of post_id (the foreign key below), so (user_id, post_id, tag_id) is unique exactly
-- when (post_id, tag_id) is.

ALTER TABLE post_tags ADD COLUMN user_id bigint;

UPDATE post_tags SET user_id = posts.user_id FROM posts WHERE posts.id = post_tags.post_id;

ALTER TABLE post_tags ALTER COLUMN user_id SET NOT NULL;

ALTER TABLE post_tags DROP CONSTRAINT post_tags_pkey;
ALTER TABLE post_tags ADD CONSTRAINT post_tags_pkey PRIMARY KEY (user_id, post_id, tag_id);

-- Same name as before: the library translates a violation of post_tags_post_id_fkey into
-- PostNotFoundException. Between co-located distributed tables Citus needs the distribution column
-- in the key, hence (user_id, post_id) -> posts (user_id, id).
ALTER TABLE post_tags
    ADD CONSTRAINT post_tags_post_id_fkey FOREIGN KEY (user_id, post_id)
        REFERENCES posts (user_id, id) ON DELETE CASCADE;

-- The new primary key leads with user_id; post -> tags still asks by post_id alone
-- (post_tags.post_id = any(?)), which this index serves. post_tags_tag_id_post_id_idx (V3) still
-- serves tag -> posts and the cascade from tags.
CREATE INDEX post_tags_post_id_tag_id_idx ON post_tags (post_id, tag_id);

-- The library (this version) inserts links as (post_id, tag_id) and never names user_id. On plain
-- PostgreSQL this trigger fills it from the post, and reports a missing post as the foreign key
-- would have (same SQLSTATE 23503, same constraint name), so the library's behaviour is unchanged.
-- On Citus the trigger cannot help: the coordinator routes each inserted row by its distribution
-- column before any trigger on a shard could run, so the writer must send user_id (V4.103 drops the
-- trigger; docs/scaling.md lists the library change).
CREATE FUNCTION post_tags_fill_user_id() RETURNS trigger
    LANGUAGE plpgsql AS
$$
BEGIN
    IF NEW.user_id IS NULL THEN
        SELECT posts.user_id INTO NEW.user_id FROM posts WHERE posts.id = NEW.post_id;
        IF NOT FOUND THEN
            RAISE foreign_key_violation USING
                MESSAGE = 'insert or update on table "post_tags" violates foreign key constraint "post_tags_post_id_fkey"',
                DETAIL = format('Key (post_id)=(%s) is not present in table "posts".', NEW.post_id),
                SCHEMA = TG_TABLE_SCHEMA,
                TABLE = TG_TABLE_NAME,
                CONSTRAINT = 'post_tags_post_id_fkey';
        END IF;
    END IF;
    RETURN NEW;
END
$$;

CREATE TRIGGER post_tags_fill_user_id
    BEFORE INSERT ON post_tags
    FOR EACH ROW EXECUTE FUNCTION post_tags_fill_user_id();

COMMENT ON COLUMN post_tags.user_id IS 'The post''s user: the distribution column on Citus (docs/scaling.md).';
