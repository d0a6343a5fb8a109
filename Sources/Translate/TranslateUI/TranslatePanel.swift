import LineEditing
import PetCore
import ScreenCore
import TerminalInput
import Translator

/// The pet's Translate dialog (英译中): an input line, the answer in a scrolling view, and
/// the recent lookups. Enter asks the handler for a `TranslateTask`; the handler posts the
/// offline answer at once and, when an online service is configured, a pending note and
/// then the service's answer (`TranslateMessage`). Pure: input and messages in, commands
/// and cells out.
public struct TranslatePanel: Panel {
    /// The title bar's text.
    public let title = "Translate 英译中"

    /// One lookup and what has come back for it so far.
    public struct Lookup: Equatable, Sendable {
        /// What the online service has said about a lookup.
        public enum Online: Hashable, Sendable {
            /// No service is configured (or it has not been asked yet).
            case none
            case pending(service: String)
            case answer(service: String, text: String)
            case failed(service: String, message: String)
        }

        /// The number the task carried; answers for other numbers are dropped.
        public var request: Int
        /// The text looked up (trimmed).
        public var query: String
        /// The dictionary's answer, once it came.
        public var offline: Translation?
        /// Why the dictionary could not answer, if it could not.
        public var dictionaryError: DictionaryError?
        /// The online service's state for this lookup.
        public var online: Online = .none
    }

    /// The input line.
    public internal(set) var editor: LineEditor
    /// Queries looked up lately, newest first.
    public internal(set) var recent = RecentLookups()
    /// The lookup shown (the latest one asked for).
    public internal(set) var lookup: Lookup?
    /// The first result line shown (after wrapping).
    public internal(set) var scroll = 0
    /// Which recent lookup Up/Down is showing in the input, while recalling.
    var recalling: Int?
    var nextRequest = 1
    /// The result view's lines before wrapping (see `refresh()`).
    var lines: [ResultLine] = []
    let wrapCache = WrapCache()
    /// What the handler reported at start: the dictionary's problem, if any.
    public internal(set) var dictionaryProblem: DictionaryError?
    /// The configured online service's name, if any.
    public internal(set) var onlineService: String?
    /// Why the configured online service cannot be used, if it cannot.
    public internal(set) var onlineProblem: String?

    /// An empty dialog; the input takes at most `inputLimit` characters (the translator
    /// reads no more).
    public init(inputLimit: Int = Translator.maxInputCharacters) {
        editor = LineEditor(limit: inputLimit)
        refresh()
    }

    // MARK: Input

    public mutating func handle(_ input: InputEvent, area: Rect, now: Double) -> [PanelCommand<TranslateTask>] {
        switch input {
        case .paste(let text):
            edit { $0.insert(text) }
        case .mouse(let m):
            return handleMouse(m, area: area)
        case .key(let key, let mods):
            return handleKey(key, mods, area: area)
        }
        return []
    }

    mutating func handleKey(_ key: Key, _ mods: Modifiers, area: Rect) -> [PanelCommand<TranslateTask>] {
        let page = max(1, Layout(area: area).results.height - 1)
        switch key {
        case .escape, .ctrl("c"):
            return [.close]
        case .enter:
            return submit(editor.text)
        case .up:
            if editor.isEmpty || recalling != nil { recallOlder() } else { scrollBy(-1, area: area) }
        case .down:
            if recalling != nil { recallNewer() } else { scrollBy(1, area: area) }
        case .ctrl("p"):
            recallOlder()
        case .ctrl("n"):
            recallNewer()
        case .pageUp:
            scrollBy(-page, area: area)
        case .pageDown:
            scrollBy(page, area: area)
        default:
            var changed = editor
            if changed.edit(key, mods) {
                // Recalling stops once the user changes the text (moving the cursor is no change).
                if changed.text != editor.text { recalling = nil }
                editor = changed
            }
        }
        return []
    }

    mutating func handleMouse(_ m: MouseEvent, area: Rect) -> [PanelCommand<TranslateTask>] {
        let layout = Layout(area: area)
        switch m.action {
        case .wheelUp:
            scrollBy(-3, area: area)
        case .wheelDown:
            scrollBy(3, area: area)
        case .press where m.button == .left:
            if m.y == layout.recent.y, let hit = recentSpans(layout.recent).first(where: { $0.x <= m.x && m.x < $0.x + $0.width }) {
                let query = recent[hit.index]
                editor.set(query)
                recalling = nil
                return submit(query)
            }
            if m.y == layout.input.y { placeCursor(atColumn: m.x - layout.inputText.x, width: layout.inputText.width) }
        default:
            break
        }
        return []
    }

    /// Applies an edit to the input; recalling stops once the user changes the text.
    mutating func edit(_ change: (inout LineEditor) -> Void) {
        change(&editor)
        recalling = nil
    }

    /// Asks for a lookup of `query` (nothing for a blank line).
    mutating func submit(_ query: String) -> [PanelCommand<TranslateTask>] {
        let trimmed = query.trimmingSpaces
        guard !trimmed.isEmpty else { return [] }
        let request = nextRequest
        nextRequest += 1
        lookup = Lookup(request: request, query: trimmed)
        recent.add(trimmed)
        recalling = nil
        editor.set(trimmed, selected: true)
        scroll = 0
        refresh()
        return [.task(TranslateTask(request: request, query: trimmed))]
    }

    mutating func recallOlder() {
        let next = (recalling ?? -1) + 1
        guard next < recent.count else { return }
        recalling = next
        editor.set(recent[next])
    }

    mutating func recallNewer() {
        guard let current = recalling else { return }
        if current == 0 {
            recalling = nil
            editor.clear()
        } else {
            recalling = current - 1
            editor.set(recent[current - 1])
        }
    }

    mutating func placeCursor(atColumn column: Int, width: Int) {
        let start = editor.window(width: width).start
        var x = 0
        var target = editor.characters.count
        for (i, c) in editor.characters.enumerated().dropFirst(start) {
            let w = max(1, DisplayWidth.of(c))
            if column < x + w { target = i; break }
            x += w
        }
        editor.moveCursor(to: target)
    }

    /// Moves the result view by `delta` lines, kept inside the content.
    mutating func scrollBy(_ delta: Int, area: Rect) {
        let layout = Layout(area: area)
        let total = wrappedContent(width: layout.results.width).count
        scroll = max(0, min(scroll + delta, total - layout.results.height))
    }

    // MARK: Results

    public mutating func receive(_ message: TranslateMessage, now: Double) -> [PanelCommand<TranslateTask>] {
        switch message {
        case .status(let dictionary, let online, let problem):
            dictionaryProblem = dictionary
            onlineService = online
            onlineProblem = problem
        case .offline(let request, let translation):
            update(request) {
                $0.offline = translation
                $0.dictionaryError = nil
            }
            if lookup?.request == request { dictionaryProblem = nil }
        case .dictionaryFailed(let request, let error):
            update(request) { $0.dictionaryError = error }
        case .onlinePending(let request, let service):
            update(request) { $0.online = .pending(service: service) }
        case .online(let request, let service, let text):
            update(request) { $0.online = .answer(service: service, text: text) }
        case .onlineFailed(let request, let service, let message):
            update(request) { $0.online = .failed(service: service, message: message) }
        }
        refresh()
        return []
    }

    /// Changes the shown lookup if `request` is it; answers to older lookups are dropped.
    mutating func update(_ request: Int, _ change: (inout Lookup) -> Void) {
        guard var current = lookup, current.request == request else { return }
        change(&current)
        lookup = current
    }

    public mutating func setOpen(_ open: Bool, now: Double) -> [PanelCommand<TranslateTask>] {
        if open {
            recalling = nil
            editor.selectAll()
        }
        return []
    }
}

extension String {
    /// Without leading and trailing spaces.
    var trimmingSpaces: String {
        var s = Substring(self)
        while s.first?.isWhitespace == true { s.removeFirst() }
        while s.last?.isWhitespace == true { s.removeLast() }
        return String(s)
    }
}
