package io.github.beamshared.runtime.control;

import io.github.beamshared.runtime.protocol.StatusReport;
import java.util.List;
import java.util.Locale;

/**
 * The listing as JSON, by hand: the runtime depends on the JDK and slf4j-api only. An array with
 * one object per tag's socket; its fields are in the README.
 */
final class Json {

  private Json() {}

  static String of(List<StatusListing.Row> rows) {
    StringBuilder json = new StringBuilder("[");
    for (int i = 0; i < rows.size(); i++) {
      json.append(i == 0 ? "\n  " : ",\n  ");
      row(json, rows.get(i));
    }
    return json.append(rows.isEmpty() ? "]" : "\n]").append('\n').toString();
  }

  private static void row(StringBuilder json, StatusListing.Row row) {
    json.append("{\"socket\": ").append(string(row.socket().toString()));
    json.append(", \"state\": ").append(string(row.reply().state().label()));
    StatusReport report = row.reply().report();
    if (report == null) {
      json.append(", \"detail\": ").append(string(row.reply().text()));
      json.append(", \"lockHolderPid\": ")
          .append(
              row.lockHolder().isPresent() ? Long.toString(row.lockHolder().getAsLong()) : "null");
      json.append(", \"lockHolderAlive\": ").append(row.holderAlive());
      json.append('}');
      return;
    }
    json.append(", \"tag\": ").append(string(report.tag()));
    json.append(", \"hostPid\": ").append(report.hostPid());
    json.append(", \"mode\": ").append(string(report.mode()));
    json.append(", \"copies\": ").append(report.copies());
    json.append(", \"copy\": ").append(report.copy());
    json.append(", \"uptimeMillis\": ").append(report.uptimeMillis());
    json.append(", \"loaded\": ").append(report.loaded());
    json.append(", \"loads\": ").append(report.loads());
    json.append(", \"leases\": [");
    List<StatusReport.LeaseHolder> holders = report.leases();
    for (int i = 0; i < holders.size(); i++) {
      json.append(i == 0 ? "" : ", ")
          .append("{\"pid\": ")
          .append(holders.get(i).pid())
          .append(", \"leases\": ")
          .append(holders.get(i).leases())
          .append('}');
    }
    json.append("]");
    json.append(", \"lockAcquisitions\": ").append(report.lockAcquisitions());
    json.append(", \"lockWaitMillis\": ").append(report.lockWaitNanos() / 1_000_000);
    json.append(", \"batches\": ").append(report.batches());
    json.append(", \"batchedCalls\": ").append(report.batchedCalls());
    json.append(", \"residentBytes\": ")
        .append(report.residentBytes() < 0 ? "null" : Long.toString(report.residentBytes()));
    json.append('}');
  }

  /** {@code value} as a JSON string: quoted, with quotes, backslashes and controls escaped. */
  static String string(String value) {
    StringBuilder quoted = new StringBuilder("\"");
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '"' -> quoted.append("\\\"");
        case '\\' -> quoted.append("\\\\");
        case '\n' -> quoted.append("\\n");
        case '\r' -> quoted.append("\\r");
        case '\t' -> quoted.append("\\t");
        default -> {
          if (c < 0x20 || c == '\u2028' || c == '\u2029') {
            quoted.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
          } else {
            quoted.append(c);
          }
        }
      }
    }
    return quoted.append('"').toString();
  }
}
