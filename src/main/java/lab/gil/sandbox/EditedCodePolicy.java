package lab.gil.sandbox;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Locale;
import java.util.Map;

/**
 * Whether students' edited code may run on this server, decided once at start-up from what the sandbox offers.
 * The lesson's own code is the instructor's and always runs; code a student changed runs only when the run is
 * kept away from the server's data: in namespaces (bubblewrap), or at least under a uid of its own. The operator
 * may ask for more (namespaces only: a run with just another uid still shares the server's network) or accept
 * the risk knowingly.
 *
 * @param allowed whether edited code runs
 * @param reason  why, in a sentence for the operator ({@code /health}, the log)
 */
public record EditedCodePolicy(boolean allowed, String reason) {
    private static final Logger LOG = LoggerFactory.getLogger(EditedCodePolicy.class);
    public static final String ALLOW_UNISOLATED = "GILLAB_ALLOW_UNISOLATED";
    public static final String REQUIRE_NAMESPACES = "GILLAB_REQUIRE_NAMESPACES";

    /** For a run queue whose executor is not a sandbox at all (tests with a fake executor). */
    public static final EditedCodePolicy UNCHECKED = new EditedCodePolicy(true, "edited code is not checked: no sandbox decides");

    /** What the student reads when their edited code is refused. */
    public static final String REFUSED_SENTENCE = "This server does not run edited code: it cannot keep a run away from"
            + " its data. The lesson's own code still runs, with your parameters (use \"Reset to the lesson's code\").";

    /** The operator's choices, read from the environment. */
    public record Settings(boolean allowUnisolated, boolean requireNamespaces) {
        public static final Settings DEFAULT = new Settings(false, false);

        public static Settings fromEnv(Map<String, String> env) {
            return new Settings(flag(env, ALLOW_UNISOLATED), flag(env, REQUIRE_NAMESPACES));
        }

        private static boolean flag(Map<String, String> env, String name) {
            String value = env.getOrDefault(name, "").strip().toLowerCase(Locale.ROOT);
            return switch (value) {
                case "", "false", "0", "no" -> false;
                case "true", "1", "yes" -> true;
                default -> throw new IllegalArgumentException(name + " must be true or false, not '" + env.get(name) + "'");
            };
        }
    }

    /** A run request whose edited code this server refuses; its message is the sentence for the student. */
    public static final class Refused extends IllegalArgumentException {
        Refused() {
            super(REFUSED_SENTENCE);
        }
    }

    /** Decides for this sandbox and says so in the log, as a warning when edited code is refused. */
    public static EditedCodePolicy of(Sandbox sandbox, Settings settings) {
        EditedCodePolicy policy = decide(sandbox.usesBubblewrap(), sandbox.switchesUser(), settings);
        if (policy.allowed()) {
            LOG.info("{}", policy.reason());
        } else {
            LOG.warn("{}", policy.reason());
        }
        return policy;
    }

    /**
     * @param namespaces runs have their own mount, pid and network namespaces
     * @param ownUid     runs have a uid other than the server's
     */
    static EditedCodePolicy decide(boolean namespaces, boolean ownUid, Settings settings) {
        if (namespaces) {
            return new EditedCodePolicy(true, "edited code runs: runs are isolated in namespaces (bubblewrap)");
        }
        if (settings.allowUnisolated()) {
            return new EditedCodePolicy(true, "edited code runs without namespaces because " + ALLOW_UNISOLATED
                    + "=true" + (ownUid ? "; runs have a uid of their own but share the server's network"
                    : ": runs have the server's uid and can read and change its data"));
        }
        String fix = "; see the README, \"Running untrusted code\" (or set " + ALLOW_UNISOLATED + "=true to accept the risk)";
        if (settings.requireNamespaces()) {
            return new EditedCodePolicy(false, "edited code is refused: " + REQUIRE_NAMESPACES
                    + "=true and bubblewrap cannot be used here" + fix);
        }
        if (ownUid) {
            return new EditedCodePolicy(true, "edited code runs under a uid of its own, without namespaces:"
                    + " it cannot touch the server's files but shares its network");
        }
        return new EditedCodePolicy(false, "edited code is refused: runs can neither be isolated in namespaces"
                + " (bubblewrap) nor given a uid of their own (the server is not root)" + fix);
    }

    /** The sentence a student reads when their edited code is refused (shown on the lesson page beforehand). */
    public String refusal() {
        return REFUSED_SENTENCE;
    }

    /**
     * Lets a run through, or refuses it with the student's sentence when its code is not the lesson's own and this
     * server does not run edited code. Whitespace at the end does not count as an edit (an editor may add a line).
     */
    public void admit(String code, String lessonCode) {
        if (!allowed && !code.stripTrailing().equals(lessonCode.stripTrailing())) {
            throw new Refused();
        }
    }
}
