package dev.gatehouse.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.OptionalLong;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Only a message that is clearly a response, with a clear integer id, is taken for the answer to a call. */
class UnreadableAnswerTest {

    private static OptionalLong idOf(String text) {
        return UnreadableAnswer.id(text.getBytes(StandardCharsets.UTF_8));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"jsonrpc\":\"2.0\",\"id\":7,\"result\":{\"content\":[  | 7",
            "{ \"id\" : -3 , \"error\": {\"code\": 1                 | -3",
            "{\"jsonrpc\":\"2.0\",\"result\":{\"a\":[1,{\"b\":\"}\"}]},\"id\":12}  | 12",
            "{\"result\":\"x\\\"y\",\"id\":4}                         | 4"})
    void findsTheIdOfAResponse(String text, long id) {
        assertThat(idOf(text)).hasValue(id);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"sampling/createMessage\",\"params\":{",
            "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/message\",\"params\":{\"id\":7}}",
            "{\"jsonrpc\":\"2.0\",\"id\":\"s1\",\"result\":{",
            "{\"jsonrpc\":\"2.0\",\"result\":{\"items\":[{\"id\":5}]}}",
            "{\"jsonrpc\":\"2.0\",\"result\":{\"id\":5}}",
            "{\"jsonrpc\":\"2.0\",\"id\":7.5,\"result\":{}",
            "[{\"id\":7,\"result\":{}}]",
            "this is not json",
            ""})
    void takesNothingElseForAnAnswer(String text) {
        assertThat(idOf(text)).isEmpty();
    }

    @Test
    void anOversizedLineKeepsBothEndsSoTheIdIsFoundAtEither() throws Exception {
        String big = "z".repeat(100_000);
        String first = "{\"jsonrpc\":\"2.0\",\"id\":41,\"result\":{\"text\":\"" + big + "\"}}";
        String last = "{\"jsonrpc\":\"2.0\",\"result\":{\"text\":\"" + big + "\"},\"id\":42}\r";
        BoundedLineReader reader = new BoundedLineReader(new ByteArrayInputStream((first + "\n" + last + "\n")
                .getBytes(StandardCharsets.UTF_8)), 4096);

        BoundedLineReader.Line one = reader.readLine();
        BoundedLineReader.Line two = reader.readLine();

        assertThat(one.oversized()).isTrue();
        assertThat(one.head()).hasSize(BoundedLineReader.EDGE_BYTES);
        assertThat(UnreadableAnswer.id(one.head(), one.tail())).hasValue(41);
        assertThat(new String(two.tail(), StandardCharsets.UTF_8)).endsWith("\"id\":42}");
        assertThat(UnreadableAnswer.id(two.head(), two.tail())).hasValue(42);
        assertThat(reader.readLine()).isNull();
    }
}
