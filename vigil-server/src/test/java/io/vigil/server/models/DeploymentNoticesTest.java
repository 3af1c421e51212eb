package io.vigil.server.models;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.server.core.Json;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class DeploymentNoticesTest {

    @Test
    void aNoticeCarriesTheInstanceThatMadeTheMoveSoThatInstanceCanSkipIt() {
        UUID here = UUID.randomUUID();
        UUID model = UUID.randomUUID();
        String payload = Json.write(new DeploymentNotices.Notice("intrusion", Set.of(model), here));

        DeploymentNotices.Notice heard = DeploymentNotices.parse(payload).orElseThrow();

        assertThat(heard.modelType()).isEqualTo("intrusion");
        assertThat(heard.modelIds()).containsExactly(model);
        assertThat(heard.madeBy(here)).isTrue();
        assertThat(heard.madeBy(UUID.randomUUID())).isFalse();
    }

    @Test
    void aPayloadThatIsNotANoticeOfThisVersionIsIgnored() {
        assertThat(DeploymentNotices.parse("{\"modelType\":\"intrusion\",\"modelIds\":[]}")).isEmpty();
        assertThat(DeploymentNotices.parse("not json")).isEmpty();
    }
}
