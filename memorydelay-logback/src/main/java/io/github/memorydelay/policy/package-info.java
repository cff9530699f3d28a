/**
 * What the on-call team decides about digests: silences of entries and quiet hours.
 */
package io.github.memorydelay.policy;
