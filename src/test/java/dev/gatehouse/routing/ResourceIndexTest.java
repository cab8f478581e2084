package dev.gatehouse.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Which server a resource URI routes to, on the aggregate and within a subset of the servers (a profile). */
class ResourceIndexTest {

    private final ResourceIndex index = new ResourceIndex(List.of("gatehouse", "first", "second"));

    @Test
    void aCollisionGoesToTheServerConfiguredFirstWhateverOrderTheListsCameIn() {
        index.recordResource("second", "file:///a");
        index.recordResource("first", "file:///a");

        assertThat(index.owner("file:///a")).contains("first");
    }

    @Test
    void withinAProfileTheFirstServerItSeesOwnsTheUriAndOthersAreNotFound() {
        index.recordResource("first", "file:///a");
        index.recordResource("second", "file:///a");
        index.recordResource("first", "file:///only-first");
        index.recordTemplate("first", "db://{table}");

        assertThat(index.owner("file:///a", "second"::equals)).contains("second");
        assertThat(index.owner("file:///only-first", "second"::equals)).isEmpty();
        assertThat(index.owner("db://users", "second"::equals)).isEmpty();
        assertThat(index.owner("db://users")).contains("first");
    }

    @Test
    void forgettingAServerLeavesTheOthersOffers() {
        index.recordResource("first", "file:///a");
        index.recordResource("second", "file:///a");

        index.forget("first");

        assertThat(index.owner("file:///a")).contains("second");
        index.forget("second");
        assertThat(index.owner("file:///a")).isEmpty();
    }
}
