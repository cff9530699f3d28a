/**
 * The memorydelay starter: a dependency list that brings the auto-configuration, Spring
 * Boot's mail support and Logback.
 */
package io.github.memorydelay.starter;
