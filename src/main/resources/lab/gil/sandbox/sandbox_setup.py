"""Gives a run its writable places, inside bubblewrap and before any of the run's own code.

bubblewrap can size a tmpfs but not limit its files, so this script, given CAP_SYS_ADMIN and CAP_SETPCAP in the
run's own user namespace, mounts one tmpfs with both limits and shows parts of it as the work folder, /tmp and
/dev/shm: a run's writes all count against one budget and vanish with its mount namespace, so nothing is left for
the server to delete. Files the caller put in the work folder (bound at SEED) are bound into it, so what the run
writes to them reaches the caller. The set-up folder is then covered and setpriv drops every capability for good.

Read-only folders the caller wants inside /tmp, /dev/shm or the work folder wait at an ASIDE path and are shown
again at their own path once the disk is in place.

Usage: sandbox_setup.py BYTES FILES WORK_DIR N [ASIDE PATH]*N PROGRAM [ARGS...]
"""
import ctypes
import os
import sys

SETUP = "/run/gillab"
SEED = SETUP + "/seed"
DISK = SETUP + "/disk"
CLONE_NEWNS = 0x00020000
MS_RDONLY, MS_NOSUID, MS_NODEV, MS_REMOUNT, MS_BIND, MS_REC, MS_PRIVATE = 1, 2, 4, 32, 4096, 16384, 1 << 18

libc = ctypes.CDLL(None, use_errno=True)


def check(result, what):
    if result != 0:
        errno = ctypes.get_errno()
        raise OSError(errno, "sandbox set-up: %s: %s" % (what, os.strerror(errno)))


def mount(source, target, fstype, flags, options):
    check(libc.mount(source.encode(), target.encode(), fstype and fstype.encode(), flags,
                     options and options.encode()), "mount " + target)


def main(size, files, work, read_only, program):
    # bubblewrap's mount namespace belongs to the user namespace above this one: a new one belongs to the run's.
    check(libc.unshare(CLONE_NEWNS), "unshare")
    mount("none", "/", None, MS_REC | MS_PRIVATE, None)
    mount("tmpfs", DISK, "tmpfs", MS_NOSUID | MS_NODEV, "size=%d,nr_inodes=%d,mode=0755" % (size, files))
    old_umask = os.umask(0o022)
    # /tmp first: the work folder may be inside it, and is then made afresh there.
    for name, target, mode in (("tmp", "/tmp", 0o1777), ("shm", "/dev/shm", 0o1777), ("work", work, 0o755)):
        os.mkdir(os.path.join(DISK, name))
        os.chmod(os.path.join(DISK, name), mode)
        os.makedirs(target, 0o755, exist_ok=True)
        mount(os.path.join(DISK, name), target, None, MS_BIND, None)
    for name in os.listdir(SEED):
        source = os.path.join(SEED, name)
        if os.path.isfile(source) and not os.path.islink(source):
            target = os.path.join(work, name)
            os.close(os.open(target, os.O_CREAT | os.O_WRONLY | os.O_NOFOLLOW, 0o644))
            mount(source, target, None, MS_BIND, None)
    for aside, path in read_only:
        if os.path.isdir(aside):
            os.makedirs(path, 0o755, exist_ok=True)
        else:
            os.makedirs(os.path.dirname(path), 0o755, exist_ok=True)
            os.close(os.open(path, os.O_CREAT | os.O_WRONLY | os.O_NOFOLLOW, 0o644))
        mount(aside, path, None, MS_BIND, None)
        if not os.statvfs(path).f_flag & os.ST_RDONLY:
            mount("none", path, None, MS_REMOUNT | MS_BIND | MS_RDONLY | MS_NOSUID | MS_NODEV, None)
    os.umask(old_umask)
    # The seed is the caller's folder, and the disk's root holds the other parts: neither may stay in reach.
    mount("tmpfs", SETUP, "tmpfs", MS_NOSUID | MS_NODEV | MS_RDONLY, "size=4096,nr_inodes=1,mode=0555")
    os.chdir(work)
    os.execv(program[0], program)


if __name__ == "__main__":
    count = int(sys.argv[4])
    pairs = sys.argv[5:5 + 2 * count]
    main(int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], list(zip(pairs[::2], pairs[1::2])), sys.argv[5 + 2 * count:])
