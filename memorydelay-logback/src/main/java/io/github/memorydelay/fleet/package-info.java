/**
 * Fleet mode's seam: the {@link io.github.memorydelay.fleet.FleetStore} the instances of
 * an application share, its records, and the fleet's settings and status. The JDBC store
 * is in {@code io.github.memorydelay.jdbc}; the fleet member that uses it is the
 * pipeline's.
 */
package io.github.memorydelay.fleet;
