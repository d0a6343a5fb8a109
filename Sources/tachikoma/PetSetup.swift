import PetApp
import PetCore

/// Wires the parts of the product into the pet runner: skins, tools, chat.
enum PetSetup {
    static func configure(_ runner: PetRunner) {
        runner.skinNames = { ["builtin"] }
    }
}
