-- Users. A username is unique regardless of case: 'Alice' and 'alice' are the same user.
CREATE TABLE users (
    id         bigint      GENERATED ALWAYS AS IDENTITY,
    username   text        NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    version    bigint      NOT NULL DEFAULT 0,
    CONSTRAINT users_pkey PRIMARY KEY (id),
    CONSTRAINT users_username_length_check CHECK (char_length(username) BETWEEN 1 AND 80),
    CONSTRAINT users_username_not_blank_check CHECK (username ~ '[^[:space:]]'),
    CONSTRAINT users_version_check CHECK (version >= 0)
);

CREATE UNIQUE INDEX users_username_lower_key ON users (lower(username));

COMMENT ON TABLE users IS 'Authors of posts.';
COMMENT ON COLUMN users.version IS 'Optimistic lock: incremented by every update.';
