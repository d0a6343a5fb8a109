#if canImport(Glibc)
import Glibc
#endif
import Foundation
import TerminalHarness

/// An Avahi daemon of the test's own in one namespace of `hosts`, on a private D-Bus system
/// bus, so `avahi-browse` can ask it. Nothing of the host is used or changed:
///
/// - `dbus-daemon` runs with a config file written into `directory` (type system, a unix
///   socket in `directory`, a policy that lets anyone own and call anything on this bus); the
///   host's system bus is never contacted (every client gets `DBUS_SYSTEM_BUS_ADDRESS`).
/// - `avahi-daemon` runs with `-f` a config written into `directory` (`allow-interfaces` = the
///   namespace's veth end, IPv4 only), `--no-drop-root --no-chroot --no-rlimits`, in a mount
///   namespace of its own where a fresh tmpfs covers `/run` (its compiled-in pid file
///   `/run/avahi-daemon/pid` lands there, never in the host's /run, and vanishes with it) and
///   `directory`/services is bound over `/etc/avahi/services` (its compiled-in static services
///   directory, which its config cannot move): the host's /etc/avahi/services stays as it is.
///
/// A machine without Avahi, or where the daemon cannot start, is a failure that says what is
/// missing, never a silent pass. `stop()` ends both daemons; `NetworkNamespaces.remove()` kills
/// whatever is left.
final class AvahiDaemon {
    let directory: String
    let namespace: String
    let busSocket: String
    let log: String
    private let hosts: NetworkNamespaces
    private var daemon: pid_t = 0
    private var bus: pid_t = 0

    static let avahiDaemon = "/usr/sbin/avahi-daemon"
    static let avahiBrowse = "/usr/bin/avahi-browse"
    static let dbusDaemon = "/usr/bin/dbus-daemon"

    /// Starts the bus and the daemon in `namespace` (Avahi on `interface`), with the given
    /// static service files (file name → `<service-group>` XML); returns once Avahi says
    /// "Server startup complete" and has established every static service.
    init(hosts: NetworkNamespaces, namespace: String, interface: String, directory: String, services: [String: String] = [:]) throws {
        self.hosts = hosts
        self.namespace = namespace
        self.directory = directory
        busSocket = directory + "/bus.socket"
        log = directory + "/avahi-daemon.log"
        let missing = [Self.avahiDaemon, Self.avahiBrowse, Self.dbusDaemon].filter { !FileManager.default.isExecutableFile(atPath: $0) }
        guard missing.isEmpty else {
            throw NetworkNamespaces.Failure(description: """
                this test needs Avahi and D-Bus (Debian's avahi-daemon, avahi-utils and dbus; \
                `make deps-test` installs them from scripts/test-packages.txt): missing \(missing.joined(separator: ", "))
                """)
        }
        let fm = FileManager.default
        try fm.createDirectory(atPath: directory + "/services", withIntermediateDirectories: true)
        for (name, xml) in services {
            try xml.write(toFile: directory + "/services/" + name, atomically: true, encoding: .utf8)
        }
        let busConfig = directory + "/bus.conf"
        try """
            <!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-BUS Bus Configuration 1.0//EN"
             "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
            <busconfig>
              <type>system</type>
              <listen>unix:path=\(busSocket)</listen>
              <auth>EXTERNAL</auth>
              <policy context="default">
                <allow user="*"/>
                <allow own="*"/>
                <allow send_destination="*"/>
                <allow receive_sender="*"/>
              </policy>
            </busconfig>
            """.write(toFile: busConfig, atomically: true, encoding: .utf8)
        let avahiConfig = directory + "/avahi-daemon.conf"
        try """
            [server]
            host-name=tk-avahi-b
            domain-name=local
            use-ipv4=yes
            use-ipv6=no
            allow-interfaces=\(interface)
            enable-dbus=yes
            [wide-area]
            enable-wide-area=no
            [publish]
            publish-hinfo=no
            publish-workstation=no
            [reflector]
            enable-reflector=no
            """.write(toFile: avahiConfig, atomically: true, encoding: .utf8)

        let busLog = directory + "/dbus-daemon.log"
        let bus = try hosts.start(in: namespace, [Self.dbusDaemon, "--config-file=\(busConfig)", "--nofork", "--nopidfile"], log: busLog)
        self.bus = bus
        do {
            try waitUntil("the private dbus-daemon to listen on \(busSocket)", timeout: 10) {
                guard hosts.isRunning(bus) else { throw NetworkNamespaces.Failure(description: "the private dbus-daemon exited") }
                return fm.fileExists(atPath: busSocket)
            }
        } catch {
            throw NetworkNamespaces.Failure(description: "\(error); dbus-daemon's log: \(contents(busLog))")
        }

        // $1 services directory, $2 bus socket, $3 avahi-daemon.conf. unshare: a mount namespace
        // of Avahi's own (private propagation), so neither mount is ever seen outside it.
        let script = """
            mount -t tmpfs -o mode=0755,size=1m tachikoma-avahi /run && \
            mount --bind "$1" /etc/avahi/services && \
            exec env DBUS_SYSTEM_BUS_ADDRESS="unix:path=$2" \(Self.avahiDaemon) -f "$3" \
            --no-drop-root --no-chroot --no-rlimits --no-proc-title --debug
            """
        let daemon = try hosts.start(in: namespace, ["unshare", "--mount", "--propagation", "private", "/bin/sh", "-c", script, "sh",
                                                       directory + "/services", busSocket, avahiConfig], log: log)
        self.daemon = daemon
        do {
            try waitUntil("avahi-daemon to start up in namespace \(namespace)", timeout: 20) {
                guard hosts.isRunning(daemon) else {
                    throw NetworkNamespaces.Failure(description: "avahi-daemon could not run in namespace \(namespace) (it exited)")
                }
                let text = contents(log)
                return text.contains("Server startup complete")
                    && text.components(separatedBy: "successfully established.").count - 1 >= services.count
            }
        } catch {
            throw NetworkNamespaces.Failure(description: "\(error); avahi-daemon's log: \(contents(log))")
        }
    }

    /// Runs an Avahi client (`avahi-browse`, `avahi-publish`…) in the namespace, on the private bus.
    func client(_ argv: [String]) throws -> Spawn.Result {
        try hosts.run(in: namespace, ["env", "DBUS_SYSTEM_BUS_ADDRESS=unix:path=\(busSocket)"] + argv)
    }

    /// `avahi-browse -r -t -p <type>`: what Avahi has resolved for the type right now.
    func browse(_ type: String) throws -> (services: [AvahiService], result: Spawn.Result) {
        let result = try client([Self.avahiBrowse, "-r", "-t", "-p", type])
        return (AvahiService.parse(result.stdout), result)
    }

    /// SIGTERM to the daemon (its goodbyes), then to the bus.
    func stop() {
        if daemon > 0 { hosts.terminate(daemon, timeout: 5) }
        if bus > 0 { hosts.terminate(bus, timeout: 5) }
        daemon = 0
        bus = 0
    }
}

/// One resolved line of `avahi-browse -p -r`:
/// `=;IFACE;PROTO;NAME;TYPE;DOMAIN;HOST;ADDRESS;PORT;"TXT" "TXT"…` (names escaped as
/// `avahi_escape_label` does: `\.`, `\\` and `\DDD` for other bytes; TXT strings quoted).
struct AvahiService: Equatable {
    var interface: String
    var proto: String
    var name: String
    var type: String
    var domain: String
    var host: String
    var address: String
    var port: Int
    /// The TXT strings, in Avahi's order.
    var txt: [String]

    static func parse(_ output: String) -> [AvahiService] {
        output.split(separator: "\n").compactMap { line in
            let fields = line.split(separator: ";", maxSplits: 9, omittingEmptySubsequences: false).map(String.init)
            guard fields.count == 10, fields[0] == "=", let port = Int(fields[8]) else { return nil }
            return AvahiService(interface: fields[1], proto: fields[2], name: unescape(fields[3]), type: unescape(fields[4]),
                                domain: unescape(fields[5]), host: unescape(fields[6]), address: fields[7], port: port,
                                txt: quotedStrings(fields[9]))
        }
    }

    /// Undoes `\DDD` (a decimal byte) and `\c` (the character itself).
    static func unescape(_ text: String) -> String {
        var bytes: [UInt8] = []
        let input = Array(text.utf8)
        var i = 0
        while i < input.count {
            if input[i] == UInt8(ascii: "\\"), i + 1 < input.count {
                let digits = input[(i + 1)..<min(i + 4, input.count)]
                if digits.count == 3, digits.allSatisfy({ $0 >= 48 && $0 <= 57 }),
                   let value = UInt8(String(decoding: digits, as: UTF8.self)) {
                    bytes.append(value)
                    i += 4
                } else {
                    bytes.append(input[i + 1])
                    i += 2
                }
            } else {
                bytes.append(input[i])
                i += 1
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The strings of `"a=b" "c"`, each unescaped.
    static func quotedStrings(_ text: String) -> [String] {
        var strings: [String] = []
        var current: String?
        var escaped = false
        for ch in text {
            if var open = current {
                if escaped {
                    open.append("\\")
                    open.append(ch)
                    escaped = false
                    current = open
                } else if ch == "\\" {
                    escaped = true
                } else if ch == "\"" {
                    strings.append(unescape(open))
                    current = nil
                } else {
                    open.append(ch)
                    current = open
                }
            } else if ch == "\"" {
                current = ""
            }
        }
        return strings
    }
}
