#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Translator
import TranslatorMmap

/// `tachikoma translate --batch` (hidden): one query per line of standard input, one TSV
/// line out (`query`, `word|phrase|gloss|notfound`, headword, translation with `\n`
/// escaped; for a gloss, its units as `source (base form): sense` joined by ` | `), and
/// timings on standard error: opening, the first lookup, the median and p99 of whole
/// translations (entry, base forms, pinyin), and the median of the bare entry search
/// (`entry median`). Used by scripts/bench-translate.sh, scripts/bench-gloss.sh and the
/// coverage check; not a user feature.
enum TranslateBatch {
    static func run(directory: String) throws {
        let clock = ContinuousClock()
        let t0 = clock.now
        let translator = try DictionaryLocation.openTranslator(directory: directory)
        let opened = clock.now - t0
        var durations: [Duration] = [], raw: [Duration] = []
        while let line = readLine() {
            let start = clock.now
            let result = try translator.translate(line)
            durations.append(clock.now - start)
            let rawStart = clock.now
            _ = try translator.index.entries(for: line)
            raw.append(clock.now - rawStart)
            print(line + "\t" + describe(result))
        }
        guard !durations.isEmpty else { return }
        let sorted = durations.sorted()
        func us(_ d: Duration) -> String {
            let v = Double(d.components.seconds) * 1e6 + Double(d.components.attoseconds) / 1e12
            return String(Int(v * 10) / 10) + "." + String(Int(v * 10) % 10)
        }
        var errors = StandardError()
        print("timing: open \(us(opened)) us, first lookup \(us(durations[0])) us, "
              + "median \(us(sorted[sorted.count / 2])) us, p99 \(us(sorted[sorted.count * 99 / 100])) us, "
              + "entry median \(us(raw.sorted()[raw.count / 2])) us, "
              + "lookups \(durations.count), \(memory())", to: &errors)
    }

    /// Resident memory split into anonymous (the program's own) and file-backed (index pages
    /// the kernel may drop at any time), from /proc/self/status.
    static func memory() -> String {
        guard let file = fopen("/proc/self/status", "r") else { return "memory unknown" }
        defer { fclose(file) }
        var fields: [String] = []
        var buffer = [CChar](repeating: 0, count: 256)
        while fgets(&buffer, Int32(buffer.count), file) != nil {
            let line = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            for key in ["VmHWM", "RssAnon", "RssFile"] where line.hasPrefix(key + ":") {
                let kb = line.dropFirst(key.count + 1).filter(\.isNumber)
                fields.append("\(key) \(kb) kB")
            }
        }
        return fields.joined(separator: ", ")
    }

    static func describe(_ result: Translation) -> String {
        func escape(_ s: String) -> String { s.replacingTabsAndNewlines() }
        switch result {
        case .empty: return "empty\t\t"
        case .notFound: return "notfound\t\t"
        case .gloss(let items):
            let units = items.map { item in
                item.source + (item.lemma.map { " (\($0))" } ?? "") + ": " + (item.sense ?? "—")
            }
            return "gloss\t\t" + escape(units.joined(separator: " | "))
        case .word(let l), .phrase(let l):
            let kind = if case .word = result { "word" } else { "phrase" }
            let entry = l.entry.entry.translation.isEmpty ? (l.baseForms.first?.entry.entry ?? l.entry.entry) : l.entry.entry
            return kind + "\t" + entry.headword + "\t" + escape(entry.translation)
        }
    }
}

extension String {
    fileprivate func replacingTabsAndNewlines() -> String {
        var out = ""
        for c in self {
            switch c {
            case "\n": out += "\\n"
            case "\t": out += " "
            default: out.append(c)
            }
        }
        return out
    }
}
