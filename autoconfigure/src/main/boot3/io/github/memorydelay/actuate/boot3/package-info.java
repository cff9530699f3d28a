/**
 * Health support for Spring Boot 3.5, compiled against its actuator API, used only when that line runs.
 */
package io.github.memorydelay.actuate.boot3;
