package lab.gil.interpreter;

/**
 * What an interpreter said about itself when the server started: "CPython" or "PyPy", its version, whether
 * the GIL is on, and whether it is a free-threaded build (one that can run without the GIL). A run records
 * its own facts too, since a free-threaded build turns the GIL back on when an extension needs it.
 */
public record InterpreterFacts(String implementation, String version, boolean gilEnabled, boolean freeThreaded) {

    /** "PyPy 3.9.16, GIL on" */
    public String describe() {
        return implementation + " " + version + ", GIL " + (gilEnabled ? "on" : "off");
    }
}
