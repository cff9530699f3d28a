/**
 * The sample application: a page that produces log events and shows the digests they
 * become.
 */
package io.github.memorydelay.sample;
