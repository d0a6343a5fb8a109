#if canImport(Glibc)
import Glibc
#endif
import Foundation
import TerminalHarness

/// Two network namespaces of the test's own, joined by a veth pair: host A (`10.N.0.1/24`)
/// and host B (`10.N.0.2/24`), multicast on, loopback up. Nothing in them can reach any
/// other network, so mDNS multicast never leaves the pair. `remove()` kills what the test
/// started in them and deletes both (which deletes the veth pair).
final class NetworkNamespaces {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    let nameA: String
    let nameB: String
    let addressA: String
    let addressB: String
    /// The ends of the veth pair: `interfaceA` lives in host A, `interfaceB` in host B.
    let interfaceA: String
    let interfaceB: String
    private var children: [pid_t] = []

    /// Creates the pair; a machine where this is not permitted (not root, no iproute2, no
    /// CAP_SYS_ADMIN in a container) is a failure with the reason, never a silent pass.
    init(subnet: Int) throws {
        let tag = "\(getpid() % 100_000)\(subnet % 10)"
        nameA = "tkmd-\(tag)-a"
        nameB = "tkmd-\(tag)-b"
        addressA = "10.\(subnet).0.1"
        addressB = "10.\(subnet).0.2"
        let vethA = "tkm\(tag)a"
        let vethB = "tkm\(tag)b"
        interfaceA = vethA
        interfaceB = vethB
        // Leftovers of a killed earlier run with the same pid.
        _ = try? Spawn.run(["ip", "netns", "del", nameA])
        _ = try? Spawn.run(["ip", "netns", "del", nameB])
        let steps: [[String]] = [
            ["ip", "netns", "add", nameA],
            ["ip", "netns", "add", nameB],
            ["ip", "link", "add", vethA, "type", "veth", "peer", "name", vethB],
            ["ip", "link", "set", vethA, "netns", nameA],
            ["ip", "link", "set", vethB, "netns", nameB],
            ["ip", "-n", nameA, "addr", "add", "\(addressA)/24", "dev", vethA],
            ["ip", "-n", nameB, "addr", "add", "\(addressB)/24", "dev", vethB],
            ["ip", "-n", nameA, "link", "set", vethA, "up", "multicast", "on"],
            ["ip", "-n", nameB, "link", "set", vethB, "up", "multicast", "on"],
            ["ip", "-n", nameA, "link", "set", "lo", "up"],
            ["ip", "-n", nameB, "link", "set", "lo", "up"],
        ]
        for step in steps {
            let result: Spawn.Result
            do {
                result = try Spawn.run(step)
            } catch {
                removeNamespaces()
                throw Failure(description: "this test needs `ip` (Debian's iproute2) to make network namespaces: \(error)")
            }
            guard result.status == 0 else {
                removeNamespaces()
                throw Failure(description: """
                    this test needs network namespaces (root, CAP_SYS_ADMIN, iproute2); \
                    `\(step.joined(separator: " "))` failed: \(result.stderr.trimmingCharacters(in: .whitespacesAndNewlines))
                    """)
            }
        }
    }

    /// Runs a program in a namespace to completion (`ip netns exec` execs it: same pid).
    func run(in namespace: String, _ argv: [String]) throws -> Spawn.Result {
        try Spawn.run(["ip", "netns", "exec", namespace] + argv)
    }

    /// Starts a program in a namespace in the background, standard error into `log`.
    func start(in namespace: String, _ argv: [String], log: String) throws -> pid_t {
        let pid = try Spawn.background(["/usr/sbin/ip", "netns", "exec", namespace] + argv, stderrPath: log)
        children.append(pid)
        return pid
    }

    /// SIGTERM, then waits up to `timeout` seconds for the exit (SIGKILL after that);
    /// returns the exit status (128 + signal for a signal).
    @discardableResult
    func terminate(_ pid: pid_t, timeout: Double = 15) -> Int32 {
        children.removeAll { $0 == pid }
        kill(pid, SIGTERM)
        let deadline = Date().addingTimeInterval(timeout)
        var status: Int32 = 0
        while true {
            let r = waitpid(pid, &status, WNOHANG)
            if r == pid { break }
            if r < 0 && errno != EINTR { return -1 }
            if Date() > deadline {
                Spawn.killAndReap(pid)
                return -9
            }
            usleep(20_000)
        }
        return (status & 0x7F) == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
    }

    /// Whether a started child is still running.
    func isRunning(_ pid: pid_t) -> Bool {
        var status: Int32 = 0
        return waitpid(pid, &status, WNOHANG) == 0
    }

    /// The pet in a real terminal in `namespace`, its XDG folders and an empty pet.toml in
    /// `home` (made here; the caller removes it); `mdns` lets it look at the network.
    func startPet(in namespace: String, home: String, seed: Int, mdns: Bool) throws -> TmuxSession {
        for sub in ["/config/tachikoma", "/data", "/run"] {
            try FileManager.default.createDirectory(atPath: home + sub, withIntermediateDirectories: true)
        }
        try "".write(toFile: home + "/pet.toml", atomically: true, encoding: .utf8)
        let pet = try TmuxSession(
            command: ["/usr/sbin/ip", "netns", "exec", namespace, Products.path("tachikoma"), "--config", home + "/pet.toml", "--seed", String(seed)],
            width: 100, height: 30,
            environment: ["XDG_CONFIG_HOME": home + "/config", "XDG_DATA_HOME": home + "/data", "XDG_RUNTIME_DIR": home + "/run",
                          "HOME": home, "TACHIKOMA_MDNS": mdns ? "on" : "off"])
        try pet.waitUntil("the pet to draw", timeout: 20) { !$0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }
        return pet
    }

    /// Kills every child still running and deletes both namespaces.
    func remove() {
        for pid in children { Spawn.killAndReap(pid) }
        children = []
        removeNamespaces()
    }

    private func removeNamespaces() {
        _ = try? Spawn.run(["ip", "netns", "del", nameA])
        _ = try? Spawn.run(["ip", "netns", "del", nameB])
    }
}

/// Waits until `condition` holds, polling every 50 ms, or fails after `timeout` seconds.
func waitUntil(_ what: String, timeout: Double, _ condition: () throws -> Bool) throws {
    let deadline = Date().addingTimeInterval(timeout)
    while Date() < deadline {
        if try condition() { return }
        usleep(50_000)
    }
    throw NetworkNamespaces.Failure(description: "timed out after \(timeout) s waiting for \(what)")
}

/// The text of a file, empty when it does not exist yet.
func contents(_ path: String) -> String {
    (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
}
