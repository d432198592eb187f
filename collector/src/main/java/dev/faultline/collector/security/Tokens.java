package dev.faultline.collector.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/** Token comparison that takes the same time wherever the strings differ, so timing reveals nothing. */
final class Tokens {

  private Tokens() {}

  static boolean same(String presented, byte[] expected) {
    return MessageDigest.isEqual(presented.getBytes(StandardCharsets.UTF_8), expected);
  }

  static byte[] bytes(String token) {
    return token.getBytes(StandardCharsets.UTF_8);
  }
}
