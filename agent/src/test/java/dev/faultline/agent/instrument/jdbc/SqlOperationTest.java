package dev.faultline.agent.instrument.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SqlOperationTest {

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "SELECT * FROM t | SELECT",
      "  select 1 | SELECT",
      "(SELECT 1) UNION (SELECT 2) | SELECT",
      "/* hint */ insert into t values (1) | INSERT",
      "-- comment\\nUPDATE t SET a = 1 | UPDATE",
      "delete from t | DELETE",
      "DELETED_ROWS | OTHER",
      "WITH x AS (SELECT 1) SELECT * FROM x | OTHER",
      "CALL proc() | OTHER",
      "'' | OTHER",
  })
  void operationIsTheFirstKeyword(String sql, SqlOperation operation) {
    assertEquals(operation, SqlOperation.of(sql.replace("\\n", "\n")));
  }
}
