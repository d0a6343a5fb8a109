import PetApp
import PetCore
import ScreenCore
import Screenshot
import ScreenshotFiles
import TerminalLoop

/// The Screenshot tool: saves the screen the user sees (the menu already closed) as
/// .txt, .ans, .svg and .png, off the UI thread, and says where in a toast.
enum ScreenshotSetup {
    static func save(_ buffer: ScreenBuffer, directory: String?, inbox: PetInbox) {
        Task.detached {
            do {
                let paths = try ScreenshotSaver.save(buffer, directory: directory)
                let png = paths.first { $0.hasSuffix(".png") } ?? paths.first ?? "?"
                let others = paths.filter { $0 != png }.compactMap { $0.split(separator: ".").last.map { "." + $0 } }
                inbox.post(.toast("Screenshot saved: \(png)" + (others.isEmpty ? "" : " (and \(others.joined(separator: " ")))")))
            } catch {
                inbox.post(.toast("\(error)"))
            }
        }
    }
}
