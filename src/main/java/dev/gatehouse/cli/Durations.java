package dev.gatehouse.cli;

/** Durations as people read them: {@code 45s}, {@code 3m12s}, {@code 2h05m}, {@code 4d03h}. */
final class Durations {

    private Durations() {
    }

    static String human(long seconds) {
        if (seconds < 60) {
            return seconds + "s";
        }
        if (seconds < 3600) {
            return seconds / 60 + "m" + "%02d".formatted(seconds % 60) + "s";
        }
        if (seconds < 86_400) {
            return seconds / 3600 + "h" + "%02d".formatted(seconds % 3600 / 60) + "m";
        }
        return seconds / 86_400 + "d" + "%02d".formatted(seconds % 86_400 / 3600) + "h";
    }
}
