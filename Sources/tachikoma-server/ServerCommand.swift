import ArgumentParser

/// `tachikoma-server`: the Tachikoma IRC server (issue 5 fills this in).
@main
struct ServerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tachikoma-server",
        abstract: "The Tachikoma chat server (IRC with IRCv3).",
        version: "0.1.0"
    )

    func run() throws {
        throw ValidationError("the server is not built yet")
    }
}
