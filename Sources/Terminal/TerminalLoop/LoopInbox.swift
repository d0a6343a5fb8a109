import CNcursesw
import NIOConcurrencyHelpers

/// The one way into a terminal loop from other threads: network tasks, tool results and
/// timers post events here; the loop's thread drains them when it wakes. Posting writes a
/// zero byte to the loop's wake pipe (where signals write their numbers), so the loop sleeps
/// in `poll` instead of checking.
///
/// The lock is NIO's (a pthread mutex), not `Synchronization.Mutex`: on Linux that one locks
/// with futex calls ThreadSanitizer does not see, so `make sanitize` reported every post and
/// drain as a race.
public final class LoopInbox<Event: Sendable>: Sendable {
    private let queue = NIOLockedValueBox<[Event]>([])
    private let wakeFD: Int32
    /// A cap on waiting events so a stalled loop cannot make memory grow without bound.
    static var capacity: Int { 10_000 }

    init(wakeFD: Int32) {
        self.wakeFD = wakeFD
    }

    /// Queues an event for the loop and wakes it (dropped when the queue is full).
    public func post(_ event: Event) {
        let accepted = queue.withLockedValue { q -> Bool in
            guard q.count < Self.capacity else { return false }
            q.append(event)
            return true
        }
        if accepted { tk_poke(wakeFD, 0) }
    }

    /// Takes every waiting event, oldest first.
    func drain() -> [Event] {
        queue.withLockedValue { q in
            defer { q.removeAll(keepingCapacity: true) }
            return q
        }
    }
}
