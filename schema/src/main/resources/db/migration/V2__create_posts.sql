-- Posts belong to exactly one user and go with it when it is deleted.
CREATE TABLE posts (
    id         bigint      GENERATED ALWAYS AS IDENTITY,
    user_id    bigint      NOT NULL,
    title      text        NOT NULL,
    content    text        NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    version    bigint      NOT NULL DEFAULT 0,
    CONSTRAINT posts_pkey PRIMARY KEY (id),
    CONSTRAINT posts_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE,
    CONSTRAINT posts_title_length_check CHECK (char_length(title) BETWEEN 1 AND 120),
    CONSTRAINT posts_title_not_blank_check CHECK (title ~ '[^[:space:]]'),
    CONSTRAINT posts_version_check CHECK (version >= 0)
);

-- Serves the foreign key (cascade deletes, user_id = ANY(?)) and the documented
-- order of a user's posts (created_at, id) in one index.
CREATE INDEX posts_user_id_created_at_id_idx ON posts (user_id, created_at, id);

COMMENT ON TABLE posts IS 'Posts written by users.';
COMMENT ON COLUMN posts.version IS 'Optimistic lock: incremented by every update.';
