-- Which characters usernames, tag names and titles may hold, enforced by the database for writers
-- that bypass the library (which checks the same rules first, to name the field and the problem).
--
-- Every constraint is added NOT VALID: PostgreSQL does not check the rows already there, so a
-- database holding names written before these rules (a username with ESC in it, say) still
-- migrates. Every INSERT, and every UPDATE of a row, is checked from now on: an old row must be
-- made valid when it is next updated. Once no old row breaks a rule, a maintainer can run
-- ALTER TABLE ... VALIDATE CONSTRAINT ... to have PostgreSQL prove it.
--
-- The database must be UTF8 (IS NFC NORMALIZED and the \u escapes below need it).
--
-- PostgreSQL checks a table's CHECK constraints in the alphabetical order of their names; the names
-- below sort after *_length_check and *_not_blank_check, so a blank or too long value is still
-- reported as such.

-- Refused anywhere in a username or tag name: every control and invisible character, that is the
-- Unicode categories Cc (C0 and C1 controls, DEL; NUL cannot be stored in text anyway), Cf
-- (format: soft hyphen, zero-width space and joiners, LRM/RLM, the bidirectional embeddings,
-- overrides and isolates, word joiner, byte order mark, tag characters...) and Zl/Zp (U+2028,
-- U+2029), listed explicitly as of Unicode 16 because a PostgreSQL regex has no Unicode categories.
-- The library refuses the same categories through Java's Unicode tables.
--
-- Refused at either end of a username, tag name or title: whitespace (Java's Character.isWhitespace
-- or isSpaceChar), so that 'o''brien ' cannot sit beside 'o''brien'.
--
-- Values must be in Unicode normalization form NFC: 'e' followed by U+0301 COMBINING ACUTE ACCENT
-- and the precomposed U+00E9 look the same, and are stored the same (NFC), so the unique index on
-- lower(...) refuses the second. NFKC is not required: it would merge distinct characters (the
-- ligature U+FB01 and 'fi').

ALTER TABLE users
    ADD CONSTRAINT users_username_printable_check CHECK (username !~ '[\x01-\x1f\x7f-\x9f\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890-\u0891\u08e2\u180e\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f]') NOT VALID,
    ADD CONSTRAINT users_username_trimmed_check CHECK (username !~ '^[\x09-\x0d\x1c-\x20\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]|[\x09-\x0d\x1c-\x20\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]$') NOT VALID,
    ADD CONSTRAINT users_username_nfc_check CHECK (username IS NFC NORMALIZED) NOT VALID;

ALTER TABLE tags
    ADD CONSTRAINT tags_name_printable_check CHECK (name !~ '[\x01-\x1f\x7f-\x9f\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890-\u0891\u08e2\u180e\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f]') NOT VALID,
    ADD CONSTRAINT tags_name_trimmed_check CHECK (name !~ '^[\x09-\x0d\x1c-\x20\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]|[\x09-\x0d\x1c-\x20\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]$') NOT VALID,
    ADD CONSTRAINT tags_name_nfc_check CHECK (name IS NFC NORMALIZED) NOT VALID;

-- A title is one line of visible text: no control characters (tab, line feed and carriage return
-- included) and no line or paragraph separator; format characters stay allowed (emoji sequences
-- need the zero-width joiner). Content may hold tab, line feed and carriage return, and no other
-- control character (ESC would let a post recolour the terminal that prints it). Content is not
-- checked for NFC here: the library normalizes it, and checking every body on every write is not
-- worth its cost for text that nothing compares.
ALTER TABLE posts
    ADD CONSTRAINT posts_title_printable_check CHECK (title !~ '[\x01-\x1f\x7f-\x9f\u2028\u2029]') NOT VALID,
    ADD CONSTRAINT posts_title_trimmed_check CHECK (title !~ '^[\x09-\x0d\x1c-\x20\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]|[\x09-\x0d\x1c-\x20\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]$') NOT VALID,
    ADD CONSTRAINT posts_title_nfc_check CHECK (title IS NFC NORMALIZED) NOT VALID,
    ADD CONSTRAINT posts_content_printable_check CHECK (content !~ '[\x01-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]') NOT VALID;
