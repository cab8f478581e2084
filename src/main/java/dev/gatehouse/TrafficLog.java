package dev.gatehouse;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What can be read back from the traffic capture: the read side shared by the CLI's API, the built-in MCP tools
 * and tests. Everything it returns was redacted before it was written.
 */
public interface TrafficLog {

    /** Newest first, or oldest first after {@link TrafficQuery#afterId}. */
    List<ExchangeSummary> search(TrafficQuery query);

    Optional<ExchangeDetail> exchange(long id);

    /** Calls since {@code since}, for one server or (null) all of them. */
    TrafficStats stats(Instant since, String server);
}
