import ArgumentParser

/// `tachikoma`: the pet (the default subcommand) and its shell tools.
@main
struct Tachikoma: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tachikoma",
        abstract: "A terminal desktop pet that chats.",
        version: TachikomaVersion.string,
        subcommands: [PetCommand.self, ConvertCommand.self, TranslateCommand.self, WordsCommand.self, ServersCommand.self],
        defaultSubcommand: PetCommand.self
    )
}

/// The one version string both the pet and its subcommands report.
enum TachikomaVersion {
    static let string = "0.1.0"
}
