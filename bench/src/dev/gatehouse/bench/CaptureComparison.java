package dev.gatehouse.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What recording costs: the cells of the capture comparison ({@code run.sh} calls two copies of the echo server
 * in the same gateway, one captured in full and one not at all, in alternating rounds) reduced to the median of
 * each side, their ratio and p50 difference, judged against the target. Alternating rounds within one
 * gateway process is what makes the two sides comparable on a machine whose load changes from minute to minute.
 *
 * <p>usage: {@code CaptureComparison COMPARE.jsonl}
 */
public final class CaptureComparison {

    static final String FULL = "capture full";
    static final String OFF = "capture off";
    static final double MAX_THROUGHPUT_LOSS = 0.10;
    static final double MAX_ADDED_P50_MICROS = 50;

    private record Cell(String target, int concurrency, double p50Ms, double rate, long errors) {
        static Cell parse(String json) {
            return new Cell(JsonText.unquote(JsonText.member(json, "target")),
                    Integer.parseInt(JsonText.member(json, "concurrency")),
                    Double.parseDouble(JsonText.member(json, "p50Ms")),
                    Double.parseDouble(JsonText.member(json, "callsPerSecond")),
                    Long.parseLong(JsonText.member(json, "errors")));
        }
    }

    private CaptureComparison() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: CaptureComparison COMPARE.jsonl");
            System.exit(2);
        }
        List<Cell> cells = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of(args[0]), StandardCharsets.UTF_8)) {
            if (!line.isBlank()) {
                cells.add(Cell.parse(line));
            }
        }
        System.out.print(render(cells));
    }

    static String render(List<Cell> cells) {
        List<Cell> full = cells.stream().filter(c -> c.target().equals(FULL)).toList();
        List<Cell> off = cells.stream().filter(c -> c.target().equals(OFF)).toList();
        if (full.isEmpty() || off.isEmpty()) {
            return "Capture comparison: no cells of one side were measured, nothing to judge.\n";
        }
        var out = new StringBuilder("| round | capture | p50 ms | calls/s | errors |\n|---:|---|---:|---:|---:|\n");
        for (int i = 0; i < cells.size(); i++) {
            Cell cell = cells.get(i);
            out.append(fmt("| %d | %s | %.3f | %.0f | %d |\n", i / 2 + 1, cell.target().substring(8), cell.p50Ms(),
                    cell.rate(), cell.errors()));
        }
        double fullRate = median(full.stream().mapToDouble(Cell::rate).toArray());
        double offRate = median(off.stream().mapToDouble(Cell::rate).toArray());
        double fullP50 = median(full.stream().mapToDouble(Cell::p50Ms).toArray());
        double offP50 = median(off.stream().mapToDouble(Cell::p50Ms).toArray());
        double ratio = offRate == 0 ? 0 : fullRate / offRate;
        double addedMicros = (fullP50 - offP50) * 1000;
        long errors = cells.stream().mapToLong(Cell::errors).sum();
        out.append('\n');
        out.append(fmt("Medians of %d rounds at concurrency %d: full %.0f calls/s, p50 %.3f ms; off %.0f calls/s, "
                + "p50 %.3f ms.%n%n", full.size(), full.getFirst().concurrency(), fullRate, fullP50, offRate, offP50));
        out.append(fmt("- calls/s with capture full / off: %.3f (%.1f%% %s; target at most %.0f%% fewer): %s%n",
                ratio, Math.abs(1 - ratio) * 100, ratio <= 1 ? "fewer" : "more", MAX_THROUGHPUT_LOSS * 100,
                verdict(ratio >= 1 - MAX_THROUGHPUT_LOSS && errors == 0)));
        out.append(fmt("- p50 with capture full minus off: %+.0f µs (target at most +%.0f µs): %s%n", addedMicros,
                MAX_ADDED_P50_MICROS, verdict(addedMicros <= MAX_ADDED_P50_MICROS && errors == 0)));
        if (errors > 0) {
            out.append(fmt("- %d failed calls: the comparison is not a valid measurement%n", errors));
        }
        return out.toString();
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    private static String verdict(boolean met) {
        return met ? "met" : "NOT met";
    }

    private static String fmt(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }
}
