#if canImport(Glibc)
import Glibc
#endif

/// Starting a background child with posix_spawn: a clean signal mask and default handlers
/// (the pet blocks and catches signals on its threads; a child must not inherit that), stdin
/// from /dev/null and output to a file.
enum ChildProcess {
    /// Starts `argv` under a small `sh` guard that kills it when `lifeline` (the read end of a
    /// pipe whose write end only this process holds) reaches end of file — which happens when
    /// we close it or when this process dies in any way, even by SIGKILL. Returns the guard's
    /// pid (it exits when the program does) and the write end to close, or nil.
    ///
    /// The guard and the program ignore SIGHUP: when the pet's terminal goes away the
    /// kernel hangs up the whole session, and the guard must live to see the lifeline close
    /// (the program, a server, would otherwise survive its killed guard as an orphan).
    static func spawnGuarded(_ argv: [String], outputPath: String) -> (pid: pid_t, lifeline: Int32)? {
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else { return nil }
        _ = fcntl(fds[1], F_SETFD, FD_CLOEXEC)
        let script = "trap '' HUP; \"$0\" \"$@\" </dev/null 3<&- & s=$!; (read _; kill $s 2>/dev/null) <&3 & exec 3<&-; wait $s"
        guard let pid = spawn(["/bin/sh", "-c", script] + argv, outputPath: outputPath, lifeline: fds[0]) else {
            close(fds[0])
            close(fds[1])
            return nil
        }
        close(fds[0])
        return (pid, fds[1])
    }

    /// Starts `argv` and returns its pid, or nil when it cannot be started; `lifeline`, when
    /// given, becomes the child's descriptor 3.
    static func spawn(_ argv: [String], outputPath: String, lifeline: Int32? = nil) -> pid_t? {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_APPEND, 0o600)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        if let lifeline {
            posix_spawn_file_actions_adddup2(&actions, lifeline, 3)
            posix_spawn_file_actions_addclose(&actions, lifeline)
        }
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
