package dev.gatehouse.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ToolRulesTest {

    @ParameterizedTest(name = "{0} ~ {1} = {2}")
    @CsvSource({"*, anything, true", "get_*, get_issue, true", "get_*, list_issues, false", "?_x, a_x, true",
            "?_x, ab_x, false", "*_secret*, get_secret_key, true", "a*b*c, aXbYc, true", "a*b*c, aXbY, false",
            "'', '', true", "'', x, false", "**, '', true", "create_issue, create_issue, true",
            "create_issue, create_issues, false", "*.*, a.b, true", "[ab], a, false"})
    void globsMatchTheWholeNameAndOnlyStarAndQuestionMarkAreSpecial(String glob, String name, boolean matches) {
        assertThat(ToolRules.matches(glob, name)).isEqualTo(matches);
    }

    @Test
    void denyWinsOverAllowAndAnEmptyAllowListAllowsAll() {
        ToolRules rules = new ToolRules(List.of("get_*"), List.of("get_secret"), null);
        assertThat(rules.permits("get_issue")).isTrue();
        assertThat(rules.permits("get_secret")).isFalse();
        assertThat(rules.permits("delete_repo")).isFalse();
        assertThat(new ToolRules(List.of(), List.of("delete_*"), null).permits("anything")).isTrue();
        assertThat(ToolRules.NONE.approval(ToolApproval.MANUAL)).isEqualTo(ToolApproval.MANUAL);
        assertThat(new ToolRules(List.of(), List.of(), ToolApproval.AUTO).approval(ToolApproval.MANUAL))
                .isEqualTo(ToolApproval.AUTO);
    }
}
