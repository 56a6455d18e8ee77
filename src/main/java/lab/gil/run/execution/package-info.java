/** Stage 3 of 7: sandboxed execution. One job in a warm sandboxed interpreter, judged into a status and a sentence. */
package lab.gil.run.execution;
