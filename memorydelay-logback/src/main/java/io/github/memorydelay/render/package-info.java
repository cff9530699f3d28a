/**
 * A digest as text: the plain-text and the HTML part, the subject template, and the
 * wording they share (counts, levels, durations).
 */
package io.github.memorydelay.render;
