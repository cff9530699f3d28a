/**
 * Sending digests with Jakarta Mail, without Spring.
 */
package io.github.memorydelay.mail;
