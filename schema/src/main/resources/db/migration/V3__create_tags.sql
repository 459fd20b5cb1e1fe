-- Tags label posts, many to many. A tag name is unique regardless of case, like a username:
-- 'Java' and 'java' are the same tag.
CREATE TABLE tags (
    id         bigint      GENERATED ALWAYS AS IDENTITY,
    name       text        NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    version    bigint      NOT NULL DEFAULT 0,
    CONSTRAINT tags_pkey PRIMARY KEY (id),
    CONSTRAINT tags_name_length_check CHECK (char_length(name) BETWEEN 1 AND 50),
    CONSTRAINT tags_name_not_blank_check CHECK (name ~ '[^[:space:]]'),
    CONSTRAINT tags_version_check CHECK (version >= 0)
);

-- Serves uniqueness regardless of case, lookups by name, and the order of a post's tags.
CREATE UNIQUE INDEX tags_name_lower_key ON tags (lower(name));

-- The link between a post and a tag. Deleting either side deletes the link, never the other side.
CREATE TABLE post_tags (
    post_id   bigint      NOT NULL,
    tag_id    bigint      NOT NULL,
    tagged_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT post_tags_pkey PRIMARY KEY (post_id, tag_id),
    CONSTRAINT post_tags_post_id_fkey FOREIGN KEY (post_id) REFERENCES posts (id) ON DELETE CASCADE,
    CONSTRAINT post_tags_tag_id_fkey FOREIGN KEY (tag_id) REFERENCES tags (id) ON DELETE CASCADE
);

-- The primary key serves post -> tags (post_id = ANY(?)); this index serves tag -> posts and
-- the cascade from tags.
CREATE INDEX post_tags_tag_id_post_id_idx ON post_tags (tag_id, post_id);

-- PostRepository.findAll and every load of posts as roots order by (created_at, id).
CREATE INDEX posts_created_at_id_idx ON posts (created_at, id);

COMMENT ON TABLE tags IS 'Labels of posts; a post has many tags and a tag many posts.';
COMMENT ON COLUMN tags.version IS 'Optimistic lock: incremented by every update.';
COMMENT ON TABLE post_tags IS 'Which post carries which tag.';
