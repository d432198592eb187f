package dev.faultline.collector.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class TextTableTest {

  @Test
  void printOrPrintsAlignedColumnsWhenThereAreRows() {
    StringWriter out = new StringWriter();
    new TextTable("HOST", "LAST SEEN").row("web-1", "now").row("database-2", null)
        .printOr("no hosts", new PrintWriter(out));
    assertEquals(String.join(System.lineSeparator(), "HOST        LAST SEEN", "web-1       now", "database-2", ""),
        out.toString());
  }

  @Test
  void printOrPrintsTheEmptyLineAloneWithoutRows() {
    StringWriter out = new StringWriter();
    new TextTable("HOST", "LAST SEEN").printOr("no hosts have reported yet", new PrintWriter(out));
    assertEquals("no hosts have reported yet" + System.lineSeparator(), out.toString());
  }
}
