package io.orderpipeline.local.report;

import com.sun.management.GarbageCollectionNotificationInfo;

import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * How much memory this process needed, measured three ways that must not be mixed up:
 * <ul>
 *   <li><b>live heap</b>: the Java heap in use right after a full collection (what the run really holds), the peak
 *       over the run; before the first full collection, after any collection (an upper bound);</li>
 *   <li><b>resident set</b> (RSS, {@code VmHWM} of {@code /proc/self/status}): everything the process touched — the
 *       heap as far as it grew, plus native memory;</li>
 *   <li><b>DynamoDB Local's SQLite</b>: its in-memory tables live in native memory, outside the heap, and grow with
 *       the table (every item stored, by every run of a {@code serve}), not with the file being processed.</li>
 * </ul>
 */
public final class MemoryUse {

    private final AtomicLong liveAfterFullGc = new AtomicLong(-1);
    private final AtomicLong afterAnyGc = new AtomicLong(-1);

    private static MemoryUse process;

    private MemoryUse() {
    }

    /** This JVM's watch, started at the first call (its peaks are the process's since then). */
    public static synchronized MemoryUse watch() {
        if (process == null) {
            process = start();
        }
        return process;
    }

    private static MemoryUse start() {
        var use = new MemoryUse();
        for (var collector : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (collector instanceof NotificationEmitter emitter) {
                emitter.addNotificationListener((notification, handback) -> {
                    if (GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
                        use.collected(GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData()));
                    }
                }, null, null);
            }
        }
        return use;
    }

    private void collected(GarbageCollectionNotificationInfo info) {
        long heap = 0;
        var heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(pool -> pool.getType() == MemoryType.HEAP).map(pool -> pool.getName()).toList();
        for (var entry : info.getGcInfo().getMemoryUsageAfterGc().entrySet()) {
            if (heapPools.contains(entry.getKey())) {
                heap += entry.getValue().getUsed();
            }
        }
        long after = heap;
        afterAnyGc.accumulateAndGet(after, Math::max);
        if (info.getGcAction().contains("major")) {
            liveAfterFullGc.accumulateAndGet(after, Math::max);
        }
    }

    /** Peak heap in use after a full collection; -1 when none happened. */
    public long liveHeapPeak() {
        return liveAfterFullGc.get();
    }

    /** Peak heap in use after any collection (young ones included: an upper bound of the live heap); -1 before any. */
    public long heapAfterGcPeak() {
        return afterAnyGc.get();
    }

    /** The heap's limit ({@code -Xmx}). */
    public static long heapLimit() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getMax();
    }

    /** The peak resident set of this process ({@code VmHWM}), or -1 where {@code /proc} is not there. */
    public static long residentPeak() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    /** The peak of SQLite's own allocator in this process (DynamoDB Local's tables), or -1 when it is not loaded. */
    public static long sqlitePeak() {
        try {
            return com.almworks.sqlite4java.SQLite.getMemoryHighwater(false);
        } catch (Throwable e) {
            return -1; // not loaded in this process (the emulators belong to a serve), or unavailable
        }
    }

    /** One line for the end of a run. */
    public String line(boolean withSqlite) {
        long live = liveHeapPeak();
        var text = new StringBuilder(String.format(Locale.ROOT, "Memory            heap %s (limit %s), RSS peak %s",
                live >= 0 ? mb(live) + " live at most" : heapAfterGcPeak() >= 0 ? mb(heapAfterGcPeak())
                        + " after GC at most" : "not collected yet", mb(heapLimit()), mb(residentPeak())));
        long sqlite = withSqlite ? sqlitePeak() : -1;
        if (sqlite >= 0) {
            text.append(String.format(Locale.ROOT, ", of which DynamoDB Local's tables (SQLite, native) %s", mb(sqlite)));
        }
        return text.toString();
    }

    private static String mb(long bytes) {
        return bytes < 0 ? "unknown" : String.format(Locale.ROOT, "%,d MB", bytes >> 20);
    }

}
