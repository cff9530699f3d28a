/**
 * Actuator support: the {@code memorydelay} endpoint, the health indicator and the
 * metrics.
 */
package io.github.memorydelay.actuate;
