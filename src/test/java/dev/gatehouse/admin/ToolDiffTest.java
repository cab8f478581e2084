package dev.gatehouse.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

class ToolDiffTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static ObjectNode tool(String json) {
        return (ObjectNode) JSON.readTree(json);
    }

    @Test
    void showsChangedLinesWithTheUnchangedOnesAsContext() {
        List<String> diff = ToolDiff.of(tool("{\"description\":\"one\\ntwo\\nthree\"}"),
                tool("{\"description\":\"one\\n2\\nthree\\nfour\"}"), List.of("description"));
        assertThat(diff).containsExactly("description:", "  one", "+ 2", "- two", "  three", "+ four");
    }

    @Test
    void diffsSchemasAsKeySortedJsonSoThatOnlyRealChangesShow() {
        List<String> diff = ToolDiff.of(tool("{\"inputSchema\":{\"type\":\"object\",\"properties\":{}}}"),
                tool("{\"inputSchema\":{\"properties\":{},\"type\":\"object\",\"required\":[\"path\"]}}"),
                List.of("inputSchema"));
        assertThat(diff).filteredOn(line -> line.startsWith("+ ") || line.startsWith("- "))
                .containsExactly("+   \"required\" : [ \"path\" ],");
    }

    @Test
    void writesWhatAReaderCannotSeeAsCodePoints() {
        assertThat(ToolDiff.visible("a\u200bb\u202ec\uDB40\uDC41d\u0007e\tf"))
                .isEqualTo("a<U+200B>b<U+202E>c<U+E0041>d<U+0007>e\tf");
    }

    @Test
    void aNewToolOrAFieldAddedOrRemovedIsSaidSo() {
        assertThat(ToolDiff.of(null, tool("{\"name\":\"read\"}"), List.of("name")))
                .containsExactly("name: added", "+ read");
        assertThat(ToolDiff.of(tool("{\"title\":\"Read\"}"), tool("{}"), List.of("title")))
                .containsExactly("title: removed", "- Read");
    }
}
