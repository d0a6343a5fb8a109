import ChatCore
import PetApp
import PetCore

/// Wires the parts of the product into the pet runner: skins, tools, chat.
enum PetSetup {
    static func configure(_ runner: PetRunner, options: PetOptions) {
        let screenshotDirectory = options.screenshotDirectory
        let translate = TranslateSetup.register(runner, configPath: options.configPath)
        let wordBook = WordBookSetup.register(runner, translate: translate)
        let look = PetLook(skin: options.skin, hue: options.hue)
        let chat = ChatSetup.register(runner, configPath: options.configPath, look: look, gloss: translate.chatGloss,
                                      online: translate.chatOnline)
        runner.toolHandler = { effect, screen, inbox in
            switch effect {
            case .screenshot:
                ScreenshotSetup.save(screen, directory: screenshotDirectory, inbox: inbox)
            case .shareServer(let on):
                chat.share(on, inbox: inbox)
            case .sendVisit(let nick):
                chat.visit(nick)
            case .lookChanged(let skin, let hue):
                chat.changeLook(PetLook(skin: skin, hue: hue))
            case .quizWanted, .quizAnswered:
                WordBookSetup.handle(effect, service: wordBook, translate: translate, inbox: inbox)
            default:
                break
            }
        }
    }
}
