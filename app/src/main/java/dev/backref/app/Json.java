package dev.backref.app;

import dev.backref.app.Views.PostView;
import dev.backref.app.Views.TagLabel;
import dev.backref.app.Views.TagView;
import dev.backref.app.Views.UserView;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The JSON shapes of the command line and the HTTP API. The graph is written without recursion,
 * however cyclic it is: a user embeds its posts (without their author, which is the user), a post
 * embeds its author's id and username (without the author's posts) and its tags' ids and names
 * (without the tags' posts), a tag embeds its posts (without their author and tags). A relation
 * that was not loaded is written as {@code "postsLoaded": false} / {@code "authorLoaded": false} /
 * {@code "tagsLoaded": false} with no {@code posts} / {@code author} / {@code tags} field, never as
 * an empty list.
 */
final class Json {

  static final JsonMapper MAPPER = JsonMapper.builder().build();

  private Json() {}

  static ObjectNode object() {
    return MAPPER.createObjectNode();
  }

  static ObjectNode user(UserView user) {
    ObjectNode node = object();
    node.put("id", user.id());
    node.put("username", user.username());
    node.put("createdAt", user.createdAt().toString());
    node.put("version", user.version());
    node.put("postsLoaded", user.postsLoaded());
    if (user.postsLoaded()) {
      ArrayNode posts = node.putArray("posts");
      for (PostView post : user.posts()) {
        posts.add(postFields(post));
      }
    }
    return node;
  }

  static ArrayNode users(List<UserView> users) {
    ArrayNode array = MAPPER.createArrayNode();
    users.forEach(user -> array.add(user(user)));
    return array;
  }

  static ObjectNode post(PostView post) {
    ObjectNode node = postFields(post);
    node.put("authorId", post.authorId());
    node.put("authorLoaded", post.authorLoaded());
    if (post.authorLoaded()) {
      ObjectNode author = node.putObject("author");
      author.put("id", post.author().id());
      author.put("username", post.author().username());
    }
    node.put("tagsLoaded", post.tagsLoaded());
    if (post.tagsLoaded()) {
      node.set("tags", labels(post.tags()));
    }
    return node;
  }

  static ArrayNode posts(List<PostView> posts) {
    ArrayNode array = MAPPER.createArrayNode();
    posts.forEach(post -> array.add(post(post)));
    return array;
  }

  static ObjectNode tag(TagView tag) {
    ObjectNode node = object();
    node.put("id", tag.id());
    node.put("name", tag.name());
    node.put("createdAt", tag.createdAt().toString());
    node.put("version", tag.version());
    node.put("postsLoaded", tag.postsLoaded());
    if (tag.postsLoaded()) {
      ArrayNode posts = node.putArray("posts");
      for (PostView post : tag.posts()) {
        posts.add(postFields(post).put("authorId", post.authorId()));
      }
    }
    return node;
  }

  static ArrayNode tags(List<TagView> tags) {
    ArrayNode array = MAPPER.createArrayNode();
    tags.forEach(tag -> array.add(tag(tag)));
    return array;
  }

  /** Tags as embedded in a post: {@code [{"id": 3, "name": "java"}]}. */
  static ArrayNode labels(List<TagLabel> tags) {
    ArrayNode array = MAPPER.createArrayNode();
    tags.forEach(tag -> array.addObject().put("id", tag.id()).put("name", tag.name()));
    return array;
  }

  private static ObjectNode postFields(PostView post) {
    ObjectNode node = object();
    node.put("id", post.id());
    node.put("title", post.title());
    node.put("content", post.content());
    node.put("createdAt", post.createdAt().toString());
    node.put("version", post.version());
    return node;
  }

  static String pretty(JsonNode node) {
    return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(node);
  }

  static byte[] compact(JsonNode node) {
    return MAPPER.writeValueAsBytes(node);
  }
}
