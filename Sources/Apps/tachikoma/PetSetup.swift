import ChatCore
import PetApp
import PetCore

/// Wires the parts of the product into the pet runner: skins, tools, panels, chat.
enum PetSetup {
    /// The pet's runner with its panels (chat, translate) and every handler.
    static func makeRunner(config: PetConfig) -> PetRunner<PetPanels> {
        let screenshotDirectory = config.screenshotDirectory
        let translate = TranslateSetup.service(configPath: config.configPath)
        let look = PetLook(skin: config.skin, hue: config.hue)
        let chat = ChatSetup.make(configPath: config.configPath, look: look, gloss: translate.chatGloss,
                                  online: translate.chatOnline)
        let controller = chat.controller
        let runner = PetRunner(config: config, panels: PetPanels(chat: chat.panel)) { task, inbox in
            switch task {
            case .chat(let task): controller.perform(task, inbox: inbox)
            case .translate(let task): translate.start(task, inbox: inbox)
            }
        }
        TranslateSetup.onStart(runner, translate)
        let wordBook = WordBookSetup.register(runner, translate: translate)
        ChatSetup.onStart(runner, chat)
        runner.toolHandler = { effect, screen, inbox in
            switch effect {
            case .screenshot:
                ScreenshotSetup.save(screen, directory: screenshotDirectory, inbox: inbox)
            case .shareServer(let on):
                controller.share(on, inbox: inbox)
            case .sendVisit(let nick):
                controller.visit(nick)
            case .lookChanged(let skin, let hue):
                controller.changeLook(PetLook(skin: skin, hue: hue))
            case .quizWanted, .quizAnswered:
                WordBookSetup.handle(effect, service: wordBook, translate: translate, inbox: inbox)
            default:
                break
            }
        }
        return runner
    }
}
