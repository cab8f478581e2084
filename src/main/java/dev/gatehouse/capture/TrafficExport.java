package dev.gatehouse.capture;

import dev.gatehouse.ExchangeDetail;
import dev.gatehouse.TrafficJson;
import dev.gatehouse.TrafficQuery;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code gatehouse logs export}: every exchange matching the filters, oldest first, one JSON object per line
 * ({@link TrafficJson#detail}), read page by page so memory stays bounded whatever the size of the capture. The
 * capture was redacted when written, so the file can be handed to someone else.
 */
public final class TrafficExport {

    private static final int PAGE = 500;

    private final TrafficStore store;
    private final JsonMapper mapper;

    public TrafficExport(TrafficRecorder recorder, JsonMapper mapper) {
        this.store = recorder.store();
        this.mapper = mapper;
    }

    /** Writes the matches of {@code filters} (whose limit and afterId are ignored); returns how many. */
    public long write(TrafficQuery filters, OutputStream out) throws IOException {
        long written = 0;
        long after = 0;
        while (true) {
            List<ExchangeDetail> page = store.details(filters.withAfterId(after).withLimit(PAGE));
            for (ExchangeDetail detail : page) {
                out.write(mapper.writeValueAsBytes(TrafficJson.detail(mapper, detail)));
                out.write('\n');
            }
            written += page.size();
            if (page.size() < PAGE) {
                out.flush();
                return written;
            }
            after = page.getLast().summary().id();
        }
    }
}
