package io.github.beamshared.benchmarks.speed;

import io.github.beamshared.benchmarks.ResultTable;
import java.io.PrintStream;
import java.util.List;

/** Prints a {@link ResultTable} as Markdown, for the parts' own {@code main} methods. */
final class TablePrinter {

  private TablePrinter() {}

  static void print(ResultTable table, PrintStream out) {
    out.println("## " + table.title());
    out.println();
    out.println(table.description());
    out.println();
    out.println(row(table.columns()));
    out.println(row(table.columns().stream().map(c -> "---").toList()));
    for (List<String> cells : table.rows()) {
      out.println(row(cells));
    }
    out.println();
    for (String note : table.notes()) {
      out.println("- " + note);
    }
    out.println();
  }

  private static String row(List<String> cells) {
    return "| " + String.join(" | ", cells) + " |";
  }
}
