package lab.gil.run.channel;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RecordingTest {
    @TempDir
    Path dir;

    private Recording read(String... lines) {
        return Recording.read(List.of(lines));
    }

    @Test
    void readsEveryKindOfRecord() throws IOException {
        Recording r = read(
                "{\"t\":\"env\",\"implementation\":\"CPython\",\"usableCores\":2}",
                "{\"t\":\"variants\",\"names\":[\"one\",\"two\"]}",
                "{\"t\":\"rep\",\"variant\":\"two\",\"index\":0,\"value\":0.2,\"unit\":\"s\"}",
                "{\"t\":\"rep\",\"variant\":\"one\",\"index\":0,\"value\":0.1,\"unit\":\"s\"}",
                "{\"t\":\"metric\",\"name\":\"lost\",\"value\":12,\"unit\":\"updates\"}",
                "{\"t\":\"point\",\"series\":\"cpu\",\"x\":1,\"y\":1.0,\"xLabel\":\"workers\",\"yLabel\":\"speedup\",\"ideal\":true}",
                "{\"t\":\"series\",\"name\":\"io\",\"xs\":[1,2],\"ys\":[1.0,1.9],\"xLabel\":\"workers\",\"yLabel\":\"speedup\",\"ideal\":false}",
                "{\"t\":\"span\",\"label\":\"work\",\"lane\":\"Thread-1\",\"start\":0.1,\"end\":0.2,\"state\":\"waiting\",\"pid\":7}",
                "{\"t\":\"progress\",\"fraction\":0.5,\"message\":\"half\"}",
                "{\"t\":\"summary\",\"text\":\"done\"}");

        assertThat(r.env()).containsEntry("implementation", "CPython");
        assertThat(r.repetitions().keySet()).containsExactly("one", "two");
        assertThat(r.metrics()).containsExactly(new Recording.Metric("lost", 12.0, "updates"));
        assertThat(r.series().keySet()).containsExactly("cpu", "io");
        assertThat(r.series().get("cpu").ideal()).isTrue();
        assertThat(r.series().get("io").points()).hasSize(2);
        assertThat(r.spans()).containsExactly(new Recording.Span("work", "Thread-1", 0.1, 0.2, "waiting"));
        assertThat(r.progress()).contains(new Recording.Progress(0.5, "half"));
        assertThat(r.summary()).contains("done");
        assertThat(r.skippedLines()).isZero();
    }

    @Test
    void linesThatAreNotRecordsAreSkippedNotFatal() throws IOException {
        Recording r = read("not json", "[1,2]", "{\"t\":\"forged\"}", "{\"t\":\"rep\",\"variant\":\"a\",\"value\":-1}",
                "{\"t\":\"span\",\"label\":\"x\",\"lane\":\"y\",\"start\":2,\"end\":1}",
                "{\"t\":\"rep\",\"variant\":\"a\",\"value\":0.5}");
        assertThat(r.skippedLines()).isEqualTo(3);
        assertThat(r.spans()).isEmpty();
        assertThat(r.repetitions()).containsOnlyKeys("a");
        assertThat(r.repetitions().get("a")).containsExactly(0.5);
    }

    @Test
    void declaredVariantsWithoutValuesAreDropped() throws IOException {
        Recording r = read("{\"t\":\"variants\",\"names\":[\"never timed\",\"timed\"]}",
                "{\"t\":\"rep\",\"variant\":\"timed\",\"value\":0.5}");
        assertThat(r.repetitions()).containsOnlyKeys("timed");
    }

    @Test
    void spansAreCappedSoARunCannotFloodTheServer() throws IOException {
        String[] lines = new String[Recording.MAX_SPANS + 50];
        for (int i = 0; i < lines.length; i++) {
            lines[i] = "{\"t\":\"span\",\"label\":\"s\",\"lane\":\"l\",\"start\":" + i + ",\"end\":" + (i + 1) + ",\"state\":\"running\"}";
        }
        assertThat(read(lines).spans()).hasSize(Recording.MAX_SPANS);
    }

    @Test
    void aChannelReplacedByALinkOrAFifoIsRefusedWithoutBlocking() throws Exception {
        Path secret = dir.resolve("server-secret.jsonl");
        Files.writeString(secret, "{\"t\":\"metric\",\"name\":\"secret\",\"value\":1,\"unit\":\"\"}\n");
        Path channel = dir.resolve("channel.jsonl");
        Files.createSymbolicLink(channel, secret);
        assertThatThrownBy(() -> ChannelFile.open(channel)).isInstanceOf(IOException.class);
        Path fifo = dir.resolve("fifo.jsonl");
        assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor()).isZero();
        assertThatThrownBy(() -> ChannelFile.open(fifo)).isInstanceOf(IOException.class);
    }

    @Test
    void aChannelSwappedForAFifoAfterOpeningIsStillReadFromTheFileThatWasOpened() throws Exception {
        Path channel = ChannelFile.create(dir);
        try (ChannelFile opened = ChannelFile.open(channel)) {
            Files.writeString(channel, "{\"t\":\"progress\",\"fraction\":0.5,\"message\":\"half\"}\n");
            Files.move(channel, dir.resolve("moved.jsonl"));
            assertThat(new ProcessBuilder("mkfifo", channel.toString()).start().waitFor()).isZero();
            assertThat(Recording.latestProgress(opened.newLines())).contains(new Recording.Progress(0.5, "half"));
            assertThat(opened.allLines()).hasSize(1);
        }
    }

    @Test
    void anEmptyChannelIsAnEmptyRecording() throws IOException {
        try (ChannelFile opened = ChannelFile.open(ChannelFile.create(dir))) {
            assertThat(Recording.read(opened.allLines())).isEqualTo(Recording.empty());
        }
    }
}
