import ArgumentParser

/// `tachikoma convert`: art → frame files (issue 3).
struct ConvertCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "convert",
        abstract: "Convert PNG/GIF art into frame files."
    )

    func run() throws {
        throw ValidationError("convert is not built yet")
    }
}
