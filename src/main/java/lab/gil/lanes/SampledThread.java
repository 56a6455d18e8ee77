package lab.gil.lanes;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * One thread of the run while it is sampled: its ids on the host (where the server reads /proc) and inside the
 * run's pid namespace (what Python reports), its two /proc files kept open so each sample is one pread, and its lane.
 */
final class SampledThread {
    final long hostPid;
    final long hostTid;
    final long pid;
    final long tid;
    /** Whether the thread is in a pid namespace below the server's (the NStgid line lists more than one id). */
    final boolean nested;
    final ThreadLane lane;
    long seenInRound;
    private FileChannel stat;
    private FileChannel wchan;

    private SampledThread(long hostPid, long hostTid, long pid, long tid, boolean nested, ThreadLane lane) {
        this.hostPid = hostPid;
        this.hostTid = hostTid;
        this.pid = pid;
        this.tid = tid;
        this.nested = nested;
        this.lane = lane;
    }

    /**
     * Looks a thread up by its host tid: its process (Tgid), its ids in the innermost pid namespace (the last of
     * NStgid and NSpid; without a namespace they equal the host's). Null when it is gone.
     */
    static SampledThread open(long hostTid, ThreadLane lane) throws IOException {
        List<String> status;
        try {
            status = Files.readAllLines(Path.of("/proc", Long.toString(hostTid), "status"));
        } catch (java.nio.file.NoSuchFileException e) {
            return null;
        }
        long hostPid = -1;
        long pid = -1;
        long tid = -1;
        boolean nested = false;
        for (String line : status) {
            if (line.startsWith("Tgid:")) {
                hostPid = Long.parseLong(line.substring(5).strip());
            } else if (line.startsWith("NStgid:")) {
                String[] ids = line.substring(7).strip().split("\\s+");
                pid = Long.parseLong(ids[ids.length - 1]);
                nested = ids.length > 1;
            } else if (line.startsWith("NSpid:")) {
                tid = last(line.substring(6));
            }
        }
        if (hostPid < 0) {
            return null;
        }
        SampledThread thread = new SampledThread(hostPid, hostTid, pid < 0 ? hostPid : pid, tid < 0 ? hostTid : tid,
                nested, lane);
        Path task = Path.of("/proc", Long.toString(hostPid), "task", Long.toString(hostTid));
        try {
            thread.stat = FileChannel.open(task.resolve("stat"), StandardOpenOption.READ);
            thread.wchan = FileChannel.open(task.resolve("wchan"), StandardOpenOption.READ);
        } catch (IOException e) {
            thread.close();
            throw e;
        }
        return thread;
    }

    FileChannel stat() {
        return stat;
    }

    FileChannel wchan() {
        return wchan;
    }

    void close() {
        for (FileChannel channel : new FileChannel[]{stat, wchan}) {
            if (channel != null) {
                try {
                    channel.close();
                } catch (IOException e) {
                    // Nothing to do: the file of a finished thread.
                }
            }
        }
        stat = null;
        wchan = null;
    }

    private static long last(String ids) {
        String[] parts = ids.strip().split("\\s+");
        return Long.parseLong(parts[parts.length - 1]);
    }
}
