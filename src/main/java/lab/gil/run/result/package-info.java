/** Stage 5 of 7: the result. Statistics, the chart's data and the JSON kept for a run, shrunk to its size limit. */
package lab.gil.run.result;
