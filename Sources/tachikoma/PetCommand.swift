import ArgumentParser

/// `tachikoma` with no subcommand: the full-screen pet.
struct PetCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pet",
        abstract: "Run the pet full screen (the default)."
    )

    func run() throws {
        print("pet placeholder")
    }
}
