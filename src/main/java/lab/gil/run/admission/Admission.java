package lab.gil.run.admission;

import com.fasterxml.jackson.core.JsonProcessingException;
import lab.gil.interpreter.Interpreter;
import lab.gil.interpreter.Interpreters;
import lab.gil.lesson.ExperimentSpec;
import lab.gil.lesson.LessonCatalog;
import lab.gil.sandbox.EditedCodePolicy;
import lab.gil.run.Json;
import lab.gil.run.Run;
import lab.gil.run.RunRefused;
import lab.gil.run.RunRequest;
import lab.gil.run.RunStatus;
import lab.gil.run.execution.ExperimentRunner;
import lab.gil.run.queue.Planned;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

/** A request and its experiment become runs and jobs: parameters, code size, prediction, interpreter. No side effects. */
public final class Admission {
    public static final int MAX_CODE_CHARS = 100_000;
    private static final String NO_INTERPRETER = "This server has no working Python interpreter. Ask its operator to check /health.";

    private final LessonCatalog catalog;
    private final Interpreters interpreters;
    private final Duration wallLimit;
    private final Clock clock;
    private final EditedCodePolicy editedCode;

    public Admission(LessonCatalog catalog, Interpreters interpreters, Duration wallLimit, Clock clock) {
        this(catalog, interpreters, wallLimit, clock, EditedCodePolicy.UNCHECKED);
    }

    /** The same, refusing students' edited code when {@code editedCode} says so. */
    public Admission(LessonCatalog catalog, Interpreters interpreters, Duration wallLimit, Clock clock, EditedCodePolicy editedCode) {
        this.editedCode = editedCode;
        this.catalog = catalog;
        this.interpreters = interpreters;
        this.wallLimit = wallLimit;
        this.clock = clock;
    }

    /** One run on the interpreter asked for, or the default one. */
    public List<Planned> one(RunRequest request) {
        return plan(request, List.of(interpreterFor(request.interpreter())));
    }

    /** One run per interpreter the server has. */
    public List<Planned> everyInterpreter(RunRequest request) {
        if (interpreters.all().isEmpty()) {
            throw new IllegalArgumentException(NO_INTERPRETER);
        }
        return plan(request, interpreters.all());
    }

    private Interpreter interpreterFor(String name) {
        if (name == null || name.isBlank()) {
            return interpreters.defaultInterpreter().orElseThrow(() -> new IllegalArgumentException(NO_INTERPRETER));
        }
        return interpreters.find(name).orElseThrow(() -> new IllegalArgumentException(interpreters.findUnavailable(name)
                .map(u -> "The interpreter " + name + " does not work on this server: " + u.reason() + ".")
                .orElse("This server has no interpreter '" + name + "'.")));
    }

    private List<Planned> plan(RunRequest request, List<Interpreter> chosen) {
        ExperimentSpec spec = catalog.experiment(request.lesson(), request.experiment())
                .orElseThrow(() -> new RunRefused.NotFound("There is no experiment '" + request.experiment() + "' in lesson '" + request.lesson() + "'."));
        Map<String, Object> params = spec.resolveParams(request.params() == null ? Map.of() : request.params());
        String code = request.code() == null || request.code().isBlank() ? spec.code() : request.code().replace("\r\n", "\n");
        if (code.length() > MAX_CODE_CHARS) {
            throw new IllegalArgumentException("The code is too long (" + code.length() + " characters; at most " + MAX_CODE_CHARS + ").");
        }
        editedCode.admit(code, spec.code());
        String prediction = cleanPrediction(request.prediction());
        String codeHash = sha256(code);
        int repetitions = repetitions(request.repetitions(), spec.repetitions());
        Optional<Duration> timeout = spec.timeoutSeconds().map(Duration::ofSeconds).filter(t -> t.compareTo(wallLimit) < 0);
        return chosen.stream().map(interpreter -> {
            Run run = new Run(UUID.randomUUID().toString(), request.lesson(), request.experiment(), request.student(),
                    interpreter.name(), params, codeHash, code.equals(spec.code()) ? null : code, prediction,
                    RunStatus.QUEUED, null, null, clock.instant(), null, null);
            ExperimentRunner.Job job = new ExperimentRunner.Job(code, params, repetitions, spec.chart(), interpreter, timeout, spec.goal(),
                    spec.judging());
            // Everything that shapes the result is in the key, so only truly identical requests share an execution.
            String key = String.join("|", interpreter.name(), codeHash, canonical(params), Integer.toString(repetitions),
                    spec.chart().name(), timeout.map(Duration::toString).orElse("-"));
            return new Planned(key, job, run);
        }).toList();
    }

    /** A student may ask for more repetitions than the experiment's (to settle a noisy result), within the usual cap. */
    private static int repetitions(Integer asked, int declared) {
        if (asked == null) {
            return declared;
        }
        if (asked < 1 || asked > ExperimentSpec.MAX_REPETITIONS) {
            throw new IllegalArgumentException("Repetitions must be between 1 and " + ExperimentSpec.MAX_REPETITIONS + ", not " + asked + ".");
        }
        return asked;
    }

    private static String cleanPrediction(String prediction) {
        if (prediction == null || prediction.isBlank()) {
            return null;
        }
        String clean = prediction.strip().replaceAll("\\p{Cntrl}", " ");
        return clean.length() > 200 ? clean.substring(0, 200) : clean;
    }

    static String canonical(Map<String, Object> params) {
        try {
            return Json.MAPPER.writeValueAsString(new TreeMap<>(params));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
