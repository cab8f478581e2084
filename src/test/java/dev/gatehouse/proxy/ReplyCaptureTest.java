package dev.gatehouse.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The capture's hold on an exchange until the HTTP plane replies: offered exactly once, in any order. */
class ReplyCaptureTest {

    private final ReplyCapture capture = new ReplyCapture();
    private final List<ReplyCapture.Reply> offered = new ArrayList<>();

    @Test
    void offersTheRecordWithTheReplyOnceThePlaneReplies() {
        capture.answered(offered::add);
        assertThat(offered).isEmpty();

        capture.replying(429, List.of(Map.entry("Retry-After", "3")));
        capture.released();

        assertThat(offered).containsExactly(new ReplyCapture.Reply(429, List.of(Map.entry("Retry-After", "3"))));
    }

    @Test
    void offersTheRecordWithoutAReplyWhenThePlaneLetGoBeforeTheAnswerCame() {
        capture.released();

        capture.answered(offered::add);

        assertThat(offered).containsExactly(ReplyCapture.Reply.NONE);
    }

    @Test
    void offersTheRecordWithoutAReplyWhenThePlaneLetsGoWithoutReplying() {
        capture.answered(offered::add);

        capture.released();
        capture.replying(200, List.of());

        assertThat(offered).containsExactly(ReplyCapture.Reply.NONE);
    }

    @Test
    void offersNothingWhileNoAnswerCame() {
        capture.replying(200, List.of());
        capture.released();

        assertThat(offered).isEmpty();
    }

    @Test
    void keepsAReplySentBeforeTheAnswerCameAndOffersTheRecordWithItOnceItComes() {
        capture.replying(202, List.of(Map.entry("Content-Length", "0")));
        capture.released();

        capture.answered(offered::add);

        assertThat(offered).containsExactly(new ReplyCapture.Reply(202, List.of(Map.entry("Content-Length", "0"))));
    }
}
