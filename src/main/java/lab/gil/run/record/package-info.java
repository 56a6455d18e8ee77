/** Stage 6 of 7: recording. The single writer of run states; a final state the database refuses is kept and retried. */
package lab.gil.run.record;
