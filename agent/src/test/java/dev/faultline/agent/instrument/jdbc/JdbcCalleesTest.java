package dev.faultline.agent.instrument.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.DriverManager;
import org.junit.jupiter.api.Test;

/** Real H2 connections (no agent needed: the cache is plain code), to databases no other test opens. */
class JdbcCalleesTest {

  private final JdbcCallees callees = new JdbcCallees();

  @Test
  void connectionsOpenedPerRequestShareOneParsedUrlAndAlternatingDatabasesKeepTheirOwnNames() throws Exception {
    for (int request = 0; request < 5; request++) {
      try (Connection orders = DriverManager.getConnection("jdbc:h2:mem:callees_orders;DB_CLOSE_DELAY=-1");
          Connection stock = DriverManager.getConnection("jdbc:h2:mem:callees_stock;DB_CLOSE_DELAY=-1")) {
        // Same thread, alternating connections: the per-thread last-connection entry must never answer stale.
        assertEquals("db:h2://mem/callees_orders", callees.of(orders));
        assertEquals("db:h2://mem/callees_stock", callees.of(stock));
        assertEquals("db:h2://mem/callees_orders", callees.of(orders));
        assertEquals("db:h2://mem/callees_orders", callees.of(orders));
      }
    }
    assertEquals(2, callees.cachedUrls());
  }

  @Test
  void theUrlMapIsBoundedAndStillNamesEveryUrlBeyondItsBound() {
    for (int i = 0; i < JdbcCallees.MAX_URLS + 50; i++) {
      assertEquals("db:postgresql://db" + i + ":5432/shop", callees.ofUrl("jdbc:postgresql://db" + i + "/shop"));
    }
    assertEquals(JdbcCallees.MAX_URLS, callees.cachedUrls());
    assertEquals("db:unknown://unknown", callees.ofUrl(null));
  }
}
