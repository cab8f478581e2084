package dev.gatehouse.capture;

import java.sql.SQLException;

/** Names an SQLite failure by its condition, for messages shown in {@code status}; no SQL or value is included. */
final class SqliteErrors {

    private static final int BUSY = 5;
    private static final int READONLY = 8;
    private static final int IOERR = 10;
    private static final int CORRUPT = 11;
    private static final int FULL = 13;
    private static final int CANTOPEN = 14;
    private static final int NOTADB = 26;

    /** Why a write found no room, whether SQLite said so or the store saw it coming. */
    static final String NO_ROOM = "the disk is full or the database reached its size limit";

    private SqliteErrors() {
    }

    static String describe(SQLException e) {
        return switch (e.getErrorCode() & 0xFF) {
            case FULL -> NO_ROOM;
            case READONLY -> "the database is read-only";
            case IOERR -> "an I/O error occurred";
            case CORRUPT, NOTADB -> "the database file is damaged";
            case CANTOPEN -> "the database file cannot be opened";
            case BUSY -> "the database is locked by another process";
            default -> "SQLite error " + e.getErrorCode();
        };
    }
}
