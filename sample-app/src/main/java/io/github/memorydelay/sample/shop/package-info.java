/**
 * A pretend shop whose services log the warnings and errors the sample turns into
 * digests.
 */
package io.github.memorydelay.sample.shop;
