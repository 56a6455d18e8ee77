package lab.gil.lanes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * What the harness said about the run's threads on its channel: the run's clock zero and main process (from the
 * {@code env} record) and the name of each thread by its pid and native id (the {@code thread} records; the last one
 * for a thread wins, so a forked process first named {@code pid N} gets its multiprocessing name).
 */
record HarnessThreads(OptionalLong t0Nanos, long mainPid, Map<Long, Map<Long, String>> names) {
    static final int MAX_LINES = 200_000;
    static final int MAX_NAMES = 1_000;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    static HarnessThreads none() {
        return new HarnessThreads(OptionalLong.empty(), -1, Map.of());
    }

    /** The name the harness gave thread {@code tid} of process {@code pid}, if it gave one. */
    String name(long pid, long tid) {
        return names.getOrDefault(pid, Map.of()).get(tid);
    }

    /** Reads what the harness wrote on the channel, as the server already read it back (one record a line). */
    static HarnessThreads read(List<String> lines) {
        OptionalLong t0 = OptionalLong.empty();
        long mainPid = -1;
        Map<Long, Map<Long, String>> names = new HashMap<>();
        int named = 0;
        int count = 0;
        for (String line : lines) {
            if (count++ >= MAX_LINES) {
                break;
            }
            boolean env = line.contains("\"env\"");
            if (!env && !line.contains("\"thread\"")) {
                continue; // most lines are other records: skip them without parsing
            }
            JsonNode record = parse(line);
            String type = record.path("t").asText();
            if (type.equals("env") && mainPid < 0) {
                mainPid = record.path("pid").asLong(-1);
                if (record.path("t0Ns").canConvertToLong()) {
                    t0 = OptionalLong.of(record.path("t0Ns").asLong());
                }
            } else if (type.equals("thread") && named < MAX_NAMES && record.path("pid").canConvertToLong()
                    && record.path("tid").canConvertToLong() && record.path("name").isTextual()) {
                String name = record.path("name").asText();
                names.computeIfAbsent(record.path("pid").asLong(), k -> new HashMap<>())
                        .put(record.path("tid").asLong(), name.length() > 120 ? name.substring(0, 120) : name);
                named++;
            }
        }
        return new HarnessThreads(t0, mainPid, names);
    }

    private static JsonNode parse(String line) {
        try {
            JsonNode node = MAPPER.readTree(line);
            return node == null ? MAPPER.nullNode() : node;
        } catch (IOException e) {
            return MAPPER.nullNode();
        }
    }
}
