package lab.gil.run;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/** Where a run is in its life. The last five are final. */
public enum RunStatus {
    QUEUED, RUNNING, DONE, FAILED, TIMEOUT, KILLED, INTERRUPTED;

    @JsonValue
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean finished() {
        return this != QUEUED && this != RUNNING;
    }

    public static RunStatus of(String id) {
        return valueOf(id.toUpperCase(Locale.ROOT));
    }
}
