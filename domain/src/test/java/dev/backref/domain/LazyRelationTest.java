package dev.backref.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class LazyRelationTest {

  private static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");

  @Test
  void loadsOnFirstAccessOnlyAndThenIsLoaded() {
    AtomicInteger loads = new AtomicInteger();
    User alice =
        User.of(
            1,
            "alice",
            NOW,
            0,
            self ->
                ToMany.lazy(
                    () -> {
                      loads.incrementAndGet();
                      return List.of(Post.of(10, 1, "t", "c", NOW, 0, ToOne.loaded(self)));
                    }));

    assertThat(alice.posts().state()).isEqualTo(RelationState.LAZY);
    assertThat(alice.toString()).contains("posts=lazy");
    assertThat(alice).isEqualTo(User.of(1, "alice", NOW, 0, self -> ToMany.notLoaded("x")));
    assertThat(loads).hasValue(0);

    assertThat(alice.posts().size()).isEqualTo(1);
    assertThat(alice.posts().get().getFirst().author()).isSameAs(alice);
    assertThat(alice.posts().isLoaded()).isTrue();
    alice.posts().get();
    assertThat(loads).hasValue(1);
  }

  @Test
  void manyThreadsReadingTheSameLazyRelationTriggerExactlyOneLoad() throws Exception {
    AtomicInteger loads = new AtomicInteger();
    CountDownLatch start = new CountDownLatch(1);
    ToOne<String> relation =
        ToOne.lazy(
            () -> {
              loads.incrementAndGet();
              sleep(50);
              return "loaded";
            });
    int threads = 32;
    List<Future<String>> results = new ArrayList<>();
    try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
      for (int i = 0; i < threads; i++) {
        results.add(
            pool.submit(
                () -> {
                  start.await();
                  return relation.get();
                }));
      }
      start.countDown();
      for (Future<String> result : results) {
        assertThat(result.get()).isEqualTo("loaded");
      }
    }
    assertThat(loads).hasValue(1);
  }

  @Test
  void aFailedLoadLeavesTheRelationLazySoTheNextAccessRetries() {
    AtomicInteger attempts = new AtomicInteger();
    ToOne<String> relation =
        ToOne.lazy(
            () -> {
              if (attempts.incrementAndGet() == 1) {
                throw new IllegalStateException("database is gone");
              }
              return "second time lucky";
            });

    assertThatThrownBy(relation::get).hasMessage("database is gone");
    assertThat(relation.state()).isEqualTo(RelationState.LAZY);
    assertThat(relation.get()).isEqualTo("second time lucky");
    assertThat(attempts).hasValue(2);
  }

  @Test
  void aLoaderThatReadsItsOwnRelationIsARecursionError() {
    AtomicReference<ToOne<String>> self = new AtomicReference<>();
    ToOne<String> relation = ToOne.lazy(() -> self.get().get());
    self.set(relation);

    assertThatThrownBy(relation::get)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("Recursive load");
  }

  @Test
  void aLoaderReturningNullIsRefused() {
    ToOne<String> relation = ToOne.lazy(() -> null);

    assertThatThrownBy(relation::get).isInstanceOf(NullPointerException.class).hasMessageContaining("returned null");
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
