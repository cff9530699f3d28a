/**
 * Digests as emails with Jakarta Mail, free of Spring: the one MIME composition and the
 * plain SMTP sender.
 */
package io.github.memorydelay.mail;
