CREATE TABLE half_table (id bigint CONSTRAINT half_table_pkey PRIMARY KEY);
INSERT INTO good_table (id) VALUES (1);
SELECT no_such_function();
