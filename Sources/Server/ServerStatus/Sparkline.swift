/// A one-line chart of recent values in eighth blocks (`▁▂▃▄▅▆▇█`), scaled to the largest
/// value shown; zero is drawn as the lowest bar so the line stays visible.
public enum Sparkline {
    static let blocks: [Character] = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]

    /// The last `width` values (fewer when there are fewer), one cell each.
    public static func render(_ values: [Double], width: Int) -> String {
        guard width > 0 else { return "" }
        let shown = values.suffix(width).map { $0.isFinite ? max(0, $0) : 0 }
        let top = shown.max() ?? 0
        return String(shown.map { v -> Character in
            guard top > 0 else { return blocks[0] }
            let i = Int((v / top * Double(blocks.count - 1)).rounded())
            return blocks[max(0, min(blocks.count - 1, i))]
        })
    }
}
