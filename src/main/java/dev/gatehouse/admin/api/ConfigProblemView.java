package dev.gatehouse.admin.api;

/** One problem in a config file; {@code text} is the one-line {@code config.toml:LINE:COL: message} form. */
public record ConfigProblemView(String file, int line, int column, String message, String text) {
}
