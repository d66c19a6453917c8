package io.github.beamshared.runtime.control;

import io.github.beamshared.runtime.SharedResourceException;
import io.github.beamshared.runtime.machine.HostProbe;
import io.github.beamshared.runtime.machine.HostSockets;
import io.github.beamshared.runtime.machine.HostState;
import io.github.beamshared.runtime.machine.MachineConfig;
import io.github.beamshared.runtime.machine.Reply;
import io.github.beamshared.runtime.protocol.MessageType;
import io.github.beamshared.runtime.protocol.Protocol;
import io.github.beamshared.runtime.transport.WireOutput;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The status command, the runtime jar's main class: lists the machine-wide shared resources of this
 * OS user on this machine, and unloads or stops one. See {@link #USAGE} and the README.
 */
public final class Main {

  /** Exit codes: done; refused or failed; the command line is wrong. */
  static final int OK = 0;

  static final int FAILED = 1;
  static final int USAGE_ERROR = 2;

  static final String USAGE =
      """
      Usage: java -jar beam-shared-runtime-<version>.jar COMMAND [--dir D]

        status [--json]  list every machine-wide shared resource: its host's pid and mode,
                         copies, uptime, loads, leases by pid, calls, batches, lock wait and
                         resident memory; a socket nobody serves is listed as stale
        unload TAG       unload TAG's resource in its host, if no JVM holds a lease of it;
                         the next acquire loads it again
        stop TAG         stop TAG's dedicated host: it stands down and exits

        --dir D          the rendezvous directory; default: -Dbeamshared.dir, else
                         $BEAMSHARED_DIR, else $XDG_RUNTIME_DIR/beamshared, else
                         <java.io.tmpdir>/beamshared-<uid>
        --json           status as JSON

      Waits are bounded by -Dbeamshared.connectTimeoutSeconds (10); unload and stop also by
      -Dbeamshared.frameTimeoutSeconds (60). Exit codes: 0 done, 1 refused or failed, 2 usage.
      """;

  private Main() {}

  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  /** Runs the command {@code args}, printing to {@code out} and {@code err}; the exit code. */
  static int run(String[] args, PrintStream out, PrintStream err) {
    if (args.length == 0) {
      err.print(USAGE);
      return USAGE_ERROR;
    }
    if (List.of("--help", "-h", "help").contains(args[0])) {
      out.print(USAGE);
      return OK;
    }
    Arguments arguments;
    try {
      arguments = Arguments.parse(args);
    } catch (IllegalArgumentException wrong) {
      err.println(wrong.getMessage());
      err.print(USAGE);
      return USAGE_ERROR;
    }
    try {
      MachineConfig config = MachineConfig.fromSystem();
      Path directory = Objects.requireNonNullElse(arguments.directory(), config.directory());
      return arguments.command().equals("status")
          ? status(directory, arguments.json(), config.connectTimeout(), out)
          : control(
              arguments, directory, config.connectTimeout().plus(config.frameTimeout()), out, err);
    } catch (SharedResourceException e) {
      err.println(e.getMessage());
      return FAILED;
    } catch (IOException e) {
      err.println("Cannot list or reach the hosts: " + e);
      return FAILED;
    }
  }

  private static int status(Path directory, boolean json, Duration bound, PrintStream out)
      throws IOException {
    List<StatusListing.Row> rows = StatusListing.of(directory, bound);
    if (json) {
      out.print(Json.of(rows));
    } else if (rows.isEmpty()) {
      out.println("no shared resources in " + directory);
    } else {
      out.print(TextTable.of(rows));
    }
    return OK;
  }

  /** Unload or stop: one request to the host of each of the tag's copies. */
  private static int control(
      Arguments arguments, Path directory, Duration bound, PrintStream out, PrintStream err)
      throws IOException {
    String tag = arguments.tag();
    List<Path> sockets = HostSockets.socketsOf(directory, tag);
    if (sockets.isEmpty()) {
      err.println("No JVM hosts shared resource '" + tag + "' in " + directory + ".");
      return FAILED;
    }
    MessageType type = arguments.command().equals("stop") ? MessageType.STOP : MessageType.UNLOAD;
    int exit = OK;
    for (Path socket : sockets) {
      WireOutput request =
          Protocol.writeTagControl(new WireOutput(), 1, type, ProcessHandle.current().pid(), tag);
      Reply reply = HostProbe.ask(socket, request, HostSockets.currentUser(), bound);
      if (reply.state() == HostState.LIVE) {
        out.println(reply.text());
        continue;
      }
      exit = FAILED;
      if (reply.state() == HostState.REFUSED) {
        err.println(reply.text()); // names the host, the tag and why
      } else {
        err.println(
            "The host of shared resource '"
                + tag
                + "' on "
                + socket
                + " is "
                + reply.state().label()
                + ": "
                + reply.text());
      }
    }
    return exit;
  }
}
