package dev.faultline.agent.instrument.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JdbcUrlsTest {

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "jdbc:postgresql://db.internal/shop?user=x&password=y | db:postgresql://db.internal:5432/shop",
      "jdbc:postgresql://db1:6432,db2:6432/shop | db:postgresql://db1:6432/shop",
      "jdbc:mysql://u:p@10.0.0.5:3307/orders | db:mysql://10.0.0.5:3307/orders",
      "jdbc:mariadb://maria/app | db:mariadb://maria:3306/app",
      "jdbc:sqlserver://sql1:1433;databaseName=crm;password=y | db:sqlserver://sql1:1433/crm",
      "jdbc:oracle:thin:@//ora:1521/ORCL | db:oracle://ora:1521/ORCL",
      "jdbc:oracle:thin:@ora:1521:ORCL | db:oracle://ora:1521/ORCL",
      "jdbc:h2:mem:test;DB_CLOSE_DELAY=-1 | db:h2://mem/test",
      "jdbc:h2:tcp://localhost:9092/~/data/app | db:h2://localhost:9092/app",
      "jdbc:h2:file:/var/data/app;MODE=PostgreSQL | db:h2://file/app",
      "not-a-url | db:unknown://unknown",
  })
  void calleeHasVendorHostPortAndNameOnly(String url, String callee) {
    assertEquals(callee, JdbcUrls.callee(url));
  }
}
