package dev.backref.app;

/** How a command prints its result. */
enum Format {
  /** For people: aligned text, with the number of SQL statements on the last line. */
  TEXT,
  /** For programs: exactly one JSON document on standard output. */
  JSON
}
