import ArgumentParser
import Foundation
import MDNS
import MDNSNIO
import NIOCore
import NIOPosix
import ServerDiscovery

/// `tachikoma servers`: lists the IRC servers announced on the local network (mDNS/DNS-SD,
/// `_irc._tcp` and `_ircs-u._tcp`), one tab-separated line each, for scripts.
struct ServersCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "servers",
        abstract: "List the chat servers announced on the local network (mDNS).",
        discussion: """
            Asks the local network (every interface that is not loopback and can multicast)
            for _irc._tcp and _ircs-u._tcp services, listens for a few seconds, and prints one
            line per server, fields separated by tabs:

              NAME  ADDRESS:PORT  tls|plain  NETWORK  open|closed|-

            (the last field: whether accounts can be created). A server that listens with and
            without TLS is listed once for each. Exit status 1 when none is found.
            """
    )

    @Option(name: .long, help: ArgumentHelp("Seconds to listen.", valueName: "SECONDS"))
    var timeout: Double = 3

    func validate() throws {
        guard timeout.isFinite, timeout >= 0.2, timeout <= 600 else {
            throw ValidationError("--timeout must be a number of seconds from 0.2 to 600")
        }
    }

    func run() throws {
        let interfaces: [MulticastInterface]
        do {
            interfaces = try MulticastInterface.browsable()
        } catch {
            throw ServersError(description: "cannot list the network interfaces: \(error)")
        }
        guard !interfaces.isEmpty else {
            throw ServersError(description: "no network interface can multicast (only loopback?): nothing to ask")
        }
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        defer { try? group.syncShutdownGracefully() }
        let duration = Duration.milliseconds(Int64(timeout * 1000))
        let found: [DiscoveredService]
        do {
            found = try group.any().makeFutureWithTask {
                try await MDNSBrowse.browse(serviceTypes: IRCServiceTypes.all, interfaces: interfaces, duration: duration, group: group)
            }.wait()
        } catch {
            throw ServersError(description: "mDNS browse failed: \(error)")
        }
        let servers = DiscoveredServer.servers(from: found)
        for server in servers { print(server.scriptLine) }
        if servers.isEmpty {
            FileHandle.standardError.write(Data("tachikoma servers: no chat server announced on the local network\n".utf8))
            throw ExitCode(1)
        }
    }
}

/// A browse that could not run, said in one line.
struct ServersError: Error, CustomStringConvertible {
    let description: String
}
