package io.github.beamshared.runtime.control;

import io.github.beamshared.runtime.machine.HostState;
import io.github.beamshared.runtime.protocol.StatusReport;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The listing as a table aligned in columns, one row per tag's socket, then a line for each host
 * that did not answer, saying why. A host that did not answer is named by its socket file, since
 * only its answer names the tag.
 */
final class TextTable {

  static final List<String> HEADER =
      List.of(
          "TAG",
          "STATE",
          "PID",
          "MODE",
          "COPY",
          "UPTIME",
          "LOADS",
          "LEASES (PID:N)",
          "LOCKED CALLS",
          "BATCHES",
          "LOCK WAIT",
          "RSS");

  private static final String NONE = "-";

  private TextTable() {}

  static String of(List<StatusListing.Row> rows) {
    List<List<String>> cells = new ArrayList<>();
    cells.add(HEADER);
    List<String> notes = new ArrayList<>();
    for (StatusListing.Row row : rows) {
      StatusReport report = row.reply().report();
      if (report != null) {
        cells.add(live(report));
      } else {
        cells.add(notAnswered(row));
        notes.add(note(row));
      }
    }
    StringBuilder text = new StringBuilder();
    int[] widths = widths(cells);
    for (List<String> line : cells) {
      StringBuilder aligned = new StringBuilder();
      for (int column = 0; column < line.size(); column++) {
        aligned.append(String.format(Locale.ROOT, "%-" + widths[column] + "s  ", line.get(column)));
      }
      text.append(aligned.toString().stripTrailing()).append('\n');
    }
    for (String note : notes) {
      text.append(note).append('\n');
    }
    return text.toString();
  }

  private static List<String> live(StatusReport report) {
    return List.of(
        report.tag(),
        HostState.LIVE.label(),
        Long.toString(report.hostPid()),
        report.mode(),
        (report.copy() + 1) + "/" + report.copies(),
        duration(report.uptimeMillis() / 1000),
        Long.toString(report.loads()) + (report.loaded() ? "" : " (unloaded)"),
        leases(report.leases()),
        Long.toString(report.lockAcquisitions()),
        Long.toString(report.batches()),
        report.lockWaitNanos() / 1_000_000 + " ms",
        report.residentBytes() < 0 ? NONE : (report.residentBytes() >> 20) + " MiB");
  }

  private static List<String> notAnswered(StatusListing.Row row) {
    List<String> line = new ArrayList<>();
    line.add(row.socket().getFileName().toString());
    line.add(row.reply().state().label());
    line.add(row.lockHolder().isPresent() ? Long.toString(row.lockHolder().getAsLong()) : NONE);
    while (line.size() < HEADER.size()) {
      line.add(NONE);
    }
    return line;
  }

  private static String note(StatusListing.Row row) {
    String holder =
        row.lockHolder().isEmpty()
            ? "no pid in its lock file"
            : "its lock file names pid "
                + row.lockHolder().getAsLong()
                + (row.holderAlive() ? ", which runs" : ", which is not running");
    return row.socket().getFileName()
        + ": "
        + row.reply().state().label()
        + ", "
        + row.reply().text()
        + "; "
        + holder;
  }

  /** "4242:2 4343:1": each holder's pid and leases. */
  static String leases(List<StatusReport.LeaseHolder> holders) {
    return holders.isEmpty()
        ? "0"
        : holders.stream()
            .map(holder -> holder.pid() + ":" + holder.leases())
            .collect(Collectors.joining(" "));
  }

  /** "1h02m", "3m05s" or "12s". */
  static String duration(long seconds) {
    if (seconds >= 3600) {
      return String.format(Locale.ROOT, "%dh%02dm", seconds / 3600, seconds % 3600 / 60);
    }
    if (seconds >= 60) {
      return String.format(Locale.ROOT, "%dm%02ds", seconds / 60, seconds % 60);
    }
    return seconds + "s";
  }

  private static int[] widths(List<List<String>> cells) {
    int[] widths = new int[HEADER.size()];
    for (List<String> line : cells) {
      for (int column = 0; column < line.size(); column++) {
        widths[column] = Math.max(widths[column], line.get(column).length());
      }
    }
    return widths;
  }
}
