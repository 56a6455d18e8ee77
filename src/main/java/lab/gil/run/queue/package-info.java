/** Stage 2 of 7: the queue. Waiting executions, sharing, positions and cancels, and the workers that take them. */
package lab.gil.run.queue;
