package io.jobqueue.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * The bearer tokens: the admin token may do everything, the read token (optional) only reads.
 * Compared in constant time so that timing does not tell how much of a guess was right.
 */
final class Tokens {

  static final String SCHEME = "Bearer ";

  private final byte[] admin;
  private final byte[] read;

  Tokens(String admin, String read) {
    this.admin = admin.getBytes(StandardCharsets.UTF_8);
    this.read = read == null ? null : read.getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Checks the {@code Authorization} header for a route of this access.
   *
   * @throws ApiException 401 without a known token, 403 for the read token on a write
   */
  void check(String authorization, Access access) {
    if (access == Access.PUBLIC) {
      return;
    }
    if (authorization == null || !authorization.startsWith(SCHEME)) {
      throw new ApiException(401, "send the header 'Authorization: Bearer <token>'");
    }
    byte[] given =
        authorization.substring(SCHEME.length()).strip().getBytes(StandardCharsets.UTF_8);
    if (MessageDigest.isEqual(given, admin)) {
      return;
    }
    if (read != null && MessageDigest.isEqual(given, read)) {
      if (access == Access.ADMIN) {
        throw new ApiException(
            403, "the read-only token cannot change anything: use the admin token");
      }
      return;
    }
    throw new ApiException(401, "the bearer token is not one this server accepts");
  }

  /** Who may call a route. */
  enum Access {
    /** Anyone: only what holds no data. */
    PUBLIC,
    /** The read or the admin token. */
    READ,
    /** The admin token. */
    ADMIN
  }
}
