import ChatCore
import IRCProtocol
import PetCore
import ScreenCore

/// Translation inside the chat: `/tr` (or Alt-T) glosses the latest message of the active
/// buffer under it, a click on a message's time stamp glosses that message, and `/tr WORDS`
/// looks words up without leaving the chat. The lookup is the handler's (`ChatTask.gloss`,
/// the offline dictionary); the panel keeps what comes back and draws it dimmed.
extension ChatPanel {
    /// One answer of the dictionary, under the message it glosses (`anchor`) or, for
    /// `/tr WORDS`, at the end of the buffer.
    struct Gloss: Hashable {
        var anchor: GlossAnchor?
        var lines: [String]
    }

    /// Glosses kept per buffer (older ones go first).
    static let maxGlosses = 20
    /// Lines of one gloss shown at most.
    static let maxGlossLines = 6

    func glossKey(_ buffer: String) -> String {
        session?.caseMapping.fold(buffer) ?? buffer.lowercased()
    }

    mutating func addGloss(_ gloss: Gloss, to buffer: String) {
        let key = glossKey(buffer)
        var list = glosses[key, default: []]
        // A message glossed again shows the newer answer once.
        list.removeAll { $0.anchor != nil && $0.anchor == gloss.anchor }
        list.append(gloss)
        glosses[key] = Array(list.suffix(Self.maxGlosses))
    }

    /// The rows of the glosses anchored at `anchor` in the active buffer (nil: the ones
    /// that belong at the end), indented under the text and dimmed.
    func glossRows(anchor: GlossAnchor?, width: Int) -> [MessageRow] {
        guard let list = glosses[glossKey(active)], !list.isEmpty else { return [] }
        let indent = "      "
        let style = Style(fg: .palette(6), attributes: .dim)
        var rows: [MessageRow] = []
        for gloss in list where gloss.anchor == anchor {
            for (i, line) in gloss.lines.prefix(Self.maxGlossLines).enumerated() {
                let lead = i == 0 ? "⤷ " : "  "
                for part in TextWrap.lines(lead + line, width: max(1, width - indent.count)) {
                    rows.append(MessageRow(MessageFormat.Row(segments: [.init(indent + part, style)])))
                }
            }
        }
        return rows
    }

    /// Glosses the newest message of the active buffer that has words in it (someone
    /// else's first: one's own words are known).
    mutating func glossLatest() -> [PanelCommand<ChatTask>] {
        guard let s = session, let i = s.bufferIndex(active) else {
            status = "Nothing to translate here; /tr WORDS looks words up"
            return []
        }
        let lines = s.buffers[i].lines.filter { [.message, .action, .notice].contains($0.kind) }
        guard let line = lines.last(where: { !s.caseMapping.equal($0.sender, s.nick) }) ?? lines.last else {
            status = "No message to translate yet; /tr WORDS looks words up"
            return []
        }
        return gloss(line)
    }

    mutating func gloss(_ line: ChatLine) -> [PanelCommand<ChatTask>] {
        status = ""
        scroll[active] = 0
        return [.task(ChatTask.gloss(buffer: active, anchor: GlossAnchor(time: line.time, text: line.text),
                                     text: MessageFormat.strip(line.text)))]
    }

    /// A click in the message view: on the time stamp of a message's first row, gloss it.
    mutating func clickMessage(x: Int, y: Int, in r: Rect) -> [PanelCommand<ChatTask>] {
        let rows = messageRowsAndLines(width: r.width)
        let offset = min(scroll[active] ?? 0, max(0, rows.count - r.height))
        let end = rows.count - offset
        let start = max(0, end - r.height)
        let index = start + (y - (r.maxY - (end - start)))
        guard index >= start, index < end, x < 5, let line = rows[index].line,
              [.message, .action, .notice].contains(line.kind),
              index == 0 || rows[index - 1].line != line else { return [] }
        return gloss(line)
    }
}
