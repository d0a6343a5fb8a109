import ScreenCore
import Translator

/// Where each part of the panel goes inside its area: title bar, input line, a rule, the
/// results, the recent lookups and a line of key help. Small areas drop the help line,
/// then the recent lookups, so the results keep some room.
struct Layout {
    let area: Rect
    let title: Rect
    let input: Rect
    /// The columns the input text scrolls in (after the prompt).
    let inputText: Rect
    let rule: Rect
    let results: Rect
    let recent: Rect
    let help: Rect

    init(area: Rect) {
        self.area = area
        func row(_ y: Int, _ show: Bool = true) -> Rect {
            show && y < area.maxY ? Rect(x: area.x, y: y, width: area.width, height: 1) : Rect(x: area.x, y: area.maxY, width: 0, height: 0)
        }
        title = row(area.y)
        input = row(area.y + 1)
        inputText = Rect(x: area.x + 3, y: input.y, width: input.width - 4, height: input.height)
        rule = row(area.y + 2)
        help = row(area.maxY - 1, area.height >= 7)
        recent = row(area.maxY - (help.isEmpty ? 1 : 2), area.height >= 6)
        let bottom = !recent.isEmpty ? recent.y : area.maxY
        results = Rect(x: area.x + 1, y: area.y + 3, width: area.width - 2, height: bottom - (area.y + 3))
    }
}

extension TranslatePanel {
    /// Everything the result view shows, before wrapping; kept in `lines`, rebuilt by
    /// `refresh()` after each change.
    func content() -> [ResultLine] {
        guard let lookup else { return intro() }
        var out: [ResultLine] = []
        var onlineAnswered = false
        switch lookup.online {
        case .none:
            break
        case .pending(let service):
            out.append(ResultLine("⋯ asking \(service) online…", .pending))
        case .answer(let service, let text):
            onlineAnswered = true
            out.append(ResultLine("── online: \(service) ──", .section))
            out += text.split(separator: "\n", omittingEmptySubsequences: false).map { ResultLine(String($0), .body) }
            out.append(ResultLine("", .body))
        case .failed(let service, let message):
            // A configuration problem already says "online translation is misconfigured".
            let text = service == TranslateMessage.configService ? message : "online translation failed: \(message)"
            out.append(ResultLine("✗ " + text, .problem))
        }
        if let error = lookup.dictionaryError {
            out += problemLines(error)
        } else if let offline = lookup.offline {
            if onlineAnswered, case .gloss = offline {
                // The word-by-word gloss was only a stand-in for a translation.
                out.append(ResultLine("(it replaces the offline 逐词释义 gloss)", .note))
            } else {
                if onlineAnswered { out.append(ResultLine("── offline: ECDICT ──", .section)) }
                out += ResultLine.lines(for: offline)
            }
        } else {
            out.append(ResultLine("Looking up “\(lookup.query)”…", .pending))
        }
        return out
    }

    /// What the view shows before the first lookup.
    func intro() -> [ResultLine] {
        var out: [ResultLine] = []
        if let dictionaryProblem {
            out += problemLines(dictionaryProblem)
            out.append(ResultLine("", .note))
        }
        out += [
            ResultLine("Type English — a word, a phrase or a sentence — and press Enter.", .note),
            ResultLine("Words show their ECDICT entry with pinyin and base form (kept → keep);", .note),
            ResultLine("sentences get a word-by-word gloss (逐词释义), not a translation.", .note),
        ]
        if let onlineProblem {
            out.append(ResultLine("Online translation is off: \(onlineProblem)", .problem))
        } else if let onlineService {
            out.append(ResultLine("Online: \(onlineService) answers after the dictionary.", .note))
        }
        out += [
            ResultLine("", .note),
            ResultLine("Data: ECDICT (MIT, © Linwei), CMUdict (BSD, © CMU), pypinyin (MIT, © mozillazg);"
                       + " licences: tachikoma translate --license, LICENSES/.", .note),
        ]
        return out
    }

    /// A dictionary problem, with the command that fixes it.
    func problemLines(_ error: DictionaryError) -> [ResultLine] {
        switch error {
        case .notInstalled:
            var out = [
                ResultLine("The offline dictionary is not installed.", .problem),
                ResultLine("Install it from the Tachikoma source folder:", .problem),
                ResultLine("  \(DictionaryError.installCommand)", .problem),
                ResultLine("  (or: make run)", .note),
            ]
            if onlineService != nil { out.append(ResultLine("Online answers still work.", .note)) }
            return out
        default:
            return error.description.split(separator: "\n").map { ResultLine(String($0), .problem) }
        }
    }

    /// The content wrapped to `width` columns (remembered between frames).
    func wrappedContent(width: Int) -> [ResultLine] {
        wrapCache.wrapped(lines, width: width)
    }

    /// Rebuilds `lines` from the state.
    mutating func refresh() {
        lines = content()
    }

    /// The first line shown for a view `height` lines high (the scroll kept in range, so
    /// a resize never leaves the view past the end).
    func visibleStart(total: Int, height: Int) -> Int {
        max(0, min(scroll, total - height))
    }

    /// Where each recent lookup is drawn on the recent row: its index, column and width.
    func recentSpans(_ row: Rect) -> [(index: Int, x: Int, width: Int)] {
        var spans: [(index: Int, x: Int, width: Int)] = []
        var x = row.x + 1 + DisplayWidth.of(Self.recentLabel)
        for i in 0..<recent.count {
            let text = TextWrap.truncate(recent[i], width: 24)
            let w = DisplayWidth.of(text)
            if x + w > row.maxX - 1 { break }
            spans.append((i, x, w))
            x += w + DisplayWidth.of(Self.recentSeparator)
        }
        return spans
    }

    static let recentLabel = "Recent: "
    static let recentSeparator = " · "
}
