import NIOConcurrencyHelpers

/// Remembers the last wrapping of the result lines, so that drawing the panel at the
/// pet's frame rate does not re-wrap a long answer every frame (a 4,000-character gloss
/// is ~700 lines). A reference inside the panel value: copies of the panel share it,
/// which is harmless because an entry is used only for the very same lines and width.
final class WrapCache: Sendable {
    private struct Entry {
        var lines: [ResultLine]
        var width: Int
        var wrapped: [ResultLine]
    }

    private let entry = NIOLockedValueBox<Entry?>(nil)  // a pthread lock, visible to ThreadSanitizer

    /// `lines` wrapped to `width`, from the cache when they were wrapped last.
    func wrapped(_ lines: [ResultLine], width: Int) -> [ResultLine] {
        if let hit = entry.withLockedValue({ e -> [ResultLine]? in
            guard let e, e.width == width, e.lines == lines else { return nil }
            return e.wrapped
        }) {
            return hit
        }
        let wrapped = lines.flatMap { $0.wrapped(width: width) }
        entry.withLockedValue { $0 = Entry(lines: lines, width: width, wrapped: wrapped) }
        return wrapped
    }
}
