package lab.gil.lanes;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;

class HarnessThreadsTest {
    @Test
    void theClockZeroMainProcessAndLastNameOfEachThreadAreReadFromTheChannel() {
        List<String> channel = List.of(
                "{\"t\":\"env\",\"implementation\":\"CPython\",\"pid\":2,\"t0Ns\":123456789}",
                "{\"t\":\"thread\",\"pid\":2,\"tid\":2,\"name\":\"MainThread\"}",
                "{\"t\":\"span\",\"label\":\"thread\",\"lane\":\"x\",\"start\":0,\"end\":1,\"state\":\"running\",\"pid\":2}",
                "{\"t\":\"thread\",\"pid\":7,\"tid\":7,\"name\":\"pid 7\"}",
                "not json, but mentions \"thread\"",
                "{\"t\":\"thread\",\"pid\":7,\"tid\":7,\"name\":\"Process-1\"}",
                "{\"t\":\"thread\",\"pid\":7,\"tid\":\"eight\",\"name\":\"bad id\"}");
        HarnessThreads threads = HarnessThreads.read(channel);
        assertThat(threads.t0Nanos()).isEqualTo(OptionalLong.of(123456789));
        assertThat(threads.mainPid()).isEqualTo(2);
        assertThat(threads.name(2, 2)).isEqualTo("MainThread");
        assertThat(threads.name(7, 7)).isEqualTo("Process-1");
        assertThat(threads.names().get(7L)).hasSize(1);
    }

    @Test
    void anEmptyChannelSaysNothing() {
        HarnessThreads threads = HarnessThreads.read(List.of());
        assertThat(threads.t0Nanos()).isEmpty();
        assertThat(threads.mainPid()).isEqualTo(-1);
        assertThat(threads.names()).isEmpty();
    }
}
