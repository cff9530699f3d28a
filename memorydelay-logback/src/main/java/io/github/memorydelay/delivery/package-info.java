/**
 * Getting a digest out: the {@link io.github.memorydelay.delivery.DigestSender} seam and
 * the ways a send fails, the retry policy, the spool folder where digests wait, and the
 * rules that keep memorydelay from buffering what it logs itself while it sends.
 */
package io.github.memorydelay.delivery;
