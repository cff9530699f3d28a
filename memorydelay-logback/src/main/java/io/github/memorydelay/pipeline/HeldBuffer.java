package io.github.memorydelay.pipeline;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

import ch.qos.logback.classic.Level;
import io.github.memorydelay.digest.DigestEntry;
import io.github.memorydelay.digest.Levels;
import io.github.memorydelay.digest.Trigger;

/**
 * A buffer held back at shutdown while digests could not be delivered, as it is kept in
 * the spool folder until the next start takes it over. So an outage that spans a restart
 * still ends in at most two emails: the digest that failed first, then everything logged
 * since, in both runs.
 *
 * @param buffer the entries and counts
 * @param windowStart time of the first event of the buffer
 * @param pendingTrigger trigger that fired while it was held, {@code null} if none
 * @param heldSince since when it is held back
 * @param heldReason why
 */
record HeldBuffer(DigestBuffer buffer, Instant windowStart, Trigger pendingTrigger, Instant heldSince,
		String heldReason) {

	/** Suffix of the files a held buffer is kept in, in the spool folder. */
	static final String SUFFIX = ".held";

	private static final int MAGIC = 0x4d444842;

	private static final int VERSION = 2;

	byte[] encode() {
		try {
			ByteArrayOutputStream bytes = new ByteArrayOutputStream(4096);
			DataOutputStream out = new DataOutputStream(bytes);
			out.writeInt(MAGIC);
			out.writeInt(VERSION);
			writeInstant(out, this.windowStart);
			writeString(out, (this.pendingTrigger != null) ? this.pendingTrigger.name() : null);
			writeInstant(out, this.heldSince);
			writeString(out, this.heldReason);
			long[] notShown = this.buffer.notShownCounts();
			out.writeInt(notShown.length);
			for (int i = 0; i < notShown.length; i++) {
				out.writeInt(Levels.EVENT_LEVELS.get(i).toInt());
				out.writeLong(notShown[i]);
			}
			out.writeLong(this.buffer.silenced());
			Map<Fingerprint, BufferedEntry> entries = this.buffer.fingerprints();
			out.writeInt(entries.size());
			for (Map.Entry<Fingerprint, BufferedEntry> item : entries.entrySet()) {
				Fingerprint fingerprint = item.getKey();
				writeString(out, fingerprint.logger());
				out.writeInt(fingerprint.level().toInt());
				writeString(out, fingerprint.pattern());
				writeString(out, fingerprint.throwableChain());
				writeString(out, fingerprint.throwingFrame());
				// what a digest entry would show, without its id: the id is not written
				BufferedEntry entry = item.getValue();
				out.writeLong(entry.count());
				writeInstant(out, Instant.ofEpochMilli(entry.firstSeen()));
				writeInstant(out, Instant.ofEpochMilli(entry.lastSeen()));
				writeString(out, entry.thread());
				writeString(out, entry.message());
				out.writeInt(entry.mdc().size());
				for (Map.Entry<String, String> mdc : entry.mdc().entrySet()) {
					writeString(out, mdc.getKey());
					writeString(out, mdc.getValue());
				}
				writeString(out, entry.stackTrace());
			}
			out.flush();
			return bytes.toByteArray();
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot write to memory", ex);
		}
	}

	static HeldBuffer decode(byte[] content, DigestSettings settings) throws IOException {
		DataInputStream in = new DataInputStream(new ByteArrayInputStream(content));
		if (in.readInt() != MAGIC) {
			throw new IOException("Not a held buffer of memorydelay");
		}
		int version = in.readInt();
		if (version < 1 || version > VERSION) {
			throw new IOException("Not a held buffer of this version of memorydelay: " + version);
		}
		Instant windowStart = readInstant(in);
		String trigger = readString(in);
		Instant heldSince = readInstant(in);
		String heldReason = readString(in);
		DigestBuffer buffer = new DigestBuffer(settings);
		int levels = in.readInt();
		for (int i = 0; i < levels; i++) {
			Level level = Level.toLevel(in.readInt(), Level.ERROR);
			buffer.restoreNotShown(level, in.readLong());
		}
		if (version >= 2) {
			buffer.restoreSilenced(in.readLong());
		}
		int entries = in.readInt();
		for (int i = 0; i < entries; i++) {
			String logger = readString(in);
			Level level = Level.toLevel(in.readInt(), Level.ERROR);
			Fingerprint fingerprint = Fingerprint.restore(logger, level, readString(in), readString(in),
					readString(in));
			long count = in.readLong();
			Instant firstSeen = readInstant(in);
			Instant lastSeen = readInstant(in);
			String thread = readString(in);
			String message = readString(in);
			int mdcSize = in.readInt();
			Map<String, String> mdc = new TreeMap<>();
			for (int j = 0; j < mdcSize; j++) {
				mdc.put(readString(in), readString(in));
			}
			String stackTrace = readString(in);
			buffer.restore(fingerprint, BufferedEntry.restore(fingerprint, new DigestEntry(level, logger, count,
					firstSeen, lastSeen, thread, message, Collections.unmodifiableMap(mdc), stackTrace)));
		}
		return new HeldBuffer(buffer, windowStart, (trigger != null) ? Trigger.valueOf(trigger) : null, heldSince,
				heldReason);
	}

	private static void writeInstant(DataOutputStream out, Instant instant) throws IOException {
		out.writeLong((instant != null) ? instant.toEpochMilli() : Long.MIN_VALUE);
	}

	private static Instant readInstant(DataInputStream in) throws IOException {
		long millis = in.readLong();
		return (millis != Long.MIN_VALUE) ? Instant.ofEpochMilli(millis) : null;
	}

	private static void writeString(DataOutputStream out, String text) throws IOException {
		if (text == null) {
			out.writeInt(-1);
			return;
		}
		byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
		out.writeInt(bytes.length);
		out.write(bytes);
	}

	private static String readString(DataInputStream in) throws IOException {
		int length = in.readInt();
		if (length < 0) {
			return null;
		}
		if (length > in.available()) {
			throw new IOException("Truncated held buffer");
		}
		byte[] bytes = new byte[length];
		in.readFully(bytes);
		return new String(bytes, StandardCharsets.UTF_8);
	}

}
