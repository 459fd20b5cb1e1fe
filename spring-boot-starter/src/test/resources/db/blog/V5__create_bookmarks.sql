-- An application's own migration, numbered after backref's V1 to V4 and run by the same Flyway.
create table bookmarks (
  user_id bigint not null references users (id) on delete cascade,
  post_id bigint not null references posts (id) on delete cascade,
  primary key (user_id, post_id)
);
