CREATE TABLE marks (owner text NOT NULL);
