/** Stage 4 of 7: the harness channel. What the harness wrote while the run ran, read back and capped. */
package lab.gil.run.channel;
