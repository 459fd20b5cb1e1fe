package dev.backref.bench.contender;

import dev.backref.domain.User;

/** Thrown out of a transaction callback to roll it back while carrying its result out. No stack trace. */
final class Rollback extends RuntimeException {

  private final transient User user;

  Rollback(User user) {
    super("rolled back on purpose", null, false, false);
    this.user = user;
  }

  User user() {
    return user;
  }
}
