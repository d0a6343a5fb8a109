import PetApp
import PetCore

/// Wires the parts of the product into the pet runner: skins, tools, chat.
enum PetSetup {
    static func configure(_ runner: PetRunner, options: PetOptions) {
        let screenshotDirectory = options.screenshotDirectory
        TranslateSetup.register(runner)
        ChatSetup.register(runner)
        runner.toolHandler = { effect, screen, inbox in
            switch effect {
            case .screenshot:
                ScreenshotSetup.save(screen, directory: screenshotDirectory, inbox: inbox)
            case .openChat:
                inbox.post(.toast("Chat is not built yet — coming soon."))
            case .openTranslator:
                inbox.post(.toast("Translate: try `tachikoma translate WORD` in a shell; the dialog is coming."))
            default:
                break
            }
        }
    }
}
