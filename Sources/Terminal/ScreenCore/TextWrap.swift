/// Word wrapping by display width, correct for CJK and emoji (two columns each).
public enum TextWrap {
    /// Breaks `text` into lines of at most `width` columns. Breaks at spaces when it can;
    /// CJK text, which has no spaces, breaks between any two characters; a word longer than
    /// a line is cut. Explicit newlines are kept.
    public static func lines(_ text: String, width: Int) -> [String] {
        guard width > 0 else { return [] }
        var out: [String] = []
        for paragraph in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var line: [Character] = []
            var lineWidth = 0
            // Where the line may be broken: after a space, or on either side of a wide character.
            var breakAt: Int? = nil
            for ch in paragraph {
                let w = DisplayWidth.of(ch)
                if lineWidth + w > width, !line.isEmpty {
                    if ch == " " {
                        out.append(String(line))
                        line = []
                        lineWidth = 0
                        breakAt = nil
                        continue
                    }
                    let cut = (w == 2) ? line.count : (breakAt ?? line.count)
                    out.append(String(line[..<cut]))
                    line = Array(line[cut...])
                    while line.first == " " { line.removeFirst() }
                    lineWidth = line.reduce(0) { $0 + DisplayWidth.of($1) }
                    breakAt = nil
                }
                if w == 2 && !line.isEmpty { breakAt = line.count }
                line.append(ch)
                lineWidth += w
                if ch == " " || w == 2 { breakAt = line.count }
            }
            out.append(String(line))
        }
        return out.map { l in
            var l = l
            while l.last == " " { l.removeLast() }
            return l
        }
    }

    /// `text` cut to at most `width` columns, with an ellipsis when it was cut.
    public static func truncate(_ text: String, width: Int) -> String {
        guard width > 0 else { return "" }
        if DisplayWidth.of(text) <= width { return text }
        var out = ""
        var w = 0
        for ch in text {
            let cw = DisplayWidth.of(ch)
            if w + cw > width - 1 { break }
            out.append(ch)
            w += cw
        }
        return out + "…"
    }
}
