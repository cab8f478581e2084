package dev.gatehouse.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Turns the JSON lines of a run into the Markdown table of {@code docs/performance.md}: every cell next to its
 * direct baseline of the same size and concurrency (the HTTP upstream row {@code /s/echohttp/mcp} next to the echo
 * server over HTTP, {@code http}; every other row next to stdio), then the targets from the issue, each marked met
 * or not. The targets concern the stdio upstream; the HTTP upstream row is judged against nothing.
 *
 * <p>usage: {@code ResultTable RESULTS.jsonl [--rss-kb KB]}
 */
public final class ResultTable {

    static final String DIRECT = "stdio";
    static final String HTTP_DIRECT = "http";
    static final String HTTP_UPSTREAM = "/s/echohttp/mcp";
    static final double MAX_ADDED_P50_MS = 0.5;
    static final double MIN_CALLS_PER_SECOND_AT_16 = 5_000;
    static final long MAX_RSS_KB = 250 * 1024;

    private record Row(String target, int size, int concurrency, double p50, double p99, double rate, long errors) {
        static Row parse(String json) {
            return new Row(JsonText.unquote(JsonText.member(json, "target")),
                    Integer.parseInt(JsonText.member(json, "size")),
                    Integer.parseInt(JsonText.member(json, "concurrency")),
                    Double.parseDouble(JsonText.member(json, "p50Ms")),
                    Double.parseDouble(JsonText.member(json, "p99Ms")),
                    Double.parseDouble(JsonText.member(json, "callsPerSecond")),
                    Long.parseLong(JsonText.member(json, "errors")));
        }
    }

    private ResultTable() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 1 && !(args.length == 3 && args[1].equals("--rss-kb"))) {
            System.err.println("usage: ResultTable RESULTS.jsonl [--rss-kb KB]");
            System.exit(2);
        }
        List<Row> rows = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of(args[0]), StandardCharsets.UTF_8)) {
            if (!line.isBlank()) {
                rows.add(Row.parse(line));
            }
        }
        Long rssKb = args.length == 3 ? Long.parseLong(args[2]) : null;
        System.out.print(render(rows, rssKb));
    }

    static String render(List<Row> rows, Long rssKb) {
        var out = new StringBuilder();
        out.append("| target | size (bytes) | concurrency | p50 ms | p99 ms | calls/s | p50 added vs direct (ms) "
                + "| throughput vs direct | errors |\n");
        // "direct" is the row's baseline: http for the HTTP upstream row, stdio for every other row.
        out.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Row row : rows) {
            Row direct = find(rows, baseline(row), row.size(), row.concurrency());
            String added = direct == null ? "n/a" : fmt("%+.3f", row.p50() - direct.p50());
            String ratio = direct == null || direct.rate() == 0 ? "n/a" : fmt("%.2f×", row.rate() / direct.rate());
            out.append(fmt("| %s | %d | %d | %.3f | %.3f | %.0f | %s | %s | %d |\n", row.target(), row.size(),
                    row.concurrency(), row.p50(), row.p99(), row.rate(), added, ratio, row.errors()));
        }
        out.append('\n').append(targets(rows, rssKb));
        return out.toString();
    }

    /** The targets, judged on the smallest payload; the larger one is shown for information. */
    private static String targets(List<Row> rows, Long rssKb) {
        var out = new StringBuilder("Targets (smallest payload):\n\n");
        int tiny = rows.stream().mapToInt(Row::size).min().orElse(0);
        for (Row row : rows) {
            if (row.target().equals(DIRECT) || row.target().equals(HTTP_DIRECT) || row.target().equals(HTTP_UPSTREAM)
                    || row.size() != tiny) {
                continue;
            }
            if (row.concurrency() == 1) {
                Row direct = find(rows, DIRECT, tiny, 1);
                if (direct != null) {
                    double added = row.p50() - direct.p50();
                    out.append(fmt("- %s: p50 added at concurrency 1 is %.3f ms (target ≤ %.1f ms): %s\n", row.target(),
                            added, MAX_ADDED_P50_MS, verdict(added <= MAX_ADDED_P50_MS && row.errors() == 0)));
                }
            } else if (row.concurrency() == 16) {
                out.append(fmt("- %s: %.0f calls/s at concurrency 16 (target ≥ %.0f): %s\n", row.target(), row.rate(),
                        MIN_CALLS_PER_SECOND_AT_16,
                        verdict(row.rate() >= MIN_CALLS_PER_SECOND_AT_16 && row.errors() == 0)));
            }
        }
        if (rssKb != null) {
            out.append(fmt("- gateway resident memory after the run: %.1f MB (target < %d MB): %s\n", rssKb / 1024.0,
                    MAX_RSS_KB / 1024, verdict(rssKb < MAX_RSS_KB)));
        }
        if (rows.stream().allMatch(row -> row.target().equals(DIRECT) || row.target().equals(HTTP_DIRECT))
                && rssKb == null) {
            out.append("- only the direct baseline was measured: nothing to judge\n");
        }
        long errors = rows.stream().mapToLong(Row::errors).sum();
        if (errors > 0) {
            out.append(fmt("- %d failed calls in total: the figures above are not a valid measurement\n", errors));
        }
        return out.toString();
    }

    /** What a row is compared with: the HTTP upstream with the same server reached directly over HTTP. */
    private static String baseline(Row row) {
        return row.target().equals(HTTP_UPSTREAM) ? HTTP_DIRECT : DIRECT;
    }

    private static Row find(List<Row> rows, String target, int size, int concurrency) {
        for (Row row : rows) {
            if (row.target().equals(target) && row.size() == size && row.concurrency() == concurrency) {
                return row;
            }
        }
        return null;
    }

    private static String verdict(boolean met) {
        return met ? "met" : "NOT met";
    }

    private static String fmt(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }
}
