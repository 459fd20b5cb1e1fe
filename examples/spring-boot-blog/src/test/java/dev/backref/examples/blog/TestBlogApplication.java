package dev.backref.examples.blog;

import org.springframework.boot.SpringApplication;

/**
 * The blog on an embedded PostgreSQL, for trying it without a database:
 * {@code ../../mvnw spring-boot:test-run} in this directory, then {@code curl localhost:8080/users/alice}.
 */
public class TestBlogApplication {

  public static void main(String[] args) {
    SpringApplication.from(BlogApplication::main).with(EmbeddedPostgresConfiguration.class).run(args);
  }
}
