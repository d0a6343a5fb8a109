import CNcursesw
import PetCore
import Synchronization

/// The one way into the UI loop from other threads: network tasks, tool results and timers
/// post events here; the UI thread drains them when it wakes. Posting writes a byte to the
/// loop's wake pipe, so the loop sleeps in `poll` instead of checking.
public final class Inbox<Panels: PanelSet>: Sendable {
    private let queue = Mutex<[AppEvent<Panels>]>([])
    private let wakeFD: Int32
    /// A cap on waiting events so a stalled UI cannot make memory grow without bound.
    static var capacity: Int { 10_000 }

    init(wakeFD: Int32) {
        self.wakeFD = wakeFD
    }

    /// Queues an event for the UI loop and wakes it.
    public func post(_ event: AppEvent<Panels>) {
        let accepted = queue.withLock { q -> Bool in
            guard q.count < Self.capacity else { return false }
            q.append(event)
            return true
        }
        if accepted { tk_poke(wakeFD, 0) }
    }

    /// Takes every waiting event, oldest first.
    func drain() -> [AppEvent<Panels>] {
        queue.withLock { q in
            defer { q.removeAll(keepingCapacity: true) }
            return q
        }
    }
}
