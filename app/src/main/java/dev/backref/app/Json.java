package dev.backref.app;

import dev.backref.app.Trees.Node;
import dev.backref.app.Trees.PostNode;
import dev.backref.app.Trees.Ref;
import dev.backref.app.Trees.Related;
import dev.backref.app.Trees.TagNode;
import dev.backref.app.Trees.UserNode;
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
 *
 * <p>A fetch plan's {@linkplain Trees tree} is written to any depth: every object with all its
 * fields and a {@code ...Loaded} flag per relation, true with the related objects nested where the
 * plan loaded that relation at that place; an object that repeats one of its ancestors is {@code
 * {"ref": "User#7"}}.
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

  /**
   * An object of a fetch plan's tree: a user {@code {id, username, createdAt, version, postsLoaded,
   * posts}}, a post {@code {id, title, content, createdAt, version, authorId, authorLoaded, author,
   * tagsLoaded, tags}}, a tag {@code {id, name, createdAt, version, postsLoaded, posts}}, each
   * relation present only when loaded; or {@code {"ref": "Post#3"}}.
   */
  static ObjectNode tree(Node node) {
    return switch (node) {
      case Ref ref -> object().put("ref", ref.reference());
      case UserNode user -> {
        ObjectNode json = object().put("id", user.id()).put("username", user.username())
            .put("createdAt", user.createdAt().toString()).put("version", user.version());
        yield related(json, "posts", user.posts());
      }
      case PostNode post -> {
        ObjectNode json = object().put("id", post.id()).put("title", post.title()).put("content", post.content())
            .put("createdAt", post.createdAt().toString()).put("version", post.version()).put("authorId", post.authorId());
        related(json, "author", post.author());
        yield related(json, "tags", post.tags());
      }
      case TagNode tag -> {
        ObjectNode json = object().put("id", tag.id()).put("name", tag.name())
            .put("createdAt", tag.createdAt().toString()).put("version", tag.version());
        yield related(json, "posts", tag.posts());
      }
    };
  }

  static ArrayNode trees(List<Node> nodes) {
    ArrayNode array = MAPPER.createArrayNode();
    nodes.forEach(node -> array.add(tree(node)));
    return array;
  }

  /** {@code "tagsLoaded": true, "tags": [...]} or {@code "tagsLoaded": false}; an author is one object, not an array. */
  private static ObjectNode related(ObjectNode json, String name, Related related) {
    json.put(name + "Loaded", related.loaded());
    if (related.loaded()) {
      json.set(name, name.equals("author") ? tree(related.nodes().getFirst()) : trees(related.nodes()));
    }
    return json;
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
