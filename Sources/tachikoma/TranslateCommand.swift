import ArgumentParser

/// `tachikoma translate`: English → Chinese from the shell (issue 8).
struct TranslateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "translate",
        abstract: "Translate English words into Chinese."
    )

    func run() throws {
        throw ValidationError("translate is not built yet")
    }
}
