package io.github.beamshared.processor.writing;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Wraps what JavaPoet leaves long in a generated source file within {@value #COLUMNS} columns:
 * JavaPoet wraps code where a template says {@code $W} or {@code $Z}, but writes each Javadoc line
 * and type declaration as given, and how long they get depends on the user's names and tags.
 *
 * <p>A type declaration breaks before {@code extends} and {@code implements}, four spaces further
 * in. In Javadoc, a paragraph starts at a blank line, {@code <p>}, {@code <li>} or a block tag; its
 * lines are joined and broken again at spaces. List items and block tags continue four spaces
 * further in, as google-java-format writes them; {@code <ul>}, {@code </ul>} and {@code <pre>}
 * blocks stay as they are.
 */
final class SourceWrapping {

  static final int COLUMNS = 100;
  // The indent and the keywords of a type declaration, up to its name.
  private static final Pattern DECLARATION =
      Pattern.compile("( *)(?:[a-z]+ )*(?:class|interface|record|enum) ");

  private SourceWrapping() {}

  static String wrap(String source) {
    String[] lines = source.split("\n", -1);
    List<String> wrapped = new ArrayList<>(lines.length);
    for (int i = 0; i < lines.length; i++) {
      wrapped.addAll(declaration(lines[i]));
      if (lines[i].trim().equals("/**")) {
        String prefix = lines[i].substring(0, lines[i].indexOf('/')) + " * ";
        Comment comment = new Comment(prefix, wrapped);
        while (!lines[++i].trim().equals("*/")) {
          String line = lines[i];
          comment.add(line.length() > prefix.length() ? line.substring(prefix.length()) : "");
        }
        comment.flush();
        wrapped.add(lines[i]);
      }
    }
    return String.join("\n", wrapped);
  }

  /** {@code line}, broken before {@code extends} and {@code implements} if it is too long. */
  private static List<String> declaration(String line) {
    Matcher declaration = DECLARATION.matcher(line);
    if (line.length() <= COLUMNS || !declaration.lookingAt()) {
      return List.of(line);
    }
    List<String> lines = new ArrayList<>();
    int from = 0;
    int depth = 0;
    for (int i = declaration.end(); i < line.length(); i++) {
      char c = line.charAt(i);
      depth += c == '<' ? 1 : c == '>' ? -1 : 0;
      if (depth == 0 && (line.startsWith(" extends ", i) || line.startsWith(" implements ", i))) {
        lines.add(line.substring(from, i));
        from = i + 1;
      }
    }
    lines.add(line.substring(from));
    String continuation = declaration.group(1) + "    ";
    for (int i = 1; i < lines.size(); i++) {
      lines.set(i, continuation + lines.get(i));
    }
    return lines;
  }

  /** The body of one Javadoc comment, written to {@code out} one paragraph at a time. */
  private static final class Comment {

    private final String prefix;
    private final List<String> out;
    private final StringBuilder paragraph = new StringBuilder();
    private String indent = "";
    private boolean verbatim;

    Comment(String prefix, List<String> out) {
      this.prefix = prefix;
      this.out = out;
    }

    void add(String text) {
      String content = text.strip();
      if (verbatim || content.startsWith("<pre>")) {
        flush();
        verbatim = !content.endsWith("</pre>");
        out.add((prefix + text).stripTrailing());
      } else if (content.isEmpty() || content.matches("</?[uo]l>")) {
        flush();
        out.add((prefix + text).stripTrailing());
      } else if (paragraph.length() == 0
          || content.startsWith("<p>")
          || content.startsWith("<li>")
          || content.startsWith("@")) {
        flush();
        indent = text.substring(0, text.indexOf(content));
        paragraph.append(content);
      } else {
        paragraph.append(' ').append(content);
      }
    }

    void flush() {
      if (paragraph.length() == 0) {
        return;
      }
      String text = paragraph.toString();
      boolean hanging = text.startsWith("<li>") || text.startsWith("@");
      String lineIndent = indent;
      StringBuilder line = new StringBuilder();
      for (String word : text.split(" ", -1)) {
        if (line.length() > 0 && (prefix + lineIndent + line + " " + word).length() > COLUMNS) {
          out.add(prefix + lineIndent + line);
          line.setLength(0);
          lineIndent = hanging ? indent + "    " : indent;
        }
        line.append(line.length() == 0 ? "" : " ").append(word);
      }
      out.add(prefix + lineIndent + line);
      paragraph.setLength(0);
    }
  }
}
