package dev.gatehouse.upstream.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SseEventReaderTest {

    private static List<SseEventReader.Event> read(String stream, int maxEventBytes) throws IOException {
        SseEventReader reader = new SseEventReader(
                new ByteArrayInputStream(stream.getBytes(StandardCharsets.UTF_8)), maxEventBytes);
        List<SseEventReader.Event> events = new ArrayList<>();
        for (SseEventReader.Event event = reader.next(); event != null; event = reader.next()) {
            events.add(event);
        }
        return events;
    }

    @Test
    void readsTypeIdRetryAndMultiLineDataWithCrLfAndAByteOrderMark() throws IOException {
        List<SseEventReader.Event> events = read("\uFEFFevent: endpoint\r\ndata: /messages\r\n\r\n"
                + ": a comment\n\nid: 7\nretry: 250\ndata: {\"a\":\ndata:1}\n\n", 1024);

        assertThat(events).containsExactly(
                new SseEventReader.Event(null, "endpoint", "/messages", null, false),
                new SseEventReader.Event("7", "message", "{\"a\":\n1}", 250L, false));
    }

    @Test
    void keepsAPrimingEventWithAnIdAndNoDataAndIgnoresBadRetriesAndUnknownFields() throws IOException {
        List<SseEventReader.Event> events = read("id: s-1\nretry: soon\nfoo: bar\ndata:\n\n", 1024);

        assertThat(events).containsExactly(new SseEventReader.Event("s-1", "message", "", null, false));
    }

    @Test
    void skipsAnOversizedEventWholeAndStaysInStep() throws IOException {
        String huge = "x".repeat(300);
        List<SseEventReader.Event> events = read("data: " + huge + "\ndata: more\n\ndata: small\n\n", 100);

        assertThat(events).hasSize(2);
        assertThat(events.getFirst().oversized()).isTrue();
        assertThat(events.getFirst().data()).isEmpty();
        assertThat(events.get(1).data()).isEqualTo("small");
    }

    @Test
    void dropsAFinalEventThatNeverEnded() throws IOException {
        assertThat(read("data: complete\n\ndata: cut off", 1024)).extracting(SseEventReader.Event::data)
                .containsExactly("complete");
    }
}
