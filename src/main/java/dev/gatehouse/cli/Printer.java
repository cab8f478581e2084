package dev.gatehouse.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** Writes an answer for people (aligned tables, lines) or, with {@code --json}, as indented JSON. */
final class Printer {

    private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private final PrintWriter out;
    private final boolean json;

    Printer(PrintWriter out, boolean json) {
        this.out = out;
        this.json = json;
    }

    boolean json() {
        return json;
    }

    void json(Object answer) {
        out.println(JSON.writeValueAsString(answer));
    }

    void line(String text) {
        out.println(text);
    }

    /** {@code answer} as JSON with {@code --json}, else {@code sentence} for people. */
    void answer(Object answer, String sentence) {
        if (json) {
            json(answer);
        } else {
            line(sentence);
        }
    }

    /** A table with a header row; columns as wide as their widest cell, the last one unpadded. */
    void table(List<String> header, List<List<String>> rows) {
        List<List<String>> all = new ArrayList<>();
        all.add(header);
        all.addAll(rows);
        int[] widths = new int[header.size()];
        for (List<String> row : all) {
            for (int i = 0; i < row.size(); i++) {
                widths[i] = Math.max(widths[i], cell(row.get(i)).length());
            }
        }
        for (List<String> row : all) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.size(); i++) {
                String text = cell(row.get(i));
                line.append(i == row.size() - 1 ? text : text + " ".repeat(widths[i] - text.length() + 2));
            }
            out.println(line.toString().stripTrailing());
        }
    }

    private static String cell(String value) {
        return value == null ? "" : value;
    }

    void flush() {
        out.flush();
    }

    /**
     * Flushes, and says whether writing has failed: whoever read the output went away (the other end of a pipe
     * closed, as {@code head} does once it has its lines). Picocli's writer reaches the terminal through
     * {@code System.out}, which keeps such a failure to itself, hence asking it too.
     */
    boolean readerGone() {
        return out.checkError() || System.out.checkError();
    }
}
