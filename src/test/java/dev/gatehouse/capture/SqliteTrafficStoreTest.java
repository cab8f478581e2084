package dev.gatehouse.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.ExchangeDetail;
import dev.gatehouse.ExchangeSummary;
import dev.gatehouse.TrafficQuery;
import dev.gatehouse.TrafficStats;
import dev.gatehouse.config.HomeLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class SqliteTrafficStoreTest {

    private static final long T0 = 1_800_000_000_000_000L;

    @TempDir
    Path home;
    private Path file;
    private SqliteTrafficStore store;

    @BeforeEach
    void open() throws Exception {
        file = HomeLayout.at(home).ensurePrivateFile("traffic.db");
        store = SqliteTrafficStore.open(file, 0);
    }

    @AfterEach
    void close() {
        store.close();
    }

    private String pragma(String name) throws Exception {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("PRAGMA " + name)) {
            result.next();
            return result.getString(1);
        }
    }

    @Test
    void createsTheSchemaWithFlywayInWalModeWithIncrementalVacuum() throws Exception {
        assertThat(pragma("journal_mode")).isEqualTo("wal");
        assertThat(pragma("auto_vacuum")).isEqualTo("2");
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery(
                     "SELECT version, success FROM flyway_schema_history WHERE version IS NOT NULL")) {
            assertThat(result.next()).isTrue();
            assertThat(result.getString(1)).isEqualTo("1");
            assertThat(result.getBoolean(2)).isTrue();
        }
    }

    @Test
    void keepsTheDatabaseAndItsWalFilesOwnerOnly() throws Exception {
        store.append(List.of(Rows.call("github", "create_issue", T0)), T0);
        for (String name : List.of("traffic.db", "traffic.db-wal", "traffic.db-shm")) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(home.resolve(name))))
                    .as(name).isEqualTo("rw-------");
        }
    }

    @Test
    void findsExchangesByEachFilterNewestFirst() throws Exception {
        store.append(List.of(
                Rows.call("github", "create_issue", T0),
                Rows.exchange("github", "tools/list", null, T0 + 1, "ok", "s1", null),
                Rows.exchange("files", "tools/call", "read_file", T0 + 2, "error", "s2", "{\"error\":\"nope\"}"),
                Rows.exchange("files", "tools/call", "write_file", T0 + 3, "tool_error", "s2", "{\"text\":\"Disk quota\"}"),
                Rows.call("github", "create_issue", T0 + 4)), T0 + 5);

        assertThat(ids(TrafficQuery.latest())).containsExactly(5L, 4L, 3L, 2L, 1L);
        assertThat(ids(TrafficQuery.latest().withServer("github"))).containsExactly(5L, 2L, 1L);
        assertThat(ids(TrafficQuery.latest().withMethod("tools/list"))).containsExactly(2L);
        assertThat(ids(TrafficQuery.latest().withTool("create_issue"))).containsExactly(5L, 1L);
        assertThat(ids(TrafficQuery.latest().withTool("files__read_file"))).containsExactly(3L);
        assertThat(ids(TrafficQuery.latest().withServer("files").withTool("files__read_file"))).containsExactly(3L);
        assertThat(ids(TrafficQuery.latest().withServer("github").withTool("files__read_file"))).isEmpty();
        assertThat(ids(TrafficQuery.latest().withSession("s2"))).containsExactly(4L, 3L);
        assertThat(ids(TrafficQuery.latest().withSince(TrafficQueries.instant(T0 + 3)))).containsExactly(5L, 4L);
        assertThat(ids(TrafficQuery.latest().withErrorsOnly(true))).containsExactly(4L, 3L);
        assertThat(ids(TrafficQuery.latest().withGrep("disk QUOTA"))).containsExactly(4L);
        assertThat(ids(TrafficQuery.latest().withGrep("50%_"))).isEmpty();
        assertThat(ids(TrafficQuery.latest().withLimit(2))).containsExactly(5L, 4L);
        assertThat(ids(TrafficQuery.latest().withAfterId(3L))).containsExactly(4L, 5L);
    }

    @Test
    void turnsARawSessionIdIntoItsHandleWhenFiltering() throws Exception {
        String raw = "0123456789abcdef0123456789abcdef";
        store.append(List.of(Rows.exchange("github", "ping", null, T0, "ok", SessionHandles.of(raw), null)), T0);
        assertThat(ids(TrafficQuery.latest().withSession(raw))).containsExactly(1L);
    }

    @Test
    void showsOneExchangeWithItsBodies() throws Exception {
        store.append(List.of(Rows.call("github", "create_issue", T0),
                Rows.exchange("github", "ping", null, T0, "ok", null, null)), T0);
        ExchangeDetail full = store.exchange(1).orElseThrow();
        assertThat(full.summary().server()).isEqualTo("github");
        assertThat(full.summary().startedAt()).isEqualTo(TrafficQueries.instant(T0));
        assertThat(full.requestBody()).contains("tools/call");
        assertThat(full.responseBody()).contains("result");
        ExchangeDetail metadata = store.exchange(2).orElseThrow();
        assertThat(metadata.requestBody()).isNull();
        assertThat(metadata.summary().capture()).isEqualTo("metadata");
        assertThat(store.exchange(3)).isEmpty();
    }

    @Test
    void countsCallsErrorsAndPercentilesPerServerAndTool() throws Exception {
        List<TrafficRow> rows = new ArrayList<>();
        for (int i = 1; i <= 100; i++) {
            TrafficRow.Exchange call = Rows.call("github", "create_issue", T0 + i);
            rows.add(new TrafficRow.Exchange(call.session(), call.server(), call.direction(), call.method(),
                    call.rpcId(), call.target(), call.startedAt(), i * 10L, 1, 1, i % 10 == 0 ? "error" : "ok",
                    null, null, 200, "metadata", null));
        }
        store.append(rows, T0);
        TrafficStats stats = store.stats(TrafficQueries.instant(T0), null);
        assertThat(stats.rows()).hasSize(2);
        TrafficStats.Row server = stats.rows().get(0);
        assertThat(server.target()).isNull();
        assertThat(server.calls()).isEqualTo(100);
        assertThat(server.errors()).isEqualTo(10);
        assertThat(server.p50Micros()).isBetween(492L, 508L);
        assertThat(server.p99Micros()).isBetween(974L, 1006L);
        assertThat(stats.rows().get(1).target()).isEqualTo("create_issue");
    }

    @Test
    void deletesByTimeAndServerAndCompacts() throws Exception {
        store.append(List.of(Rows.call("github", "a", T0), Rows.call("files", "b", T0 + 10),
                Rows.call("github", "c", T0 + 20)), T0);
        assertThat(store.delete(TrafficQueries.instant(T0 + 15), "github", 100))
                .isEqualTo(new TrafficStore.Deletion(1, false));
        assertThat(ids(TrafficQuery.latest())).containsExactly(3L, 2L);
        assertThat(store.delete(null, null, 100).exchanges()).isEqualTo(2);
        assertThat(store.exchangeCount()).isZero();
        while (store.compact(16)) {
            assertThat(store.usedBytes()).isPositive();
        }
        assertThat(store.exchange(2)).isEmpty();
    }

    @Test
    void deletesInChunksOfAtMostTheLimitOldestFirst() throws Exception {
        List<TrafficRow> rows = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            rows.add(Rows.call(i % 2 == 0 ? "github" : "files", "t" + i, T0 + i));
        }
        store.append(rows, T0);
        assertThat(store.delete(TrafficQueries.instant(T0 + 8), null, 3))
                .isEqualTo(new TrafficStore.Deletion(3, true));
        assertThat(ids(TrafficQuery.latest().withLimit(100))).containsExactly(10L, 9L, 8L, 7L, 6L, 5L, 4L);
        assertThat(store.delete(TrafficQueries.instant(T0 + 8), "github", 3))
                .isEqualTo(new TrafficStore.Deletion(2, false));
        assertThat(ids(TrafficQuery.latest().withLimit(100))).containsExactly(10L, 9L, 8L, 6L, 4L);
        assertThat(store.delete(TrafficQueries.instant(T0 + 8), null, 3))
                .isEqualTo(new TrafficStore.Deletion(3, true));
        assertThat(store.delete(TrafficQueries.instant(T0 + 8), null, 3))
                .isEqualTo(new TrafficStore.Deletion(0, false));
        assertThat(ids(TrafficQuery.latest().withLimit(100))).containsExactly(10L, 9L);
    }

    @Test
    void givesFreedSpaceBackToTheFileSystemInBoundedSteps() throws Exception {
        String body = "{\"text\":\"" + "x".repeat(8000) + "\"}";
        for (int batch = 0; batch < 10; batch++) {
            List<TrafficRow> rows = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                rows.add(Rows.exchange("github", "tools/call", "t", T0 + i, "ok", null, body));
            }
            store.append(rows, T0);
        }
        assertThat(store.delete(null, null, 10_000).exchanges()).isEqualTo(1000);
        long free = Long.parseLong(pragma("freelist_count"));
        assertThat(free).isGreaterThan(1000);
        assertThat(store.compact(100)).isTrue();
        assertThat(Long.parseLong(pragma("freelist_count"))).isEqualTo(free - 100);
        long steps = 1;
        while (store.compact(100)) {
            steps++;
        }
        assertThat(steps).isGreaterThan(free / 100 - 1);
        assertThat(pragma("freelist_count")).isEqualTo("0");
        assertThat(Files.size(file)).isLessThan(1L << 20);
    }

    @Test
    void deletesTheOldestExchangesAndWhatCameBeforeThem() throws Exception {
        store.append(List.of(Rows.call("github", "a", T0), Rows.call("github", "b", T0 + 10),
                Rows.call("github", "c", T0 + 20)), T0);
        store.append(List.of(new TrafficRow.Lifecycle("github", "crash", T0 + 5, 3, 1, "exited with code 3")), T0);
        assertThat(store.deleteOldest(2)).isEqualTo(2);
        assertThat(ids(TrafficQuery.latest())).containsExactly(3L);
    }

    @Test
    void continuesNumberingAfterReopening() throws Exception {
        store.append(List.of(Rows.call("github", "a", T0), Rows.call("github", "b", T0)), T0);
        store.close();
        store = SqliteTrafficStore.open(file, 0);
        assertThat(store.lastExchangeId()).isEqualTo(2);
        assertThat(store.append(List.of(Rows.call("github", "c", T0)), T0)).isEqualTo(3);
    }

    @Test
    void refusesToGrowPastItsHardLimitWithAClearReasonAndKeepsWhatWasCommitted() throws Exception {
        store.close();
        store = SqliteTrafficStore.open(file, 64 * 1024);
        store.append(List.of(Rows.call("github", "first", T0)), T0);
        String large = "{\"text\":\"" + "x".repeat(200_000) + "\"}";
        assertThatThrownBy(() -> store.append(List.of(Rows.exchange("github", "tools/call", "big", T0, "ok", null,
                large)), T0)).isInstanceOf(CaptureStoreException.class)
                .hasMessageContaining("full").hasMessageNotContaining("xxxx");
        assertThat(ids(TrafficQuery.latest())).containsExactly(1L);
        assertThat(store.append(List.of(Rows.call("github", "after", T0)), T0)).isEqualTo(2);
    }

    @Test
    void reportsAFileThatIsNotADatabaseAsDamaged() throws Exception {
        store.close();
        Files.writeString(file, "this is not an SQLite database, but it is long enough to have a header page".repeat(20));
        Files.deleteIfExists(home.resolve("traffic.db-wal"));
        Files.deleteIfExists(home.resolve("traffic.db-shm"));
        assertThatThrownBy(() -> SqliteTrafficStore.open(file, 0)).isInstanceOf(CaptureStoreException.class)
                .hasMessageContaining("damaged");
        store = SqliteTrafficStore.open(HomeLayout.at(home).ensurePrivateFile("other.db"), 0);
    }

    private List<Long> ids(TrafficQuery query) {
        return store.search(query).stream().map(ExchangeSummary::id).toList();
    }
}
