import ArgumentParser
import TachikomaVersion

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
