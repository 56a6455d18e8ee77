package lab.gil.sandbox;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Optional;

/**
 * The seccomp filter bubblewrap loads before the run's first program, written as classic BPF by hand (no libseccomp
 * is needed). It refuses what would let one run reach kernel state another run shares:
 * <ul>
 *   <li>{@code keyctl}, {@code add_key} and {@code request_key} (EPERM): the kernel keyrings are shared by uid, so a
 *       key one run adds to the user keyring, or to the server's session keyring the run inherits, could be read
 *       by a later run. Docker's default profile refuses the same three.</li>
 *   <li>a new user namespace through {@code unshare} or {@code clone} (EPERM), and {@code clone3} (ENOSYS, whose
 *       flags a filter cannot read; the C library then falls back to {@code clone}): a nested user namespace is the
 *       usual door to kernel privilege escalations.</li>
 *   <li>every system call of another ABI (ENOSYS), such as 32-bit {@code int 0x80} or x32, whose numbers differ.</li>
 * </ul>
 */
final class Seccomp {
    private static final int LD_W_ABS = 0x20;
    private static final int JEQ_K = 0x15;
    private static final int JGE_K = 0x35;
    private static final int JSET_K = 0x45;
    private static final int RET_K = 0x06;

    private static final int RET_ALLOW = 0x7fff0000;
    private static final int RET_ERRNO = 0x00050000;
    private static final int EPERM = 1;
    private static final int ENOSYS = 38;
    private static final int X32_BIT = 0x40000000;
    private static final int CLONE_NEWUSER = 0x10000000;

    private static final int OFFSET_NR = 0;
    private static final int OFFSET_ARCH = 4;
    private static final int OFFSET_ARG0_LOW = 16;

    /** The audit architecture and the numbers of add_key, request_key, keyctl, clone3, unshare and clone. */
    private record Abi(int audit, int addKey, int requestKey, int keyctl, int clone3, int unshare, int cloneNr) {
    }

    private static final Abi X86_64 = new Abi(0xC000003E, 248, 249, 250, 435, 272, 56);
    private static final Abi AARCH64 = new Abi(0xC00000B7, 217, 218, 219, 435, 97, 220);

    private Seccomp() {
    }

    /** The filter for this machine's architecture, or empty where it is not known (then no filter is used). */
    static Optional<byte[]> program() {
        return switch (System.getProperty("os.arch")) {
            case "amd64", "x86_64" -> Optional.of(program(X86_64));
            case "aarch64" -> Optional.of(program(AARCH64));
            default -> Optional.empty();
        };
    }

    /** The program as struct sock_filter[] in the machine's byte order; jump offsets count from the next line. */
    static byte[] program(Abi abi) {
        ByteBuffer out = ByteBuffer.allocate(15 * 8).order(ByteOrder.nativeOrder());
        put(out, LD_W_ABS, 0, 0, OFFSET_ARCH);          // 0
        put(out, JEQ_K, 0, 12, abi.audit());            // 1: another ABI -> 14
        put(out, LD_W_ABS, 0, 0, OFFSET_NR);            // 2
        put(out, JGE_K, 10, 0, X32_BIT);                // 3: x32 -> 14
        put(out, JEQ_K, 8, 0, abi.addKey());            // 4 -> 13
        put(out, JEQ_K, 7, 0, abi.requestKey());        // 5 -> 13
        put(out, JEQ_K, 6, 0, abi.keyctl());            // 6 -> 13
        put(out, JEQ_K, 6, 0, abi.clone3());            // 7 -> 14
        put(out, JEQ_K, 1, 0, abi.unshare());           // 8 -> 10
        put(out, JEQ_K, 0, 2, abi.cloneNr());             // 9 -> 10, else 12
        put(out, LD_W_ABS, 0, 0, OFFSET_ARG0_LOW);      // 10: the flags
        put(out, JSET_K, 1, 0, CLONE_NEWUSER);          // 11 -> 13
        put(out, RET_K, 0, 0, RET_ALLOW);               // 12
        put(out, RET_K, 0, 0, RET_ERRNO | EPERM);       // 13
        put(out, RET_K, 0, 0, RET_ERRNO | ENOSYS);      // 14
        return out.array();
    }

    private static void put(ByteBuffer out, int code, int jumpTrue, int jumpFalse, int k) {
        out.putShort((short) code).put((byte) jumpTrue).put((byte) jumpFalse).putInt(k);
    }
}
