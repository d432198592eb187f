package dev.faultline.agent.instrument.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.agent.instrument.AgentTestSupport;
import dev.faultline.agent.instrument.InstrumentationHandle;
import dev.faultline.agent.instrument.InstrumentationSettings;
import dev.faultline.agent.instrument.record.EdgeSnapshot;
import dev.faultline.agent.instrument.record.IntervalReport;
import dev.faultline.agent.instrument.record.MetricBatchEncoder;
import dev.faultline.agent.instrument.record.PeerKind;
import dev.faultline.proto.v1.MetricBatch;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The agent installed in-process and H2's real JDBC driver, in memory. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class JdbcInstrumentationTest {

  private static final String CALLEE = "db:h2://mem/orders";
  private static final String SECRET = "secret-card-4111";

  private static InstrumentationHandle handle;

  @BeforeAll
  static void install() {
    handle = AgentTestSupport.install(InstrumentationSettings.builder("shop").build());
  }

  @AfterAll
  static void uninstall() {
    handle.close();
  }

  @Test
  void statementsBecomeDatabaseEdgeCallsPerOperationWithoutSqlValues() throws SQLException {
    handle.drain(System.currentTimeMillis());
    try (Connection connection = DriverManager.getConnection("jdbc:h2:mem:orders;DB_CLOSE_DELAY=-1", "sa", "")) {
      try (Statement statement = connection.createStatement()) {
        statement.execute("CREATE TABLE orders(id INT PRIMARY KEY, card VARCHAR(64))");
        statement.executeUpdate("INSERT INTO orders VALUES (1, '" + SECRET + "')");
      }
      try (PreparedStatement insert = connection.prepareStatement("insert into orders values (?, ?)")) {
        insert.setInt(1, 2);
        insert.setString(2, SECRET);
        insert.executeUpdate();
      }
      try (PreparedStatement select = connection.prepareStatement("/* by id */ SELECT card FROM orders WHERE id = ?")) {
        select.setInt(1, 2);
        try (ResultSet rows = select.executeQuery()) {
          assertTrue(rows.next());
        }
      }
      try (Statement statement = connection.createStatement()) {
        statement.executeUpdate("UPDATE orders SET card = 'x' WHERE id = 1");
        statement.executeUpdate("DELETE FROM orders WHERE id = 1");
        assertThrows(SQLException.class, () -> statement.executeQuery("SELECT nope FROM missing_table"));
      }
      try (CallableStatement call = connection.prepareCall("CALL 1 + 1")) {
        call.execute();
      }
    }

    IntervalReport report = handle.drain(System.currentTimeMillis());
    Map<String, EdgeSnapshot> byOperation = report.edges().stream()
        .filter(e -> e.callee().equals(CALLEE))
        .collect(Collectors.toMap(EdgeSnapshot::operation, e -> e));
    assertEquals(1 + 1, byOperation.get("OTHER").calls()); // CREATE TABLE, CALL
    assertEquals(2, byOperation.get("INSERT").calls());
    assertEquals(2, byOperation.get("SELECT").calls());
    assertEquals(1, byOperation.get("SELECT").errors());
    assertEquals(1, byOperation.get("UPDATE").calls());
    assertEquals(1, byOperation.get("DELETE").calls());
    assertTrue(byOperation.values().stream().allMatch(e -> e.kind() == PeerKind.DATABASE && e.caller().equals("shop")));
    assertTrue(report.exceptions().stream().anyMatch(e -> e.source().equals(CALLEE)
        && e.type().startsWith("org.h2.jdbc.JdbcSQL")), report.exceptions().toString());

    MetricBatch.Builder batch = MetricBatch.newBuilder();
    MetricBatchEncoder.encodeInto(report, (metric, labels, type, unit) -> 1, batch);
    String encoded = batch.build().toString() + report;
    assertFalse(encoded.contains(SECRET), "a statement value leaked into the report");
    assertFalse(encoded.contains("orders WHERE"), "statement text leaked into the report");
    assertEquals(1, batch.getEdgesList().stream().filter(e -> e.getCallee().equals(CALLEE)).count());
    assertEquals(8, batch.getEdgesList().stream().filter(e -> e.getCallee().equals(CALLEE))
        .findFirst().orElseThrow().getCalls());
  }
}
