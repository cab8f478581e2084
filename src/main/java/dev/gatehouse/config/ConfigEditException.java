package dev.gatehouse.config;

/** An edit of config.toml that cannot be made safely; the file is left as it was. The message is for the user. */
public final class ConfigEditException extends Exception {

    public ConfigEditException(String message) {
        super(message);
    }
}
