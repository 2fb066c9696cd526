package io.jobqueue.http;

import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * One route of the API: what the server registers and what {@code /openapi.json} describes, from
 * the same value, so the two cannot drift.
 *
 * @param path Javalin's path: {@code {id}} a segment, {@code <pipeline>} a pipeline name, which may
 *     hold {@code /}
 * @param ok the statuses of success (e.g. 201 added, 200 an existing job's id)
 * @param errors the error statuses beyond those every route of its access has
 * @param body the request body's schema in the OpenAPI components, or null without a body
 * @param response the success body's schema in the OpenAPI components, or null for text
 */
record Route(
    HandlerType method,
    String path,
    Tokens.Access access,
    String summary,
    List<Param> params,
    String body,
    Set<Integer> ok,
    String response,
    Set<Integer> errors,
    Handler handler) {

  /** The path as OpenAPI writes it: {@code {name}} for every parameter. */
  String openApiPath() {
    return path.replace('<', '{').replace('>', '}');
  }

  /** This route, also answering {@code status} on success with the same body schema. */
  Route alsoSucceedingWith(int status) {
    Set<Integer> all = new TreeSet<>(ok);
    all.add(status);
    return new Route(method, path, access, summary, params, body, all, response, errors, handler);
  }

  /** Every status this route may answer. */
  Set<Integer> statuses() {
    Set<Integer> all = new TreeSet<>(errors);
    all.addAll(ok);
    if (access != Tokens.Access.PUBLIC) {
      all.add(401);
    }
    if (access == Tokens.Access.ADMIN) {
      all.add(403);
    }
    if (body != null) {
      all.addAll(List.of(400, 413));
    }
    if (!params.isEmpty()) {
      all.add(400);
    }
    return all;
  }

  /** A path or query parameter. */
  record Param(String name, boolean inPath, String type, String description) {

    static Param path(String name, String type, String description) {
      return new Param(name, true, type, description);
    }

    static Param query(String name, String type, String description) {
      return new Param(name, false, type, description);
    }
  }
}
