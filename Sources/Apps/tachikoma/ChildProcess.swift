#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Starting a background child with posix_spawn: a clean signal mask and default handlers
/// (the pet blocks and catches signals on its threads; a child must not inherit that), stdin
/// from /dev/null and output to a file.
enum ChildProcess {
    /// Starts `argv` under a small `sh` guard, in a session of its own, that stops it once no
    /// process holds a lock on `usersLock` (see `BundledServer`): the guard waits in
    /// `flock -x` — asleep in the kernel, no polling — for the exclusive lock, which it gets
    /// when the last user's shared lock goes, however that user ended. The server's pid is
    /// written to `pidPath` (so a pet can restart it, e.g. to share it on the network).
    /// Returns the guard's pid.
    static func spawnShared(_ argv: [String], outputPath: String, usersLock: String, pidPath: String) -> pid_t? {
        let script = "trap '' HUP INT; l=$1; p=$2; shift 2; \"$0\" \"$@\" </dev/null & s=$!; echo $s > \"$p\"; "
            + "flock -x \"$l\" kill $s 2>/dev/null & f=$!; wait $s; kill $f 2>/dev/null"
        // util-linux's setsid: no terminal, so a hang-up or Ctrl-C in a pet's terminal does
        // not reach the server that other pets share.
        return spawn(["/usr/bin/setsid", "/bin/sh", "-c", script, argv[0], usersLock, pidPath] + argv.dropFirst(), outputPath: outputPath)
    }

    /// Starts `argv` and returns its pid, or nil when it cannot be started.
    static func spawn(_ argv: [String], outputPath: String) -> pid_t? {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_APPEND, 0o600)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        var attr = posix_spawnattr_t()
        posix_spawnattr_init(&attr)
        defer { posix_spawnattr_destroy(&attr) }
        var empty = sigset_t()
        sigemptyset(&empty)
        posix_spawnattr_setsigmask(&attr, &empty)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for s in [SIGTERM, SIGINT, SIGHUP, SIGQUIT, SIGPIPE, SIGWINCH, SIGTSTP, SIGCONT] { sigaddset(&defaults, s) }
        posix_spawnattr_setsigdefault(&attr, &defaults)
        posix_spawnattr_setflags(&attr, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        var cArgs = argv.map { strdup($0) } + [nil]
        defer { for p in cArgs { free(p) } }
        var pid: pid_t = 0
        guard posix_spawn(&pid, argv[0], &actions, &attr, &cArgs, environ) == 0 else { return nil }
        return pid
    }

    /// Whether `pid` (our child) has exited; reaps it if so.
    static func hasExited(_ pid: pid_t) -> Bool {
        var status: Int32 = 0
        return waitpid(pid, &status, WNOHANG) == pid
    }
}
