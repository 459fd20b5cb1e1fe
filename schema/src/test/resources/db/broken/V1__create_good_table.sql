CREATE TABLE good_table (id bigint CONSTRAINT good_table_pkey PRIMARY KEY);
