package lab.gil.interpreter;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The interpreters the server found: those that answered at start-up, in order (the first is the default),
 * and those that did not, with the reason, so /health and the page can say why one is missing.
 */
public record Interpreters(List<Available> available, List<Unavailable> unavailable) {

    /** An interpreter that works, and what it said about itself. */
    public record Available(Interpreter interpreter, InterpreterFacts facts) {
        public String name() {
            return interpreter.name();
        }
    }

    /** An interpreter that was configured or found but cannot be used. */
    public record Unavailable(String name, Path executable, String reason) {
    }

    public Interpreters {
        available = List.copyOf(available);
        unavailable = List.copyOf(unavailable);
    }

    public Optional<Interpreter> defaultInterpreter() {
        return available.stream().findFirst().map(Available::interpreter);
    }

    public Optional<Interpreter> find(String name) {
        return available.stream().filter(a -> a.name().equals(name)).findFirst().map(Available::interpreter);
    }

    public Optional<Unavailable> findUnavailable(String name) {
        return unavailable.stream().filter(u -> u.name().equals(name)).findFirst();
    }

    public List<Interpreter> all() {
        return available.stream().map(Available::interpreter).toList();
    }

    /** Whether a student can run without the GIL here: some interpreter is a free-threaded build. */
    public boolean freeThreaded() {
        return available.stream().anyMatch(a -> a.facts().freeThreaded());
    }

    /** Whether a student has a choice to make, i.e. whether the page shows the picker. */
    public boolean several() {
        return available.size() > 1;
    }
}
