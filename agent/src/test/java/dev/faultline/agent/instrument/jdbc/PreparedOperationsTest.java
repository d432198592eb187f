package dev.faultline.agent.instrument.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class PreparedOperationsTest {

  private final PreparedOperations operations = new PreparedOperations();

  @Test
  void aStatementNeverPreparedIsOther() {
    assertEquals(SqlOperation.OTHER, operations.get(new Object()));
  }

  @Test
  void statementsPreparedOnManyThreadsAreReadBackOnOthersWithTheirOwnOperation() throws Exception {
    SqlOperation[] kinds = {SqlOperation.SELECT, SqlOperation.INSERT, SqlOperation.UPDATE, SqlOperation.DELETE};
    List<Object> statements = new ArrayList<>();
    for (int i = 0; i < 4_000; i++) {
      statements.add(new Object()); // spread over every stripe by their hashes
    }
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> puts = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        int first = t;
        puts.add(pool.submit(() -> {
          for (int i = first; i < statements.size(); i += 4) {
            operations.put(statements.get(i), kinds[i % kinds.length]);
          }
        }));
      }
      for (Future<?> put : puts) {
        put.get();
      }
      // Read on other threads than the ones that prepared: a statement may be executed anywhere.
      List<Future<?>> reads = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        int first = (t + 1) % 4;
        reads.add(pool.submit(() -> {
          for (int i = first; i < statements.size(); i += 4) {
            assertEquals(kinds[i % kinds.length], operations.get(statements.get(i)));
          }
        }));
      }
      for (Future<?> read : reads) {
        read.get();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void preparingAgainReplacesTheOperation() {
    Object statement = new Object();
    operations.put(statement, SqlOperation.SELECT);
    operations.put(statement, SqlOperation.DELETE);
    assertEquals(SqlOperation.DELETE, operations.get(statement));
  }
}
