/**
 * Spring Boot auto-configuration of memorydelay: properties, registration with Boot's
 * logging and digests sent through the application's {@code JavaMailSender}.
 */
package io.github.memorydelay.autoconfigure;
