package dev.backref.spring.boot;

import java.util.function.Supplier;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/** Runs test code inside {@code @Transactional} methods, as an application service would. */
@Component
class TransactionalWork {

  /** Thrown by test code to have the transaction rolled back. */
  static final class Rollback extends RuntimeException {
    Rollback() {
      super("roll back", null, false, false);
    }
  }

  @Transactional
  public <T> T required(Supplier<T> work) {
    return work.get();
  }

  @Transactional
  public void required(Runnable work) {
    work.run();
  }

  @Transactional(propagation = Propagation.REQUIRES_NEW)
  public void requiresNew(Runnable work) {
    work.run();
  }
}
