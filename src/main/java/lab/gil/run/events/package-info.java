/** Stage 7 of 7: events to the browser. Who watches which run; progress, status and the end, in order. */
package lab.gil.run.events;
