package lab.gil.interpreter;

import java.util.List;
import java.util.Optional;

/** The interpreters experiments may choose from; the first is the default. */
public record Interpreters(List<Interpreter> all) {

    public Interpreters {
        if (all.isEmpty()) {
            throw new IllegalArgumentException("no Python interpreter is configured");
        }
        all = List.copyOf(all);
    }

    public Interpreter defaultInterpreter() {
        return all.get(0);
    }

    public Optional<Interpreter> find(String name) {
        return all.stream().filter(i -> i.name().equals(name)).findFirst();
    }
}
