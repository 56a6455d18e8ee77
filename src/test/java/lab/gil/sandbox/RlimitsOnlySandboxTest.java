package lab.gil.sandbox;

/**
 * The last fallback: rlimits, a session of its own, and an unprivileged uid when the server is root. The tests it
 * cannot honestly pass (network, escaped sessions, and with the server's own uid its files and processes) skip.
 */
class RlimitsOnlySandboxTest extends ContainmentContract {

    @Override
    Sandbox.Builder configure(Sandbox.Builder builder) {
        return builder.bubblewrap(false).cgroups(false);
    }
}
