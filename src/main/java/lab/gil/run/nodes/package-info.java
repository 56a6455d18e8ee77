/**
 * Several machines on one PostgreSQL database: web nodes queue executions in a shared table, runner nodes claim
 * them with FOR UPDATE SKIP LOCKED and beat a heartbeat, and LISTEN/NOTIFY carries progress and ends to whichever
 * node serves the page. The embedded H2 default does not use this package.
 */
package lab.gil.run.nodes;
