/** Stage 1 of 7: admission. A request becomes jobs, within the student's and the address's budgets. */
package lab.gil.run.admission;
